/* Calculateur AGEC art. 58 et EGALIM : tout se calcule dans le navigateur, à partir des taux de data/obligations
   (JSON dans la page). Montants en centimes, parts en dixièmes de point, moitiés arrondies vers le haut :
   le même calcul que macros/calculator.py, que les tests comparent. */
(function () {
  "use strict";
  var source = document.getElementById("donnees-calculateur");
  if (!source) return;
  var DATA = JSON.parse(source.textContent);
  var INDICATEURS = DATA.indicateurs;
  var euros = new Intl.NumberFormat("fr-FR", { style: "currency", currency: "EUR" });
  var nombre = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 1 });

  function money(cents) { return euros.format(cents / 100); }
  function pct(value) { return nombre.format(value) + "\u00a0%"; }
  function tenths(t) { return nombre.format(t / 10) + "\u00a0%"; }
  function roundHalfUp(num, den) { return Math.floor((2 * num + den) / (2 * den)); }
  function minimum(totalCents, rate) { return roundHalfUp(totalCents * Math.round(rate * 10), 1000); }
  function esc(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  /* « 12 500,50 », « 12500.5 » → 1250050 centimes ; "" → null ; sinon un message */
  function parseAmount(raw) {
    var text = raw.replace(/[\s\u00a0\u202f]/g, "");
    if (text === "") return { cents: null };
    if (/^-/.test(text)) return { error: "Le montant ne peut pas être négatif." };
    var m = /^(\d{1,12})(?:[.,](\d{1,2}))?$/.exec(text);
    if (!m) return { error: "Saisissez un montant en euros, en chiffres, par exemple 12 500,50." };
    return { cents: parseInt(m[1], 10) * 100 + parseInt(((m[2] || "") + "00").slice(0, 2), 10) };
  }

  // a share the buyer types (read in the official annex): 0 to 100, a tenth at most
  function parsePercent(raw) {
    var text = raw.replace(/[\s\u00a0\u202f%]/g, "");
    if (text === "") return { value: null };
    var m = /^(\d{1,3})(?:[.,](\d))?$/.exec(text);
    if (!m || parseFloat(m[1] + "." + (m[2] || "0")) > 100) {
      return { error: "Saisissez une part entre 0 et 100, avec au plus un chiffre après la virgule, par exemple 20 ou 12,5." };
    }
    return { value: parseFloat(m[1] + "." + (m[2] || "0")) };
  }

  function rowsFor(entry, indicator, scope) {
    var rows = entry.taux.filter(function (r) { return r.indicateur === indicator; });
    var own = rows.filter(function (r) { return (r.champ || null) === (scope || null); });
    if (own.length || !scope) return own;
    return rows.filter(function (r) { return !r.champ; });
  }
  function rate(entry, indicator, year, scope) {
    var best = null;
    rowsFor(entry, indicator, scope).forEach(function (r) {
      if (r.annee <= year && (!best || r.annee > best.annee)) best = r;
    });
    return best;
  }
  var DOUBT = ' <span class="a-verifier">à vérifier</span>';

  function setError(input, message) {
    var box = document.getElementById(input.id + "-erreur");
    input.setAttribute("aria-invalid", message ? "true" : "false");
    if (box) { box.textContent = message || ""; box.hidden = !message; }
  }
  function read(form, id, errors) {
    var input = form.querySelector("#" + id);
    var parsed = parseAmount(input.value);
    setError(input, parsed.error);
    if (parsed.error) errors.push(input);
    return parsed.cents;
  }
  function notAbove(form, id, value, limit, limitLabel, errors) {
    if (value !== null && limit !== null && value > limit) {
      var input = form.querySelector("#" + id);
      setError(input, "Ne peut dépasser " + limitLabel + " (" + money(limit) + ").");
      errors.push(input);
    }
  }
  function failed(form, out, errors) {
    out.innerHTML = '<p class="erreur-resume">' + errors.length + (errors.length > 1 ? " champs à corriger" : " champ à corriger") +
      " : aucun calcul n'est fait tant que la saisie n'est pas valide.</p>";
    var details = errors[0].closest("details");
    if (details) details.open = true;
    errors[0].focus();
  }
  function shareUrl() {
    var params = new URLSearchParams();
    document.querySelectorAll("form.calculateur input, form.calculateur select").forEach(function (el) {
      if (el.value) params.set(el.name, el.value);
    });
    var url = location.pathname + (params.toString() ? "?" + params.toString() : "") + location.hash;
    history.replaceState(null, "", url);
    return location.href;
  }
  function download(name, text) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob(["\ufeff" + text], { type: "text/csv;charset=utf-8" }));
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
  }
  function csvCell(value, sep) {
    var text = String(value === null || value === undefined ? "" : value);
    return new RegExp('["\\n' + sep + ']').test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }
  function csv(rows, sep) {
    return rows.map(function (r) { return r.map(function (c) { return csvCell(c, sep); }).join(sep); }).join("\r\n") + "\r\n";
  }
  function decimal(cents, comma) {
    var text = (cents / 100).toFixed(2);
    return comma ? text.replace(".", ",") : text;
  }
  function actions(kind, extra) {
    return '<p class="resultat-actions"><button type="button" class="md-button" data-action="csv-' + kind +
      '">Télécharger les résultats (CSV)</button> ' + (extra || "") +
      '<button type="button" class="md-button" data-action="imprimer">Imprimer</button> ' +
      '<button type="button" class="md-button" data-action="lien">Copier le lien de cette simulation</button></p>' +
      '<p class="lien-copie" role="status"></p>';
  }

  /* ---- AGEC ---- */
  var agec = document.getElementById("calcul-agec");
  var agecOut = document.getElementById("resultat-agec");
  var agecRows = [];

  function agecYear() { return parseInt(agec.querySelector("#agec-annee").value, 10); }
  function recall() {
    var year = agecYear();
    DATA.agec.forEach(function (cat) {
      var box = agec.querySelector('[data-rappel="' + cat.id + '"]');
      var parts = ["reemploi-reutilisation", "matieres-recyclees"].map(function (ind) {
        var r = rate(cat, ind, year);
        if (!r) return null;
        return (r.valeur === null ? "part non trouvée" : pct(r.valeur)) + " (" + INDICATEURS[ind].toLowerCase() + ")" +
          (r.a_verifier ? DOUBT : "");
      }).filter(Boolean);
      box.innerHTML = parts.length ? "Parts minimales en " + year + " : " + parts.join(", ") + "."
        : "Parts minimales non publiées sur ce site pour cette catégorie" + DOUBT + ".";
      var typed = agec.querySelector('[data-taux-saisis="' + cat.id + '"]');
      if (typed) typed.hidden = !unconfirmed(cat, year).length;
    });
  }
  var TYPED = { "reemploi-reutilisation": "taux-reemploi", "matieres-recyclees": "taux-recycle" };
  function unconfirmed(cat, year) {
    return ["reemploi-reutilisation", "matieres-recyclees"].filter(function (ind) {
      var r = rate(cat, ind, year);
      return !r || r.valeur === null;
    });
  }
  function typedRates(cat, year, errors) {
    var typed = {};
    unconfirmed(cat, year).forEach(function (ind) {
      var input = agec.querySelector("#" + cat.id + "-" + TYPED[ind]);
      if (!input) return;
      var parsed = parsePercent(input.value);
      setError(input, parsed.error);
      if (parsed.error) errors.push(input);
      else if (parsed.value !== null) typed[ind] = parsed.value;
    });
    return typed;
  }
  function computeAgec(event) {
    if (event) event.preventDefault();
    var errors = [], year = agecYear(), results = [];
    var siret = agec.querySelector("#agec-siret");
    setError(siret, siret.value && !/^\d{14}$/.test(siret.value.replace(/\s/g, "")) ? "Le SIRET compte 14 chiffres." : "");
    if (siret.getAttribute("aria-invalid") === "true") errors.push(siret);
    DATA.agec.forEach(function (cat) {
      var v = {};
      ["total", "reemploi", "recycle", "dons"].forEach(function (k) { v[k] = read(agec, cat.id + "-" + k, errors); });
      if (v.total === null && (v.reemploi !== null || v.recycle !== null)) {
        var input = agec.querySelector("#" + cat.id + "-total");
        setError(input, "Saisissez la dépense totale de la catégorie.");
        errors.push(input);
      }
      notAbove(agec, cat.id + "-reemploi", v.reemploi, v.total, "la dépense totale", errors);
      notAbove(agec, cat.id + "-recycle", v.recycle, v.total, "la dépense totale", errors);
      var typed = typedRates(cat, year, errors);
      if (v.total || v.dons) results.push({ cat: cat, v: v, typed: typed });
    });
    if (errors.length) { agecRows = []; return failed(agec, agecOut, errors); }
    if (!results.length) { agecOut.innerHTML = "<p>Saisissez la dépense d'au moins une catégorie.</p>"; return; }
    agecRows = [];
    var html = "<h3 id=\"resultats-agec\">Résultats " + year + "</h3>", gaps = 0;
    results.forEach(function (item) {
      var v = item.v, base = (v.total || 0) + (v.dons || 0);
      var held = { "reemploi-reutilisation": (v.reemploi || 0) + (v.dons || 0), "matieres-recyclees": v.recycle || 0 };
      var lines = ["reemploi-reutilisation", "matieres-recyclees"].map(function (ind) {
        var r = rate(item.cat, ind, year);
        if ((!r || r.valeur === null) && item.typed[ind] !== undefined) {
          r = { valeur: item.typed[ind], saisi: true };
        }
        if (!r || r.valeur === null) {
          agecRows.push([item.cat.libelle, INDICATEURS[ind], year, "", "oui", decimal(base, true), "", decimal(held[ind], true), "", item.cat.article]);
          return "<tr><th scope=\"row\">" + INDICATEURS[ind] + "</th><td colspan=\"3\">Part minimale non publiée sur ce site" + DOUBT +
            "</td><td data-label=\"Montant atteint\">" + money(held[ind]) + "</td></tr>";
        }
        var min = minimum(base, r.valeur), gap = Math.max(0, min - held[ind]);
        if (gap) gaps += 1;
        agecRows.push([item.cat.libelle, INDICATEURS[ind], year, nombre.format(r.valeur), r.saisi ? "saisie par l'utilisateur" : r.a_verifier ? "oui" : "non",
          decimal(base, true), decimal(min, true), decimal(held[ind], true), decimal(gap, true), item.cat.article]);
        return "<tr><th scope=\"row\">" + INDICATEURS[ind] + "</th><td class=\"nombre\" data-label=\"Part minimale\">" + pct(r.valeur) +
          (r.saisi ? ' <span class="saisi">saisie par vous</span>' : r.a_verifier ? DOUBT : "") +
          "</td><td class=\"nombre\" data-cle=\"minimum\" data-label=\"Montant minimal\">" + money(min) +
          "</td><td class=\"nombre\" data-cle=\"ecart\" data-label=\"Reste à atteindre\">" + (gap ? money(gap) : "atteint") +
          "</td><td class=\"nombre\" data-cle=\"atteint\" data-label=\"Montant atteint\">" + money(held[ind]) + "</td></tr>";
      });
      html += '<div class="tableau-defilant" tabindex="0" role="region" aria-label="' + esc(item.cat.libelle) + '">' +
        '<table class="resultat-categorie empilable" data-categorie="' + esc(item.cat.id) + '"><caption>' + esc(item.cat.libelle) +
        " — base de calcul " + money(base) + '</caption><thead><tr><th scope="col">Indicateur</th><th scope="col">Part minimale</th>' +
        '<th scope="col">Montant minimal</th><th scope="col">Reste à atteindre</th><th scope="col">Montant atteint</th></tr></thead><tbody>' +
        lines.join("") + "</tbody></table></div><p class=\"source\">Base légale : " + esc(item.cat.article) + ".</p>";
    });
    var summary = results.length + (results.length > 1 ? " catégories calculées" : " catégorie calculée") + ", " +
      (gaps ? gaps + (gaps > 1 ? " parts minimales non atteintes." : " part minimale non atteinte.") : "toutes les parts publiées sont atteintes.");
    agecOut.innerHTML = '<p class="resume-resultat">' + summary + "</p>" + html + actions("agec",
      '<button type="button" class="md-button" data-action="declaration">Télécharger le fichier de déclaration annuelle (CSV)</button> ') +
      '<p class="note">Le fichier de déclaration suit le schéma national publié sur data.gouv.fr (colonnes annee, siret, ' +
      "raison_sociale, type_produit_acquis et montants) ; il reprend vos montants tels que saisis. La façon de compter les dons " +
      "dans ces montants n'est pas fixée par les textes lus" + DOUBT + ".</p>";
    agecOut.dataset.results = JSON.stringify(results.map(function (i) { return { id: i.cat.id, v: i.v }; }));
    shareUrl();
  }
  function declaration() {
    // both required by the national schema (siret: 14 digits, raison_sociale); a message next to each missing one
    var input = agec.querySelector("#agec-siret"), raison = agec.querySelector("#agec-raison");
    var siret = input.value.replace(/\s/g, "");
    setError(input, /^\d{14}$/.test(siret) ? "" : "Le fichier de déclaration demande le SIRET de l'acheteur (14 chiffres).");
    setError(raison, raison.value.trim() ? "" : "Le fichier de déclaration demande la raison sociale de l'acheteur.");
    var wrong = agec.querySelector('#agec-siret[aria-invalid="true"], #agec-raison[aria-invalid="true"]');
    if (wrong) {
      wrong.focus();
      return;
    }
    var year = agecYear(), rows = [["annee", "siret", "raison_sociale", "type_produit_acquis", "montant_total",
      "montant_reemploi_et_reutilisation", "montant_produits_issus_don", "montant_produits_recycles", "commentaires"]];
    JSON.parse(agecOut.dataset.results || "[]").forEach(function (item) {
      var cat = DATA.agec.filter(function (c) { return c.id === item.id; })[0], v = item.v;
      rows.push([year, siret, raison.value.trim(), cat.declaration, decimal(v.total || 0),
        decimal(v.reemploi || 0), decimal(v.dons || 0), decimal(v.recycle || 0), ""]);
    });
    download("declaration-agec-" + year + ".csv", csv(rows, ","));
  }

  /* ---- EGALIM ---- */
  var egalim = document.getElementById("calcul-egalim");
  var egalimOut = document.getElementById("resultat-egalim");
  var egalimRows = [];

  function computeEgalim(event) {
    if (event) event.preventDefault();
    var errors = [], v = {};
    ["alimentaire", "qualite", "bio", "viandes", "viandes_qualite"].forEach(function (k) { v[k] = read(egalim, "egalim-" + k, errors); });
    if (v.alimentaire === null && !errors.length) {
      var input = egalim.querySelector("#egalim-alimentaire");
      setError(input, "Saisissez le total de vos achats de denrées.");
      errors.push(input);
    }
    notAbove(egalim, "egalim-qualite", v.qualite, v.alimentaire, "le total des achats", errors);
    notAbove(egalim, "egalim-bio", v.bio, v.qualite === null ? v.alimentaire : v.qualite,
      v.qualite === null ? "le total des achats" : "les produits durables et de qualité, bio compris", errors);
    notAbove(egalim, "egalim-viandes", v.viandes, v.alimentaire, "le total des achats", errors);
    notAbove(egalim, "egalim-viandes_qualite", v.viandes_qualite, v.viandes, "les achats de viandes et de poissons", errors);
    if (errors.length) { egalimRows = []; return failed(egalim, egalimOut, errors); }
    var year = parseInt(egalim.querySelector("#egalim-annee").value, 10), scope = egalim.querySelector("#egalim-champ").value;
    var lines = [], gaps = 0;
    egalimRows = [];
    DATA.egalim.forEach(function (entry) {
      var seen = {};
      entry.taux.forEach(function (row) {
        if (seen[row.indicateur]) return;
        seen[row.indicateur] = true;
        var r = rate(entry, row.indicateur, year, scope);
        if (!r) return;
        var part = v[DATA.paires[r.indicateur][0]] || 0, whole = v[DATA.paires[r.indicateur][1]] || 0;
        if (!whole) {
          lines.push("<tr><th scope=\"row\">" + INDICATEURS[r.indicateur] + "</th><td colspan=\"5\">Aucun achat de référence saisi.</td></tr>");
          return;
        }
        var share = roundHalfUp(part * 1000, whole), min = minimum(whole, r.valeur), gap = Math.max(0, min - part);
        if (gap) gaps += 1;
        egalimRows.push([INDICATEURS[r.indicateur], year, nombre.format(r.valeur), nombre.format(share / 10), decimal(min, true),
          decimal(part, true), decimal(gap, true), r.article || entry.article]);
        lines.push("<tr data-indicateur=\"" + r.indicateur + "\"><th scope=\"row\">" + INDICATEURS[r.indicateur] + "</th><td class=\"nombre\">" +
          pct(r.valeur) + (r.a_verifier ? DOUBT : "") + "</td><td class=\"nombre\" data-cle=\"part\">" + tenths(share) +
          "</td><td class=\"nombre\" data-cle=\"minimum\">" + money(min) + "</td><td class=\"nombre\" data-cle=\"ecart\">" +
          (gap ? money(gap) : "atteint") + "</td><td>" + esc(r.article || entry.article) + "</td></tr>");
      });
    });
    var ended = [];  // what no longer counts in the chosen year (data: ce_qui_compte, jusqu_au)
    DATA.egalim.forEach(function (entry) {
      (entry.compte || []).forEach(function (item) {
        if (item.plus_depuis && item.plus_depuis <= year + "-01-01") {
          ended.push('<p class="ne-compte-plus">Depuis le ' + esc(item.plus_depuis_texte) + ", ne comptent plus : " +
            esc(item.libelle) + " (" + esc(item.article) + ").</p>");
        }
      });
    });
    egalimOut.innerHTML = '<p class="resume-resultat">' + (gaps ? gaps + (gaps > 1 ? " seuils non atteints." : " seuil non atteint.")
      : "Tous les seuils calculés sont atteints.") + "</p>" + ended.join("") + '<h3 id="resultats-egalim">Résultats ' + year + "</h3>" +
      '<div class="tableau-defilant" tabindex="0" role="region" aria-label="Résultats EGALIM"><table class="resultat-egalim">' +
      '<thead><tr><th scope="col">Indicateur</th><th scope="col">Seuil</th><th scope="col">Part atteinte</th>' +
      '<th scope="col">Montant minimal</th><th scope="col">Reste à atteindre</th><th scope="col">Article</th></tr></thead><tbody>' +
      lines.join("") + "</tbody></table></div>" + actions("egalim");
    shareUrl();
  }

  /* ---- commun ---- */
  function onClick(event) {
    var button = event.target.closest("[data-action]");
    if (!button) return;
    var action = button.dataset.action;
    if (action === "imprimer") window.print();
    if (action === "declaration") declaration();
    if (action === "csv-agec") {
      download("calcul-agec-" + agecYear() + ".csv", csv([["Catégorie", "Indicateur", "Année", "Part minimale (%)", "À vérifier",
        "Base de calcul HT (€)", "Montant minimal (€)", "Montant atteint (€)", "Reste à atteindre (€)", "Base légale"]].concat(agecRows), ";"));
    }
    if (action === "csv-egalim") {
      download("calcul-egalim.csv", csv([["Indicateur", "Année", "Seuil (%)", "Part atteinte (%)", "Montant minimal (€)",
        "Montant atteint (€)", "Reste à atteindre (€)", "Article"]].concat(egalimRows), ";"));
    }
    if (action === "lien") {
      var url = shareUrl(), status = button.closest(".resultat").querySelector(".lien-copie");
      var done = function () { status.textContent = "Lien copié : " + url; };
      if (navigator.clipboard) navigator.clipboard.writeText(url).then(done, function () { status.textContent = url; });
      else status.textContent = url;
    }
  }
  function restore() {
    var params = new URLSearchParams(location.search), agecSet = false, egalimSet = false;
    params.forEach(function (value, name) {
      var el = document.querySelector('form.calculateur [name="' + CSS.escape(name) + '"]');
      if (!el) return;
      el.value = value;
      if (el.closest("#calcul-agec")) agecSet = true; else egalimSet = true;
      var details = el.closest("details");
      if (details) details.open = true;
    });
    return [agecSet, egalimSet];
  }

  [agec, egalim].filter(Boolean).forEach(function (form) {
    form.hidden = false;
    form.addEventListener("reset", function () {
      setTimeout(function () {
        form.querySelectorAll("input").forEach(function (i) { setError(i, ""); });
        (form === agec ? agecOut : egalimOut).innerHTML = "";
        if (form === agec) recall();
        history.replaceState(null, "", location.pathname);
      });
    });
  });
  document.addEventListener("click", onClick);
  var restored = restore();
  if (agec) {
    agec.addEventListener("submit", computeAgec);
    agec.querySelector("#agec-annee").addEventListener("change", recall);
    recall();
    if (restored[0]) computeAgec();
  }
  if (egalim) {
    egalim.addEventListener("submit", computeEgalim);
    if (restored[1]) computeEgalim();
  }
})();
