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
        bouton.textContent = bouton.getAttribute("data-copie-fait") || "Clause copiée";
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
// Calendar subscription: from the link to echeancier.ics (data-calendrier), its absolute address, a webcal: link that
// opens it in a calendar application, and a button that copies the address (for « add a calendar from an address »).
function activerAbonnement() {
  document.querySelectorAll("a[data-calendrier]").forEach(function (lien) {
    if (lien.dataset.pret) return;
    lien.dataset.pret = "1";
    var adresse = new URL(lien.getAttribute("href"), location.href);
    var bloc = document.createElement("p");
    bloc.className = "abonnement-agenda";
    var webcal = document.createElement("a");
    webcal.href = "webcal://" + adresse.host + adresse.pathname;
    webcal.textContent = "Ouvrir le calendrier dans votre agenda (webcal)";
    var bouton = document.createElement("button");
    bouton.type = "button";
    bouton.className = "md-button bouton-copier";
    bouton.hidden = true;
    bouton.setAttribute("data-copie", adresse.href);
    bouton.setAttribute("data-copie-fait", "Adresse copiée");
    bouton.textContent = "Copier l'adresse du calendrier";
    bloc.append(webcal, " ", bouton);
    lien.closest("p").after(bloc);
  });
}
// The search engine (Pagefind, about 120 KB, no index) fetched ahead once the visitor starts using the header's search
// field: the search page that the form opens then finds it in the browser's cache. Not pagefind-entry.json: Pagefind
// asks for it with a new « ?ts= » each time, never from the cache.
var MOTEUR = ["pagefind.js", "wasm.fr.pagefind"];
function activerPrechargement() {
  var champ = document.getElementById("entete-recherche-q");
  if (!champ || champ.dataset.pret) return;
  champ.dataset.pret = "1";
  var precharger = function () {
    champ.removeEventListener("pointerdown", precharger);
    champ.removeEventListener("keydown", precharger);
    MOTEUR.forEach(function (nom) {
      var lien = document.createElement("link");
      lien.rel = "prefetch";
      lien.crossOrigin = "anonymous";  // as the search page asks for them (import, fetch): the same cache entry
      lien.href = new URL("../pagefind/" + nom, champ.form.action).href;
      document.head.appendChild(lien);
    });
  };
  champ.addEventListener("pointerdown", precharger);
  champ.addEventListener("keydown", precharger);
}

function activerPage() { activerAbonnement(); activerCopie(); activerPrechargement(); }
if (typeof document$ !== "undefined") { document$.subscribe(activerPage); } else { document.addEventListener("DOMContentLoaded", activerPage); }

// Filters: selects match data-* attributes (space-separated lists), the text field matches the visible text.
// Each control is named after its address parameter: opening an address restores its filters, and every change
// is written back to the address (history.replaceState, no reload), so a filtered view can be shared. Each
// option states how many entries choosing it would show, given the other filters; the count (a live region,
// outside the form) states how many entries are shown.
function plier(texte) {
  return texte.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}
function nombreFr(n) {
  return n.toLocaleString("fr-FR");
}
function activerFiltres() {
  document.querySelectorAll("form.filtres[data-cible]").forEach(function (form) {
    if (form.dataset.pret) return;
    form.dataset.pret = "1";
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filtre]"));
    var champ = form.querySelector("input[data-filtre=texte]");
    var controles = champ ? selects.concat([champ]) : selects;
    var compte = document.getElementById(form.dataset.compte);
    var items = Array.prototype.map.call(document.querySelectorAll(form.dataset.cible), function (el) {
      var valeurs = {};
      selects.forEach(function (s) {
        valeurs[s.dataset.filtre] = (el.getAttribute("data-" + s.dataset.filtre) || "").split(" ").filter(Boolean);
      });
      return { el: el, texte: plier(el.textContent), valeurs: valeurs };
    });
    selects.forEach(function (s) {
      Array.prototype.forEach.call(s.options, function (o) { o.dataset.libelle = o.textContent; });
    });
    var params = new URLSearchParams(window.location.search);
    selects.forEach(function (s) {
      var v = params.get(s.name);
      if (v && Array.prototype.some.call(s.options, function (o) { return o.value === v; })) s.value = v;
    });
    if (champ && params.get(champ.name)) champ.value = params.get(champ.name);
    form.hidden = false;

    var garde = function (parMots, sauf) {
      return parMots.filter(function (item) {
        return selects.every(function (s) {
          return s === sauf || !s.value || item.valeurs[s.dataset.filtre].indexOf(s.value) !== -1;
        });
      });
    };
    var ecrireAdresse = function () {
      var adresse = new URL(window.location.href);
      controles.forEach(function (c) { adresse.searchParams.delete(c.name); });
      controles.forEach(function (c) {  // in the order of the form, after any other parameter
        var v = c.value.trim();
        if (v) adresse.searchParams.append(c.name, v);
      });
      var cible = adresse.pathname + adresse.search.replace(/%2F/gi, "/") + adresse.hash;
      if (cible !== window.location.pathname + window.location.search + window.location.hash) {
        history.replaceState(history.state, "", cible);
      }
    };
    var appliquer = function () {
      var mots = champ ? plier(champ.value).split(/\s+/).filter(Boolean) : [];
      var parMots = items.filter(function (item) {
        return mots.every(function (m) { return item.texte.indexOf(m) !== -1; });
      });
      selects.forEach(function (s) {
        var possibles = garde(parMots, s);
        var parValeur = {};
        possibles.forEach(function (item) {
          item.valeurs[s.dataset.filtre].forEach(function (v) { parValeur[v] = (parValeur[v] || 0) + 1; });
        });
        Array.prototype.forEach.call(s.options, function (o) {
          var n = o.value ? (parValeur[o.value] || 0) : possibles.length;
          o.textContent = o.dataset.libelle + " (" + nombreFr(n) + ")";
        });
      });
      var visibles = garde(parMots, null);
      items.forEach(function (item) { item.garde = false; });
      visibles.forEach(function (item) { item.garde = true; });
      items.forEach(function (item) { if (item.el.hidden === item.garde) item.el.hidden = !item.garde; });
      var n = visibles.length;
      var filtre = mots.length || selects.some(function (s) { return s.value; });
      if (!filtre) {
        compte.textContent = nombreFr(n) + " " + (n > 1 ? compte.dataset.pluriel : compte.dataset.singulier);
      } else {
        compte.textContent = nombreFr(n) + (n > 1 ? " résultats" : " résultat") + " sur " + nombreFr(items.length)
          + (n ? "" : "\u00a0: modifiez ou réinitialisez les filtres.");
      }
      masquerGroupesVides();
      ecrireAdresse();
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
  var link = item && item.hasAttribute("data-redirige") && item.querySelector("a[href]");
  if (link) window.location.replace(link.href);
})();

// Headings whose whole group is filtered out are hidden too: no empty heading.
function masquerGroupesVides() {
  document.querySelectorAll(".groupe").forEach(function (groupe) {
    var visible = Array.prototype.some.call(groupe.children, function (e) { return !e.hidden; });
    groupe.hidden = !visible;
    var titre = groupe.previousElementSibling;
    if (titre && /^H[2-4]$/.test(titre.tagName)) {
      titre.hidden = !visible;
      // its entry in the table of contents too
      if (titre.id) {
        document.querySelectorAll('.md-nav--secondary a[href="#' + titre.id + '"]').forEach(function (lien) {
          lien.parentElement.hidden = !visible;
        });
      }
    }
  });
}
