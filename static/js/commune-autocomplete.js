// Commune suggestions for <input data-commune-autocomplete="URL" list="ID">: fills the <datalist> from
// /referentiel/communes/?q=… as the person types. Progressive enhancement: without this script the
// field still accepts "Lyon (69)", "69001 Lyon" or an INSEE code, resolved by the server.
(() => {
  "use strict";
  const enhance = (input) => {
    const list = document.getElementById(input.getAttribute("list"));
    const url = input.dataset.communeAutocomplete;
    if (!list || !url || !window.fetch) return;
    const cache = new Map();
    let timer;
    let controller;
    const fill = (query, results) => {
      const digits = /^\d+/.exec(query);
      list.replaceChildren(
        ...results.map((commune) => {
          const option = document.createElement("option");
          // For a postcode search, "69001 Lyon" keeps the typed digits visible to the browser's filter.
          const postcode = digits && commune.postcodes.find((code) => code.startsWith(digits[0]));
          option.value = postcode ? `${postcode} ${commune.name}` : commune.label;
          return option;
        }),
      );
    };
    input.addEventListener("input", () => {
      const query = input.value.trim();
      clearTimeout(timer);
      if (query.length < 2 || query.length > 100) return fill(query, []);
      if (cache.has(query)) return fill(query, cache.get(query));
      timer = setTimeout(() => {
        if (controller) controller.abort();
        controller = new AbortController();
        fetch(`${url}?q=${encodeURIComponent(query)}`, {
          headers: { Accept: "application/json" },
          signal: controller.signal,
        })
          .then((response) => (response.ok ? response.json() : { results: [] }))
          .then((data) => {
            cache.set(query, data.results);
            if (input.value.trim() === query) fill(query, data.results);
          })
          .catch(() => {});
      }, 200);
    });
  };
  document.querySelectorAll("input[data-commune-autocomplete]").forEach(enhance);
})();
