// The /search/ page: an accessible form on Pagefind's JavaScript API.
//
// The page works as a plain GET form (?q=word&locality=Kestlebury&sort=newest), so a
// search can be linked, bookmarked and shared. This script runs that search in the
// browser with Pagefind's index (built with the site, in /pagefind/), shows the
// filters with counts, announces the number of results in a polite live region and
// keeps the address bar in step. Without it the page says search needs JavaScript
// and links to the register instead. No inline code, so it runs under a strict CSP
// (script-src 'self' 'wasm-unsafe-eval').

const TYPING_PAUSE_MS = 300;

const root = document.querySelector("[data-search]");
if (root) {
  start(root);
}

async function start(root) {
  const form = root.querySelector("form");
  const ui = {
    form,
    input: form.querySelector("input[name='q']"),
    sort: form.querySelector("select[name='sort']"),
    ready: root.querySelector("[data-search-ready]"),
    failed: root.querySelector("[data-search-failed]"),
    status: root.querySelector("[data-status]"),
    noResults: root.querySelector("[data-no-results]"),
    list: root.querySelector("[data-results]"),
    more: root.querySelector("[data-more]"),
    clear: root.querySelector("[data-clear-filters]"),
    groups: [...root.querySelectorAll("[data-filter-group]")],
    pageSize: Number(root.dataset.pageSize) || 10,
  };

  let pagefind;
  try {
    const bundle = new URL(root.dataset.bundle, document.baseURI);
    pagefind = await import(new URL("pagefind.js", bundle).href);
    await pagefind.options({
      baseUrl: root.dataset.baseUrl || "/",
      excerptLength: Number(root.dataset.excerptWords) || 30,
    });
    // A large register's index is built in parts (SEARCH records_per_shard): merge them.
    const extra = (root.dataset.extraBundles || "").split(" ").filter(Boolean);
    for (const part of extra) {
      await pagefind.mergeIndex(new URL(part, document.baseURI).href, {
        baseUrl: root.dataset.baseUrl || "/",
      });
    }
    ui.sharded = extra.length > 0;
    // Loading the filters first makes every search return counts for each value.
    ui.totals = await pagefind.filters();
  } catch (error) {
    console.warn("Search could not load its index:", error);
    ui.failed.hidden = false;
    return;
  }

  const search = new Search(pagefind, ui);
  ui.ready.hidden = false;
  search.readAddress();
  search.run({ announce: Boolean(ui.input.value.trim()) || search.hasFilters() });

  let typing;
  ui.input.addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(() => search.run({ address: "replace" }), TYPING_PAUSE_MS);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(typing);
    search.run({ address: "push" });
  });
  form.addEventListener("change", (event) => {
    if (event.target.matches("input[type='checkbox'], select")) {
      search.run({ address: "replace" });
    }
  });
  ui.clear.addEventListener("click", () => {
    for (const box of search.checkboxes()) box.checked = false;
    search.run({ address: "replace" });
  });
  ui.more.addEventListener("click", () => search.showMore());
  window.addEventListener("popstate", () => {
    search.readAddress();
    search.run({ announce: true });
  });
}

class Search {
  constructor(pagefind, ui) {
    this.pagefind = pagefind;
    this.ui = ui;
    this.latest = 0; // only the newest search may change the page
    this.results = [];
    this.shown = 0;
  }

  checkboxes() {
    return this.ui.form.querySelectorAll("input[type='checkbox']");
  }

  chosen() {
    const chosen = {};
    for (const box of this.checkboxes()) {
      if (box.checked) (chosen[box.name] ??= []).push(box.value);
    }
    return chosen;
  }

  hasFilters() {
    return Object.keys(this.chosen()).length > 0;
  }

  // Values ticked within one filter widen the search (any of them); filters narrow it.
  pagefindFilters(chosen, leaveOut) {
    const filters = {};
    for (const [key, values] of Object.entries(chosen)) {
      if (key !== leaveOut) filters[key] = { any: values };
    }
    return filters;
  }

  sortFor(term) {
    const choice = this.ui.sort.value;
    if (choice === "oldest") return { date: "asc" };
    // Without words there is no best match: newest first.
    if (choice === "newest" || !term) return { date: "desc" };
    return {};
  }

  readAddress() {
    const params = new URLSearchParams(window.location.search);
    this.ui.input.value = params.get("q") || "";
    const sort = params.get("sort") || "";
    this.ui.sort.value = [...this.ui.sort.options].some((o) => o.value === sort) ? sort : "";
    for (const box of this.checkboxes()) {
      box.checked = params.getAll(box.name).includes(box.value);
    }
    for (const group of this.ui.groups) {
      if (group.querySelector("input:checked")) group.open = true;
    }
  }

  writeAddress(how) {
    const params = new URLSearchParams();
    const term = this.ui.input.value.trim();
    if (term) params.set("q", term);
    for (const [key, values] of Object.entries(this.chosen())) {
      for (const value of values) params.append(key, value);
    }
    if (this.ui.sort.value) params.set("sort", this.ui.sort.value);
    const query = params.toString();
    const url = window.location.pathname + (query ? `?${query}` : "");
    if (url === window.location.pathname + window.location.search) return;
    if (how === "push") window.history.pushState(null, "", url);
    else window.history.replaceState(null, "", url);
  }

