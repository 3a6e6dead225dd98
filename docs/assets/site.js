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
