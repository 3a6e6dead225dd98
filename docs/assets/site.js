// Copy buttons for clause wordings (buttons stay hidden without JavaScript).
function activerCopie() {
  document.querySelectorAll("button.bouton-copier[data-copie]").forEach(function (bouton) {
    if (bouton.dataset.pret) return;
    bouton.dataset.pret = "1";
    bouton.hidden = false;
    var libelle = bouton.textContent;
    bouton.addEventListener("click", function () {
      var texte = bouton.getAttribute("data-copie");
      var fini = function () {
        bouton.textContent = "Clause copiée";
        setTimeout(function () { bouton.textContent = libelle; }, 2000);
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(texte).then(fini, fini);
      } else {
        var zone = document.createElement("textarea");
        zone.value = texte;
        zone.setAttribute("readonly", "");
        zone.style.position = "absolute";
        zone.style.left = "-9999px";
        document.body.appendChild(zone);
        zone.select();
        document.execCommand("copy");
        document.body.removeChild(zone);
        fini();
      }
    });
  });
}
if (typeof document$ !== "undefined") { document$.subscribe(activerCopie); } else { document.addEventListener("DOMContentLoaded", activerCopie); }

// Filters: selects match data-* attributes (space-separated lists), the text field matches the visible text.
function plier(texte) {
  return texte.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}
function activerFiltres() {
  document.querySelectorAll("form.filtres[data-cible]").forEach(function (form) {
    if (form.dataset.pret) return;
    form.dataset.pret = "1";
    form.hidden = false;
    var items = Array.prototype.slice.call(document.querySelectorAll(form.dataset.cible));
    var compte = form.querySelector(".compte-resultats");
    var appliquer = function () {
      var choix = {};
      form.querySelectorAll("select[data-filtre]").forEach(function (s) { if (s.value) choix[s.dataset.filtre] = s.value; });
      var champ = form.querySelector("input[data-filtre=texte]");
      var mots = champ ? plier(champ.value).split(/\s+/).filter(Boolean) : [];
      var n = 0;
      items.forEach(function (item) {
        var ok = Object.keys(choix).every(function (cle) {
          return (item.getAttribute("data-" + cle) || "").split(" ").indexOf(choix[cle]) !== -1;
        });
        if (ok && mots.length) {
          var texte = plier(item.textContent);
          ok = mots.every(function (m) { return texte.indexOf(m) !== -1; });
        }
        item.hidden = !ok;
        if (ok) n += 1;
      });
      compte.textContent = n + (n > 1 ? " résultats" : " résultat") + " sur " + items.length;
      masquerGroupesVides();
    };
    form.addEventListener("input", appliquer);
    form.addEventListener("change", appliquer);
    form.addEventListener("reset", function () { setTimeout(appliquer, 0); });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    appliquer();
  });
}
if (typeof document$ !== "undefined") { document$.subscribe(activerFiltres); } else { document.addEventListener("DOMContentLoaded", activerFiltres); }

// Addresses published before each entry had its page (page/#<id>) lead to the entry's page.
(function () {
  var id = decodeURIComponent(window.location.hash.slice(1));
  if (!id) return;
  var item = document.getElementById(id);
  var page = item && item.getAttribute("data-page");
  if (page) window.location.replace(page);
})();

// Headings whose whole group is filtered out are hidden too: no empty heading.
function masquerGroupesVides() {
  document.querySelectorAll(".groupe").forEach(function (groupe) {
    var visible = Array.prototype.some.call(groupe.children, function (e) { return !e.hidden; });
    groupe.hidden = !visible;
    var titre = groupe.previousElementSibling;
    if (titre && /^H[2-4]$/.test(titre.tagName)) titre.hidden = !visible;
  });
}
