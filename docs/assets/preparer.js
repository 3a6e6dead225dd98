/* « Préparer mon marché » : pour les réponses de l'acheteur, dates comprises, les obligations qui s'appliquent,
   leurs parts minimales pour chaque année d'exécution et les clauses de la bibliothèque, à partir des données de
   data/, chargées à la première demande (telechargements/preparer.json : la page reste légère) ; le dossier choisi se
   télécharge en .docx ou .odt (assets/dossier.js, chargé au premier téléchargement).
   Mêmes règles que macros/obligations.py (applies_to_case, rate). */
(function () {
  "use strict";
  var source = document.getElementById("donnees-preparer");
  var form = document.getElementById("preparer");
  if (!source || !form) return;
  var PATHS = JSON.parse(source.textContent);  // where the data and the dossier writer are, from the site's root
  var DATA = null;
  // addresses start at the site's root, which is two levels above this script (assets/preparer.js)
  var script = document.querySelector('script[src$="assets/preparer.js"]');
  var ROOT = new URL("../", script ? script.src : location.href);
  function at(path) { return new URL(path, ROOT).href; }
  function json(path) {  // a JSON file of the site
    return fetch(at(path)).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    });
  }
  var loading = null;
  function loaded() {  // the data of data/, fetched once, when first needed
    loading = loading || json(PATHS.donnees).then(function (data) {
      DATA = data;
      DATA.obligations.forEach(function (o) {
        if (o.categorie) o.clauses.forEach(function (id) { (CATEGORY_OF[id] = CATEGORY_OF[id] || []).push(o.id); });
      });
    });
    return loading;
  }
  var writer = null;
  function dossierWriter() {  // assets/dossier.js, loaded at the first download
    writer = writer || new Promise(function (resolve, reject) {
      var tag = document.createElement("script");
      tag.src = at(PATHS.ecriture);
      tag.onload = resolve;
      tag.onerror = reject;
      document.head.appendChild(tag);
    });
    return writer;
  }
  var out = document.getElementById("resultat-preparer");
  var FIELDS = ["famille", "categorie", "nature", "acheteur", "restauration", "lancement", "debut", "fin"];
  var DAY = new Intl.DateTimeFormat("fr-FR", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  var NUMBER = new Intl.NumberFormat("fr-FR");
  var current = null; // the last case shown: answers, obligations, clauses

  function esc(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function frenchDate(iso) {
    var text = DAY.format(new Date(iso + "T00:00:00Z"));
    return /^1 /.test(text) ? "1er" + text.slice(1) : text;
  }
  function answers() {
    var a = {};
    FIELDS.forEach(function (name) { a[name] = form.elements[name].value; });
    a.debut = +a.debut;
    a.fin = +a.fin;
    return a;
  }

  // --- which obligations apply (same rule as macros/obligations.applies_to_case) ---
  function concerns(o, a) {
    if (a.categorie && o.categorie) {
      if (o.id !== a.categorie) return false;
    } else if (!(o.familles.indexOf(a.famille) >= 0 || (o.familles.indexOf("transversal") >= 0 && o.forme === "exigence"))) {
      return false;
    }
    if (o.natures.indexOf(a.nature) < 0) return false;
    if (o.acheteurs.length && o.acheteurs.indexOf(a.acheteur) < 0) return false;
    return !o.restauration || (DATA.couvre[a.restauration] || []).indexOf(o.restauration) >= 0;
  }
  // a requirement binds the consultation launched on its date; a share binds each calendar year of execution
  function applies(o, a) {
    if (!concerns(o, a)) return false;
    if (o.forme === "exigence") return o.depuis <= a.lancement && (!o.jusqu_au || a.lancement <= o.jusqu_au);
    return o.depuis <= a.fin + "-12-31" && (!o.jusqu_au || o.jusqu_au >= a.debut + "-01-01");
  }
  function scopeOf(o, a) {
    var covers = DATA.couvre[a.restauration] || [];
    var own = o.taux.filter(function (r) { return r.champ && covers.indexOf(r.champ) >= 0; });
    return own.length ? own[0].champ : null;
  }
  function rate(o, indicator, year, scope) {
    var rows = o.taux.filter(function (r) { return r.indicateur === indicator; });
    var own = rows.filter(function (r) { return (r.champ || null) === scope; });
    if (!own.length && scope !== null) own = rows.filter(function (r) { return !r.champ; });
    var best = null;
    own.forEach(function (r) { if (r.annee <= year && (!best || r.annee > best.annee)) best = r; });
    return best;
  }
  function indicators(o) {
    var seen = [];
    o.taux.forEach(function (r) { if (seen.indexOf(r.indicateur) < 0) seen.push(r.indicateur); });
    return seen;
  }
  function years(a) {
    var list = [];
    for (var y = a.debut; y <= a.fin; y++) list.push(y);
    return list;
  }
  // one cell: the share an indicator must reach in a year, or why there is none
  function share(o, indicator, year, scope) {
    if (year + "-12-31" < o.depuis) return { text: "pas encore en vigueur" };
    if (o.jusqu_au && year + "-01-01" > o.jusqu_au) return { text: "plus en vigueur" };
    var r = rate(o, indicator, year, scope);
    if (!r) return { text: "aucune part fixée" };
    return { text: r.valeur === null ? "part non trouvée" : NUMBER.format(r.valeur) + " %", doubt: r.a_verifier || r.valeur === null };
  }
  // what stops or starts counting towards a share during the execution period (EGALIM from 2027)
  function countChanges(o, a) {
    var lines = [];
    o.compte.forEach(function (c) {
      if (c.plus_depuis && c.plus_depuis <= a.fin + "-12-31") {
        lines.push({ verbe: "Ne compte plus à partir du ", date: c.plus_depuis, item: c });
      }
      if (c.depuis && c.depuis > a.debut + "-01-01" && c.depuis <= a.fin + "-12-31") {
        lines.push({ verbe: "Compte à partir du ", date: c.depuis, item: c });
      }
    });
    return lines.sort(function (x, y) { return x.date < y.date ? -1 : 1; });
  }

  // --- clauses: the family's, narrowed to the chosen category; for each obligation, those that meet it ---
  var CATEGORY_OF = {};  // filled when the data arrive (loaded)
  function pool(a) {
    return DATA.clauses.filter(function (c) {
      if (c.familles.indexOf(a.famille) < 0 && c.familles.indexOf("transversal") < 0) return false;
      var cats = CATEGORY_OF[c.id];
      return !a.categorie || !cats || cats.indexOf(a.categorie) >= 0;
    });
  }
  function candidates(o, clauses) {
    var direct = o.clauses.map(function (id) { return clauses.filter(function (c) { return c.id === id; })[0]; })
      .filter(Boolean);
    var byStep = clauses.filter(function (c) { return o.etapes.indexOf(c.etape) >= 0 && direct.indexOf(c) < 0; })
      .sort(function (x, y) { return (x.niveau !== "socle") - (y.niveau !== "socle") || (x.titre < y.titre ? -1 : 1); });
    return direct.concat(byStep);
  }
  function shortTitle(o) { return o.categorie || o.titre; }

  // --- the result ---
  function clauseLink(c) { return '<a href="' + esc(at(c.adresse)) + '">' + esc(c.titre) + "</a>"; }
  function baseLine(o) {
    return '<p class="base-legale">Base légale : ' + esc(o.article) + ' — <a href="' + esc(at(o.texte.adresse)) + '">' +
      esc(o.texte.titre) + "</a>, depuis le " + esc(frenchDate(o.depuis)) + "</p>";
  }
  function choiceList(o, list) {
    if (!list.length) return '<p class="comment">Aucune clause de la bibliothèque n\'y répond encore pour ce cas.</p>';
    var items = '<ul class="au-choix">' + list.map(function (c) { return "<li>" + clauseLink(c) + "</li>"; }).join("") + "</ul>";
    if (list.length <= 3) return '<p class="comment">Pour y répondre, une clause au choix parmi :</p>' + items;
    return '<details class="comment"><summary>Pour y répondre, une clause au choix parmi ' + list.length + "</summary>" + items + "</details>";
  }
  function requirementItem(o, list) {
    return '<li data-obligation="' + esc(o.id) + '"><p><strong>' + esc(o.titre) + "</strong></p>" + baseLine(o) +
      "<p>" + esc(o.resume) + "</p>" + (o.exceptions ? '<p class="exceptions">Exceptions : ' + esc(o.exceptions) + "</p>" : "") +
      choiceList(o, list) + "</li>";
  }
  function sharesTable(o, a) {
    var scope = scopeOf(o, a), inds = indicators(o);
    if (!inds.length) return '<p>Parts non confirmées par ce site <span class="a-verifier">à vérifier</span> : lisez-les dans ' +
      '<a href="' + esc(at(o.texte.adresse)) + '">' + esc(o.texte.titre) + "</a> ; le calculateur accepte la part que vous y lisez.</p>";
    var head = '<tr><th scope="col">Année</th>' + inds.map(function (i) { return '<th scope="col">' + esc(DATA.indicateurs[i]) + "</th>"; }).join("") + "</tr>";
    var rows = years(a).map(function (y) {
      return '<tr data-annee="' + y + '"><th scope="row">' + y + "</th>" + inds.map(function (i) {
        var s = share(o, i, y, scope);
        return '<td class="nombre" data-indicateur="' + esc(i) + '">' + esc(s.text) + (s.doubt ? ' <span class="a-verifier">à vérifier</span>' : "") + "</td>";
      }).join("") + "</tr>";
    }).join("");
    return '<div class="tableau-defilant" tabindex="0" role="region" aria-label="Parts minimales : ' + esc(shortTitle(o)) + '">' +
      '<table class="taux-legaux parts-annuelles"><caption>Part minimale de la dépense, par année civile' +
      (o.assiette ? " (assiette : " + esc(o.assiette) + ")" : "") + (scope ? " — " + esc(DATA.restaurations[scope]) : "") +
      "</caption><thead>" + head + "</thead><tbody>" + rows + "</tbody></table></div>";
  }
  function sharesItem(o, a, list) {
    var changes = countChanges(o, a).map(function (ch) {
      return "<li><strong>" + ch.verbe + esc(frenchDate(ch.date)) + "</strong> : " + esc(ch.item.libelle) +
        ' <span class="source">(' + esc(ch.item.article) + ")</span></li>";
    }).join("");
    return '<li data-obligation="' + esc(o.id) + '"><p><strong>' + esc(shortTitle(o)) + "</strong></p>" + baseLine(o) +
      sharesTable(o, a) + (changes ? '<p>Pendant l\'exécution, ce qui compte dans ces parts change :</p><ul class="compte-change">' + changes + "</ul>" : "") +
      choiceList(o, list) + "</li>";
  }
  function mark(c, found) {
    var direct = found.filter(function (f) { return f.o.clauses.indexOf(c.id) >= 0; });
    var any = found.filter(function (f) { return f.list.indexOf(c) >= 0; });
    if (!any.length) return { rang: 2, html: '<span class="marque marque-recommande">recommandé</span>' };
    return { rang: direct.length ? 0 : 1, html: '<span class="marque marque-obligation">répond à : ' +
      any.map(function (f) { return esc(shortTitle(f.o)); }).join(" ; ") + "</span>" };
  }
  function clausesSection(found, clauses, chosen) {
    var html = '<h2 id="vos-clauses" tabindex="-1">Vos clauses, pièce par pièce</h2><p>Cochez les clauses à mettre dans ' +
      "votre dossier : une clause au choix suffit pour chaque obligation ; les autres sont recommandées.</p>";
    var nav = [];
    Object.keys(DATA.documents).forEach(function (doc) {
      var items = clauses.filter(function (c) { return c.document === doc; }).map(function (c) {
        return { clause: c, mark: mark(c, found) };
      }).sort(function (x, y) { return x.mark.rang - y.mark.rang; });
      if (!items.length) return;
      nav.push('<a href="#piece-' + esc(doc) + '">' + esc(doc === "cadre-reponse" ? DATA.documents[doc] : doc) + "</a>");
      html += '<h3 id="piece-' + esc(doc) + '" data-document="' + esc(doc) + '">' + esc(DATA.documents[doc]) + " (" + items.length + ')</h3><ul class="clauses-piece">' +
        items.map(function (i) {
          var c = i.clause, id = "choix-" + c.id;
          var files = c.fichiers ? ' · <a href="' + esc(at(c.fichiers.odt)) + '" download>.odt</a> · <a href="' +
            esc(at(c.fichiers.docx)) + '" download>.docx</a>' : "";
          return '<li data-clause="' + esc(c.id) + '" data-rang="' + i.mark.rang + '"><input type="checkbox" id="' + esc(id) +
            '" value="' + esc(c.id) + '"' + (chosen.indexOf(c.id) >= 0 ? " checked" : "") + '> <label for="' + esc(id) + '">' +
            esc(c.titre) + "</label> " + i.mark.html + ' <span class="etape">(' + esc(DATA.etapes[c.etape]) + ")</span> · " +
            '<a href="' + esc(at(c.adresse)) + '" aria-label="Fiche de la clause ' + esc(c.titre) + '">fiche</a>' + files + "</li>";
        }).join("") + "</ul>";
    });
    return { html: html, nav: nav };
  }
  function invalid(a) {
    var errors = [];
    function set(name, message) {
      var input = form.elements[name], box = document.getElementById(input.id + "-erreur");
      input.setAttribute("aria-invalid", message ? "true" : "false");
      box.textContent = message || "";
      box.hidden = !message;
      if (message) errors.push(input);
    }
    var launch = form.elements.lancement;
    var ok = /^\d{4}-\d{2}-\d{2}$/.test(a.lancement) && a.lancement >= launch.min && a.lancement <= launch.max;
    set("lancement", ok ? "" : "Indiquez la date de lancement prévue, entre le " + frenchDate(launch.min) + " et le " + frenchDate(launch.max) + ".");
    set("debut", ok && a.debut < +a.lancement.slice(0, 4) ? "L'exécution ne peut commencer avant l'année du lancement (" + a.lancement.slice(0, 4) + ")." : "");
    set("fin", a.fin < a.debut ? "La dernière année ne peut précéder la première (" + a.debut + ")." : "");
    return errors;
  }
  function render(event, chosen) {
    if (event) event.preventDefault();
    var explicit = chosen, a = answers(), errors = invalid(a);
    if (errors.length) {
      out.innerHTML = '<p class="erreur-resume">' + errors.length + (errors.length > 1 ? " champs à corriger" : " champ à corriger") +
        " : aucune obligation n'est listée tant que la saisie n'est pas valide.</p>";
      errors[0].focus();
      return;
    }
    var clauses = pool(a);
    var found = DATA.obligations.filter(function (o) { return applies(o, a); }).map(function (o) {
      return { o: o, list: candidates(o, clauses) };
    });
    if (!chosen) {  // by default, one clause for each obligation
      chosen = [];
      found.forEach(function (f) {
        if (f.list.length && !f.list.some(function (c) { return chosen.indexOf(c.id) >= 0; })) chosen.push(f.list[0].id);
      });
    }
    var reqs = found.filter(function (f) { return f.o.forme === "exigence"; });
    var shares = found.filter(function (f) { return f.o.forme === "taux"; });
    var period = a.debut === a.fin ? "en " + a.debut : "de " + a.debut + " à " + a.fin;
    var html = '<h2 id="vos-obligations" tabindex="-1">Vos obligations (' + found.length + ")</h2>" +
      '<p class="resume-resultat">Consultation lancée le ' + esc(frenchDate(a.lancement)) + ", exécution " + period + " : " +
      found.length + (found.length > 1 ? " obligations" : " obligation") + " pour ce marché (" + esc(DATA.familles[a.famille]) + ").</p>";
    var sections = clausesSection(found, clauses, chosen);
    html += '<nav class="sommaire-resultat" aria-label="Sections du résultat"><ul>' +
      (reqs.length ? '<li><a href="#dans-la-consultation">Dans la consultation</a></li>' : "") +
      (shares.length ? '<li><a href="#chaque-annee">Chaque année d\'exécution</a></li>' : "") +
      '<li><a href="#vos-clauses">Clauses par pièce</a> : ' + sections.nav.join(", ") + "</li>" +
      '<li><a href="#mon-dossier">Télécharger mon dossier</a></li></ul></nav>';
    if (!found.length) html += "<p>Aucune obligation recensée pour ce cas : les clauses ci-dessous sont recommandées.</p>";
    if (reqs.length) html += '<h3 id="dans-la-consultation">Dans la consultation lancée le ' + esc(frenchDate(a.lancement)) +
      '</h3><ul class="obligations-legales">' + reqs.map(function (f) { return requirementItem(f.o, f.list); }).join("") + "</ul>";
    if (shares.length) html += '<h3 id="chaque-annee">Chaque année d\'exécution, ' + period + "</h3><p>Ces parts portent sur " +
      "tous les achats de l'année de la catégorie, pas sur ce seul marché.</p>" + '<ul class="obligations-legales">' +
      shares.map(function (f) { return sharesItem(f.o, a, f.list); }).join("") + "</ul>";
    html += sections.html + '<h2 id="mon-dossier">Mon dossier de clauses</h2><p id="dossier-compte"></p>' +
      '<p class="resultat-actions"><button type="button" class="md-button md-button--primary" data-action="docx">Télécharger ' +
      'mon dossier (.docx)</button> <button type="button" class="md-button" data-action="odt">Télécharger mon dossier (.odt)</button> ' +
      '<button type="button" class="md-button" data-action="imprimer">Imprimer</button></p>' +
      '<h3 id="kit-de-suivi">Kit de suivi des indicateurs</h3><p>Les indicateurs de suivi des clauses cochées, une ligne ' +
      "par indicateur (unité, fréquence, preuve attendue, cible écrite dans la clause à adapter), une colonne par période " +
      "de " + a.debut + " à " + a.fin + ", et le calendrier des échéances.</p>" +
      '<p class="resultat-actions"><button type="button" class="md-button" data-action="kit-ods">Tableur (.ods)</button> ' +
      '<button type="button" class="md-button" data-action="kit-xlsx">Tableur (.xlsx)</button> ' +
      '<button type="button" class="md-button" data-action="kit-ics">Échéances (.ics)</button></p>' +
      '<p class="erreur" id="dossier-erreur" role="alert" hidden></p>';
    out.innerHTML = html;
    current = { a: a, found: found, clauses: clauses };
    count();
    keepAddress(explicit);
    if (event) out.querySelector("#vos-obligations").focus();
  }
  function chosenIds() {
    return Array.prototype.map.call(out.querySelectorAll('input[type="checkbox"]:checked'), function (i) { return i.value; });
  }
  function count() {
    var n = chosenIds().length;
    out.querySelector("#dossier-compte").textContent = n ? n + (n > 1 ? " clauses cochées" : " clause cochée") +
      ", avec les obligations de ce marché et leurs parts pour chaque année d'exécution." : "Aucune clause cochée : le dossier ne contiendra que les obligations.";
  }
  // the address keeps every answer; the chosen clauses only once the buyer has changed them
  function keepAddress(chosen) {
    var params = new URLSearchParams();
    FIELDS.forEach(function (name) { if (form.elements[name].value) params.set(name, form.elements[name].value); });
    if (chosen) params.set("choix", chosen.join(","));
    history.replaceState(null, "", location.pathname + "?" + params.toString());
  }

  // --- the dossier: blocks of styled runs that assets/dossier.js writes as .docx or .odt ---
  function yearLine(o, a, year) {
    var scope = scopeOf(o, a), inds = indicators(o);
    if (!inds.length) return year + " : parts non confirmées par ce site (à vérifier dans " + o.texte.titre + ")";
    return year + " : " + inds.map(function (i) {
      var s = share(o, i, year, scope);
      return s.text + (/%$/.test(s.text) ? " " + DATA.phrases[i] : " (" + DATA.indicateurs[i].toLowerCase() + ")") + (s.doubt ? " (à vérifier)" : "");
    }).join(", ");
  }
  function dossier(texts, ids) {
    var a = current.a, blocks = [], P = function (style, text) { blocks.push({ style: style, runs: [[text, false]] }); };
    var answersLine = [DATA.natures[a.nature], DATA.acheteurs[a.acheteur]];
    if (a.categorie) answersLine.push(DATA.obligations.filter(function (o) { return o.id === a.categorie; })[0].categorie);
    if (a.restauration) answersLine.push(DATA.restaurations[a.restauration]);
    P("titre", "Mon dossier de clauses : " + DATA.familles[a.famille]);
    P("p", "Consultation lancée le " + frenchDate(a.lancement) + ", exécution " + (a.debut === a.fin ? "en " + a.debut : "de " + a.debut + " à " + a.fin) +
      " ; " + answersLine.join(" ; ") + ".");
    P("note", "Préparé avec Achats circulaires Île-de-France (édition du " + frenchDate(DATA.edition) + ", " + ROOT.href +
      "). Les passages surlignés sont à adapter ; vérifiez les textes cités dans leur version en vigueur avant publication.");
    P("h1", "Obligations applicables");
    if (!current.found.length) P("p", "Aucune obligation recensée pour ce cas.");
    current.found.forEach(function (f) {
      var o = f.o;
      P("h2", shortTitle(o));
      P("p", "Base légale : " + o.article + " (" + o.texte.titre + "), depuis le " + frenchDate(o.depuis) + ".");
      if (o.forme === "exigence") {
        P("p", o.resume);
        if (o.exceptions) P("p", "Exceptions : " + o.exceptions);
      } else {
        P("p", "Part minimale de la dépense, par année civile" + (o.assiette ? " (assiette : " + o.assiette + ")" : "") + " :");
        years(a).forEach(function (y) { P("p", yearLine(o, a, y)); });
        countChanges(o, a).forEach(function (ch) {
          P("p", ch.verbe + frenchDate(ch.date) + " : " + ch.item.libelle + " (" + ch.item.article + ").");
        });
      }
      var kept = f.list.filter(function (c) { return ids.indexOf(c.id) >= 0; });
      P("note", kept.length ? "Clause retenue dans ce dossier : " + kept.map(function (c) { return c.titre; }).join(" ; ") + "."
        : f.list.length ? "Aucune clause retenue dans ce dossier : en choisir une parmi : " + f.list.map(function (c) { return c.titre; }).join(" ; ") + "."
          : "Aucune clause de la bibliothèque n'y répond encore pour ce cas.");
    });
    P("h1", "Clauses, par pièce du marché");
    Object.keys(DATA.documents).forEach(function (doc) {
      var list = current.clauses.filter(function (c) { return c.document === doc && ids.indexOf(c.id) >= 0; });
      if (!list.length) return;
      P("h2", DATA.documents[doc]);
      list.forEach(function (c) {
        var text = texts[c.id];
        P("h3", c.titre);
        text.lignes.forEach(function (runs) { blocks.push({ style: "p", runs: runs }); });
        current.found.filter(function (f) { return f.o.forme === "taux" && f.o.clauses.indexOf(c.id) >= 0; }).forEach(function (f) {
          P("minimum", "Minimum légal à reporter dans les valeurs entre crochets ci-dessus (" + shortTitle(f.o) + ", " + f.o.article + ") :");
          years(a).forEach(function (y) { blocks.push({ style: "minimum", runs: [[yearLine(f.o, a, y), true]] }); });
        });
        P("note", "Notes pour l'acheteur (à retirer du document final)");
        text.notes.forEach(function (n) { P("note", n[0] + " : " + n[1]); });
      });
    });
    return blocks;
  }

  function save(blob, name) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  function kit(format) {  // the reporting kit of the checked clauses, for the years of execution
    var box = out.querySelector("#dossier-erreur");
    box.hidden = true;
    Promise.all([json(DATA.suivi), dossierWriter()]).then(function (got) {
      var all = got[0];
      var rows = [];
      chosenIds().forEach(function (id) { rows = rows.concat(all[id] || []); });
      var years = [];
      for (var y = current.a.debut; y <= current.a.fin; y++) years.push(y);
      var title = "Suivi des indicateurs de mon marché (" + current.a.debut + "–" + current.a.fin + ")";
      save(window.AchatsDossier.kit[format](rows, years, title, location.href), "kit-de-suivi." + format);
    }).catch(function () {
      box.textContent = "Le kit de suivi n'a pas pu être préparé : les indicateurs ne sont pas arrivés. Réessayez, ou " +
        "téléchargez le kit de chaque clause depuis sa fiche.";
      box.hidden = false;
    });
  }

  function download(format) {
    if (format.indexOf("kit-") === 0) return kit(format.slice(4));
    var box = out.querySelector("#dossier-erreur");
    box.hidden = true;
    Promise.all([json(DATA.textes_clauses), dossierWriter()]).then(function (got) {
      var texts = got[0];
      var blocks = dossier(texts, chosenIds());
      save(window.AchatsDossier[format](blocks, "Mon dossier de clauses"), "mon-dossier-de-clauses." + format);
    }).catch(function () {
      box.textContent = "Le dossier n'a pas pu être préparé : les textes des clauses ne sont pas arrivés. Réessayez, ou " +
        "téléchargez chaque clause depuis sa fiche.";
      box.hidden = false;
    });
  }

  form.hidden = false;
  var table = document.getElementById("tableau-cas");  // the page without script; folded once the form works
  if (table) table.open = false;
  if (!form.elements.lancement.value) form.elements.lancement.value = new Date().toISOString().slice(0, 10);
  function failed() {
    out.innerHTML = '<p class="erreur" role="alert">Les données n\'ont pas pu être chargées : vérifiez la connexion et ' +
      "réessayez, ou consultez le tableau complet des cas ci-dessous.</p>";
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (invalid(answers()).length) return render(event);  // told at once, next to the fields: no data needed
    loaded().then(function () { render(event); }, failed);
  });
  form.addEventListener("focusin", function () { loaded().catch(function () {}); }, { once: true });  // ahead
  out.addEventListener("click", function (event) {
    var action = event.target.closest("[data-action]");
    if (!action) return;
    if (action.dataset.action === "imprimer") window.print();
    else download(action.dataset.action);
  });
  out.addEventListener("change", function (event) {
    if (event.target.type !== "checkbox") return;
    count();
    keepAddress(chosenIds());
  });
  var params = new URLSearchParams(location.search), restored = false;
  FIELDS.forEach(function (name) {
    var value = params.get(name), field = form.elements[name];
    if (value === null) return;
    if (field.tagName === "SELECT" && !Array.prototype.some.call(field.options, function (o) { return o.value === value; })) return;
    field.value = value;
    restored = true;
  });
  if (restored) {
    loaded().then(function () {
      render(null, params.get("choix") !== null ? params.get("choix").split(",").filter(Boolean) : null);
    }, failed);
  }
})();
