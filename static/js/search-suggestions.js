// Suggestions for <input data-search-suggestions="URL" list="ID">: fills the <datalist> with titles from
// /recherche/suggestions/?q=… as the reader types. Progressive enhancement: without this script the search
// box is a plain GET form to /recherche/. Choosing a suggestion searches for its title.
(() => {
  "use strict";
  const enhance = (input) => {
    const list = document.getElementById(input.getAttribute("list"));
    const url = input.dataset.searchSuggestions;
    if (!list || !url || !window.fetch) return;
    const cache = new Map();
    let timer;
    let controller;
    const fill = (results) => {
      list.replaceChildren(
        ...results.map((result) => {
          const option = document.createElement("option");
          option.value = result.title;
          option.label = result.type;
          return option;
        }),
      );
    };
    input.addEventListener("input", () => {
      const query = input.value.trim();
      clearTimeout(timer);
      if (query.length < 2 || query.length > 200) return fill([]);
      if (cache.has(query)) return fill(cache.get(query));
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
            if (input.value.trim() === query) fill(data.results);
          })
          .catch(() => {});
      }, 250);
    });
  };
  document.querySelectorAll("input[data-search-suggestions]").forEach(enhance);
})();
