/* « Préparer mon marché » : filtre, pour les réponses de l'acheteur, les obligations en vigueur et les clauses
   de la bibliothèque (données de data/ dans la page). Même règle que macros/obligations.py (applies_to_case). */
(function () {
  "use strict";
  var source = document.getElementById("donnees-preparer");
  var form = document.getElementById("preparer");
  if (!source || !form) return;
  var DATA = JSON.parse(source.textContent);
  // addresses in DATA start at the site's root, which is two levels above this script (assets/preparer.js)
  var script = document.querySelector('script[src$="assets/preparer.js"]');
  var ROOT = new URL("../", script ? script.src : location.href);
  function at(path) { return new URL(path, ROOT).href; }
  var out = document.getElementById("resultat-preparer");
  var FIELDS = ["famille", "categorie", "nature", "acheteur", "restauration"];

  function esc(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function answers() {
    var a = {};
    FIELDS.forEach(function (name) { a[name] = form.elements[name].value; });
    return a;
  }
  function applies(o, a) {
    if (a.categorie && o.categorie) {
      if (o.id !== a.categorie) return false;
    } else if (!(o.familles.indexOf(a.famille) >= 0 || (o.familles.indexOf("transversal") >= 0 && o.forme === "exigence"))) {
      return false;
    }
    if (o.natures.indexOf(a.nature) < 0) return false;
    if (o.acheteurs.length && o.acheteurs.indexOf(a.acheteur) < 0) return false;
    return !o.restauration || (DATA.couvre[a.restauration] || []).indexOf(o.restauration) >= 0;
  }
  function mark(clause, found) {
    var direct = found.filter(function (o) { return o.clauses.indexOf(clause.id) >= 0; });
    if (direct.length) return { rang: 0, html: '<span class="marque marque-obligatoire">obligatoire</span> <span class="source">(' +
      direct.map(function (o) { return esc(o.article); }).join(" ; ") + ")</span>" };
    var step = found.filter(function (o) { return o.etapes.indexOf(clause.etape) >= 0; });
    if (step.length) return { rang: 1, html: '<span class="marque marque-obligatoire">obligatoire : une clause au choix de cette étape</span> ' +
      '<span class="source">(' + step.map(function (o) { return esc(o.article); }).join(" ; ") + ")</span>" };
    return { rang: 2, html: '<span class="marque marque-recommande">recommandé</span>' };
  }
  function render(event) {
    if (event) event.preventDefault();
    var a = answers();
    var found = DATA.obligations.filter(function (o) { return applies(o, a); });
    var html = '<h2 id="vos-obligations">Vos obligations (' + found.length + ")</h2>";
    html += found.length ? '<ul class="obligations-legales">' + found.map(function (o) {
      return '<li data-obligation="' + esc(o.id) + '"><p><strong>' + esc(o.titre) +
        "</strong> — depuis le " + esc(o.depuis) + '</p><p class="base-legale">Base légale : ' + esc(o.article) + "</p><p>" +
        esc(o.resume) + "</p>" + (o.exceptions ? '<p class="exceptions">Exceptions : ' + esc(o.exceptions) + "</p>" : "") + "</li>";
    }).join("") + "</ul>" : "<p>Aucune obligation recensée pour ce cas : les clauses ci-dessous sont recommandées.</p>";
    var clauses = DATA.clauses.filter(function (c) {
      return c.familles.indexOf(a.famille) >= 0 || c.familles.indexOf("transversal") >= 0;
    });
    html += '<h2 id="vos-clauses">Vos clauses, pièce par pièce</h2>';
    Object.keys(DATA.documents).forEach(function (doc) {
      var items = clauses.filter(function (c) { return c.document === doc; }).map(function (c) {
        return { clause: c, mark: mark(c, found) };
      }).sort(function (x, y) { return x.mark.rang - y.mark.rang; });
      if (!items.length) return;
      html += '<h3 data-document="' + esc(doc) + '">' + esc(DATA.documents[doc]) + " (" + items.length + ")</h3><ul class=\"clauses-piece\">" +
        items.map(function (i) {
          var files = i.clause.fichiers ? ' · <a href="' + esc(at(i.clause.fichiers.odt)) + '" download>.odt</a> · <a href="' +
            esc(at(i.clause.fichiers.docx)) + '" download>.docx</a>' : "";
          return '<li data-clause="' + esc(i.clause.id) + '" data-rang="' + i.mark.rang + '">' + i.mark.html + ' <a href="' +
            esc(at(i.clause.adresse)) + '">' + esc(i.clause.titre) + "</a> <span class=\"etape\">(" + esc(DATA.etapes[i.clause.etape]) + ")</span>" +
            files + "</li>";
        }).join("") + "</ul>";
    });
    html += '<p class="resultat-actions"><button type="button" class="md-button" data-action="imprimer">Imprimer</button></p>';
    out.innerHTML = '<p class="resume-resultat">' + found.length + (found.length > 1 ? " obligations" : " obligation") +
      " pour ce marché (" + esc(DATA.familles[a.famille]) + ").</p>" + html;
    var params = new URLSearchParams();
    FIELDS.forEach(function (name) { if (a[name]) params.set(name, a[name]); });
    history.replaceState(null, "", location.pathname + "?" + params.toString());
  }

  form.hidden = false;
  form.addEventListener("submit", render);
  out.addEventListener("click", function (event) {
    if (event.target.closest('[data-action="imprimer"]')) window.print();
  });
  var params = new URLSearchParams(location.search), restored = false;
  FIELDS.forEach(function (name) {
    var value = params.get(name), select = form.elements[name];
    if (value !== null && Array.prototype.some.call(select.options, function (o) { return o.value === value; })) {
      select.value = value;
      restored = true;
    }
  });
  if (restored) render();
})();
