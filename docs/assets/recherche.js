// Search page (recherche/): Pagefind's index, in small parts, fetched only once a query is typed.
// The address carries the query and the filters (?q=…&type=…&famille=…&etape=…), so that a search can be shared.
const form = document.getElementById("recherche");
const field = document.getElementById("recherche-q");
const state = document.getElementById("recherche-etat");
const list = document.getElementById("recherche-resultats");
const more = document.getElementById("recherche-plus");
const FILTERS = ["type", "famille", "etape"];
// results shown at first (a phone's screen holds two to four), then at each « Voir plus » : each result's
// excerpt is a file of its own (about 5 KB), fetched only for the results shown
const FIRST_PAGE = 5;
const PAGE = 10;
let engine = null;
let found = [];
let shown = 0;
let asked = 0;  // the last query wins: answers to earlier ones are dropped

function load() {
  engine ??= import(new URL("../pagefind/pagefind.js", import.meta.url)).then(async (pagefind) => {
    // no web worker: one file (41 KB) and one round trip less; this index is small enough for the page's own thread
    await pagefind.options({ noWorker: true, excerptLength: 24, ranking: { termFrequency: 0.6, pageLength: 0.1, metaWeights: { title: 5, nom: 10, nom_secondaire: 3, identifiant: 1 } } });
    await pagefind.init();
    return pagefind;
  });
  return engine;
}

function chosen() {
  const filters = {};
  for (const key of FILTERS) {
    if (form.elements[key].value) filters[key] = form.elements[key].value;
  }
  return filters;
}

function remember(query, filters) {
  const params = new URLSearchParams();
  if (query) params.set("q", query);
  for (const [key, value] of Object.entries(filters)) params.set(key, value);
  const search = params.toString();
  history.replaceState(null, "", search ? `?${search}` : location.pathname);
}

// Pagefind's excerpt: page text with <mark> around the words found; kept as text and <mark> elements only
// (a textarea decodes the entities and never makes elements).
function excerpt(html) {
  const out = document.createElement("p");
  const decode = document.createElement("textarea");
  let mark = null;
  for (const part of html.split(/(<\/?mark>)/)) {
    if (part === "<mark>") {
      mark = document.createElement("mark");
      out.append(mark);
    } else if (part === "</mark>") mark = null;
    else {
      decode.innerHTML = part;
      (mark || out).append(decode.value);
    }
  }
  return out;
}

const ENTRIES = new Set(["Clause", "Texte", "Retour d'expérience"]);

function section(data) {
  // in a guide or a page, the section where the words are most often, if it is not the top of the page;
  // an entry is read from its top
  if (ENTRIES.has(data.meta.type)) return null;
  const best = [...(data.sub_results || [])].sort((a, b) => b.locations.length - a.locations.length)[0];
  return best && best.url !== data.url && best.title !== data.meta.title ? best : null;
}

function item(data) {
  const li = document.createElement("li");
  const title = document.createElement("h2");
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = data.meta.nom || data.meta.nom_secondaire || data.meta.title;  // a text by the name buyers know it by, as in its tab
  title.append(link);
  const kind = document.createElement("p");
  kind.className = "recherche-type";
  kind.textContent = [data.meta.type || "Page", ...(data.filters.famille || [])].join(" · ");
  li.append(title, kind);
  const part = section(data);
  if (part) {
    const where = document.createElement("p");
    const to = document.createElement("a");
    where.className = "recherche-section";
    to.href = part.url;
    to.textContent = `Section « ${part.title} »`;
    where.append(to);
    li.append(where);
  }
  li.append(excerpt(part ? part.excerpt : data.excerpt));
  return li;
}

async function showMore(ticket) {
  // every excerpt asked at once; each result shown as soon as it and those before it have arrived
  const next = found.slice(shown, shown + (shown ? PAGE : FIRST_PAGE)).map((result) => result.data());
  for (const pending of next) {
    const data = await pending;
    if (ticket !== asked) return;
    list.append(item(data));
    shown += 1;
  }
  more.hidden = shown >= found.length;
}

function say(text) {
  state.textContent = text;
}

// « clause de réemploi mobilier »: the word « clause » says what is sought; the type filter is set, visibly
const KIND_WORDS = /^(clauses?|textes?|retours?)\s+(?:(?:de|d'|du|des|sur|pour)\s+)?(?=\S)/i;
const KINDS = { clause: "Clause", texte: "Texte", retour: "Retour d'expérience" };

const ELISION = /(^|[^\p{L}])(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu)['’](?=\p{L})/giu;  // « l'économie » → « économie »

// French words that never make a match (the index would fetch their large parts for nothing)
const STOP_WORDS = new Set(("a à au aux avec ce ces dans de des du en et la le les leur leurs ou par pour " +
  "qui que sa sans se ses son sur un une").split(" "));

function withoutStopWords(query) {
  const words = query.split(/\s+/).filter((word) => word && !STOP_WORDS.has(word.toLowerCase()));
  return words.length ? words.join(" ") : query;
}

function understood(typed) {
  let query = typed.replace(ELISION, "$1");
  const found = query.match(KIND_WORDS);
  if (found && !form.elements.type.value) {
    form.elements.type.value = KINDS[found[1].toLowerCase().replace(/s$/, "")];
    query = query.slice(found[0].length);
  }
  return withoutStopWords(query);
}

async function run() {
  const ticket = ++asked;
  const typed = field.value.trim();
  const query = understood(typed);
  const filters = chosen();
  remember(typed, filters);
  if (!query && !Object.keys(filters).length) {
    list.replaceChildren();
    more.hidden = true;
    say("Saisissez un ou plusieurs mots.");
    return;
  }
  const pagefind = await load();
  const search = await pagefind.search(query || null, { filters });
  if (ticket !== asked) return;
  found = search.results;
  shown = 0;
  list.replaceChildren();
  await showMore(ticket);
  if (ticket !== asked) return;
  const words = (typed ? ` pour « ${typed} »` : "") + (filters.type ? ` (type : ${filters.type})` : "");
  say(found.length === 0 ? `Aucun résultat${words}.`
    : `${found.length} résultat${found.length > 1 ? "s" : ""}${words}.`);
}

let timer;
field.addEventListener("input", () => {
  clearTimeout(timer);
  timer = setTimeout(run, 150);
  const query = understood(field.value.trim());  // the index parts of the words typed so far, fetched ahead
  if (query) load().then((pagefind) => pagefind.preload(query)).catch(() => {});
});
// the engine, once the field is touched or a key pressed in it
field.addEventListener("keydown", load, { once: true });
field.addEventListener("pointerdown", load, { once: true });
for (const key of FILTERS) form.elements[key].addEventListener("change", run);
form.addEventListener("submit", (event) => {
  event.preventDefault();
  run();
});
more.addEventListener("click", () => showMore(asked));

const params = new URLSearchParams(location.search);
field.value = params.get("q") || "";
for (const key of FILTERS) form.elements[key].value = params.get(key) || "";
say("Saisissez un ou plusieurs mots.");
if (field.value || FILTERS.some((key) => params.get(key))) run();
else field.focus();
