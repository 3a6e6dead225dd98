// « Quoi de neuf depuis… » : only the versions published on or after the date in the address (?depuis=AAAA-MM-JJ).
(() => {
  const form = document.getElementById("quoi-de-neuf");
  if (!form) return;
  const field = form.elements.depuis;
  const state = document.getElementById("quoi-de-neuf-etat");
  const label = new Intl.DateTimeFormat("fr-FR", { day: "numeric", month: "long", year: "numeric" });

  function show(since) {
    let shown = 0;
    const seen = new Set();
    document.querySelectorAll(".changements-famille").forEach((section) => {
      let here = 0;
      section.querySelectorAll("li[data-date]").forEach((item) => {
        const keep = !since || item.dataset.date >= since;
        item.hidden = !keep;
        if (keep) {
          here += 1;
          seen.add(item.querySelector("a").getAttribute("href") + item.textContent);
        }
      });
      section.hidden = here === 0;
      shown += here;
    });
    if (!since) return;
    // « 1er janvier », as the site writes dates (Babel on the pages)
    const day = label.formatToParts(new Date(`${since}T12:00:00`))
      .map((part) => (part.type === "day" && part.value === "1" ? "1er" : part.value)).join("");
    state.textContent = seen.size === 0
      ? `Aucune fiche créée ou modifiée depuis le ${day}.`
      : `${seen.size} version${seen.size > 1 ? "s" : ""} publiée${seen.size > 1 ? "s" : ""} depuis le ${day}.`;
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!field.value) return;
    history.replaceState(null, "", `?depuis=${field.value}`);
    show(field.value);
  });
  const since = new URLSearchParams(location.search).get("depuis");
  if (since && /^\d{4}-\d{2}-\d{2}$/.test(since)) {
    field.value = since;
    show(since);
  }
})();