  async run({ address = null, announce = true } = {}) {
    const id = ++this.latest;
    const term = this.ui.input.value.trim();
    const chosen = this.chosen();
    if (address) this.writeAddress(address);
    this.showChosen(chosen);

    if (!term && !Object.keys(chosen).length) {
      this.results = [];
      this.shown = 0;
      this.ui.list.replaceChildren();
      this.ui.more.hidden = true;
      this.ui.noResults.hidden = true;
      this.showCounts(this.ui.totals);
      this.say(announce ? "Type a word, or tick a filter, to see results." : "");
      return;
    }

    let found;
    let counts;
    try {
      const query = term || null; // null: filters only
      found = await this.pagefind.search(query, {
        filters: this.pagefindFilters(chosen),
        sort: this.sortFor(term),
      });
      counts = { ...found.filters };
      // A ticked filter's own counts come from a search without it, so each number
      // says how many results that box gives alongside the other filters.
      await Promise.all(Object.keys(chosen).map(async (key) => {
        const without = await this.pagefind.search(query, { filters: this.pagefindFilters(chosen, key) });
        counts[key] = without.filters[key] || {};
      }));
    } catch (error) {
      if (id !== this.latest) return;
      console.warn("Search failed:", error);
      this.say("Sorry, the search did not work. Try again, or browse all consultations.");
      return;
    }
    if (id !== this.latest) return;

    const sort = this.sortFor(term);
    this.results = this.ui.sharded && sort.date
      ? await sortAcrossParts(found.results, sort.date)
      : found.results;
    if (id !== this.latest) return;
    this.shown = 0;
    this.ui.list.replaceChildren();
    this.showCounts(counts);
    await this.showMore({ focus: false, id });
    if (id !== this.latest) return;
    this.ui.noResults.hidden = this.results.length > 0;
    this.say(this.describe(this.results.length, term, chosen));
  }

  async showMore({ focus = true, id = this.latest } = {}) {
    const next = this.results.slice(this.shown, this.shown + this.ui.pageSize);
    const pages = await Promise.all(next.map((result) => result.data()));
    if (id !== this.latest) return;
    const items = pages.map((page) => this.resultItem(page));
    this.ui.list.append(...items);
    this.shown += items.length;
    this.ui.more.hidden = this.shown >= this.results.length;
    if (focus && items.length) {
      // Keyboard and screen reader users carry on from the first new result.
      items[0].querySelector("a").focus();
    }
  }

  resultItem(page) {
    const meta = page.meta || {};
    const item = element("li", "search-result");
    if (meta.kind) item.append(element("p", "search-result__kind caption", meta.kind));
    const heading = element("h3", "search-result__title");
    const link = element("a", "", meta.title || page.url);
    link.href = page.url;
    heading.append(link);
    item.append(heading);

    const facts = element("p", "search-result__facts");
    if (meta.status) {
      const slug = (meta.status_slug || "").replace(/[^a-z-]/g, "");
      facts.append(element("strong", `tag tag--${slug}`, meta.status));
    }
    if (meta.overdue) facts.append(" ", element("strong", "tag tag--overdue", meta.overdue));
    if (meta.when) facts.append(" ", element("span", "", meta.when));
    item.append(facts);

    if (page.excerpt) item.append(excerpt(page.excerpt));
    const by = [meta.lead, meta.where].filter(Boolean).join(" · ");
    if (by) item.append(element("p", "search-result__by", by));
    return item;
  }

  showCounts(counts) {
    for (const box of this.checkboxes()) {
      const n = (counts[box.name] || {})[box.value] || 0;
      this.ui.form.querySelector(`label[for='${box.id}'] [data-count]`).textContent = `(${n})`;
    }
  }

  showChosen(chosen) {
    for (const group of this.ui.groups) {
      const n = (chosen[group.dataset.filterGroup] || []).length;
      group.querySelector("[data-chosen]").textContent = n ? `(${n} selected)` : "";
    }
  }

  describe(count, term, chosen) {
    const results = `${count} ${count === 1 ? "result" : "results"}`;
    const words = term ? ` for ‘${term}’` : "";
    const parts = this.ui.groups
      .filter((group) => chosen[group.dataset.filterGroup])
      .map((group) => {
        const legend = group.querySelector("legend").textContent.trim();
        return `${legend}: ${chosen[group.dataset.filterGroup].join(" or ")}`;
      });
    const filters = parts.length ? `, filtered by ${parts.join("; ")}` : "";
    return count ? `${results}${words}${filters}.` : `No results${words}${filters}.`;
  }

  say(message) {
    this.ui.status.textContent = message;
  }
}

// Pagefind merges the parts of a large index by relevance, each part sorted on its
// own; for a date order across parts, the best matches are sorted here by the date
// each result carries. Beyond SORT_LIMIT results the rest follow by relevance.
const SORT_LIMIT = 300;

async function sortAcrossParts(results, direction) {
  const head = results.slice(0, SORT_LIMIT);
  const pages = await Promise.all(head.map((result) => result.data()));
  const sign = direction === "asc" ? 1 : -1;
  const order = pages
    .map((page, i) => ({ page, result: head[i] }))
    .sort((a, b) => sign * String(a.page.meta?.date || "").localeCompare(String(b.page.meta?.date || ""))
      || a.page.url.localeCompare(b.page.url));
  return [...order.map(({ page, result }) => ({ ...result, data: async () => page })), ...results.slice(SORT_LIMIT)];
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// Pagefind marks the matching words with <mark>; keep those and nothing else, as text.
function excerpt(html) {
  const parsed = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html").body;
  const paragraph = element("p", "search-result__excerpt");
  const walk = (from) => {
    for (const node of from.childNodes) {
      if (node.nodeType === Node.TEXT_NODE) paragraph.append(node.textContent);
      else if (node.nodeName === "MARK") paragraph.append(element("mark", "", node.textContent));
      else walk(node);
    }
  };
  walk(parsed);
  return paragraph;
}
