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
// The filter each part of a sharded index carries: the part's number (never shown).
export const PART = "search-part";
// The delta: a small bundle of the pages edited since their part was indexed, inside
// the first part's folder, and the part name its results carry.
const DELTA = "delta/";
const DELTA_PART = "delta";
// The type-of-page filter, and the value of the results pages ("You said, we did"):
// left out unless that filter is used, so each consultation is one result, marked
// when its results are published (search.facets.KIND_LABELS).
const TYPE = "type";
const RESULTS_PAGES = "You said, we did";
// The filter each place, organisation and topic record carries: its address (never shown).
const NAMED = "named";
// Pagefind's ranking: a word matched as typed counts well above one that only shares
// its stem or start ("parks" for "parking"; Pagefind's default is 1). Its other weights
// are left as they are: changing them moved nothing in the relevance set
// (tests/fixtures/search/relevance.yaml); naming a place is handled by nameFirst.
const RANKING = { termSimilarity: 6.0 };
// Wide enough for the filters beside the results (search.css's two columns).
const WIDE = "(min-width: 48rem)";

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
    rewritten: root.querySelector("[data-rewritten]"),
    fold: root.hasAttribute("data-fold-results"),
    words: { synonyms: {}, vocabulary: [], names: {} },
    clear: root.querySelector("[data-clear-filters]"),
    groups: [...root.querySelectorAll("[data-filter-group]")],
    filters: root.querySelector("[data-filters]"),
    applied: root.querySelector("[data-filters-applied]"),
    pageSize: Number(root.dataset.pageSize) || 10,
  };

  let pagefind;
  try {
    const bundle = new URL(root.dataset.bundle, document.baseURI);
    const baseUrl = root.dataset.baseUrl || "/";
    ui.baseUrl = baseUrl;
    // A large register's index is built in parts (SEARCH records_per_shard), each a
    // Pagefind bundle of its own, merged here. Each part carries a filter of its own
    // number (PART), so a search can be asked of one part alone (see ByDate).
    const extra = (root.dataset.extraBundles || "").split(" ").filter(Boolean);
    // Pages edited since their part was indexed, indexed on their own (Fresh, below).
    const deltaUrl = new URL(DELTA, bundle);
    const words = readWords(root.dataset.words); // both fetched while Pagefind loads
    const delta = readDelta(new URL("delta.json", deltaUrl).href);
    pagefind = await import(new URL("pagefind.js", bundle).href);
    const { bundle: hasDelta, stale, weight } = await delta;
    ui.parts = extra.length + 1 + (hasDelta ? 1 : 0);
    const part = (n) => (ui.parts > 1 ? { mergeFilter: { [PART]: String(n) } } : {});
    await pagefind.options({ baseUrl, excerptLength: Number(root.dataset.excerptWords) || 30, ranking: RANKING,
      ...part(0) });
    // All at once: each part fetches its own small entry and metadata files.
    await Promise.all([
      ...extra.map((url, i) => pagefind.mergeIndex(new URL(url, document.baseURI).href, { baseUrl, ...part(i + 1) })),
      ...(hasDelta ? [pagefind.mergeIndex(deltaUrl.href, { baseUrl, indexWeight: weight, ...part(DELTA_PART) })] : []),
    ]);
    pagefind = new Fresh(pagefind, stale, ui.parts > 1);
    // Loading the filters first makes every search return counts for each value
    // (Pagefind adds up the counts of every part).
    ui.totals = await pagefind.filters();
    ui.words = await words;
  } catch (error) {
    console.warn("Search could not load its index:", error);
    ui.failed.hidden = false;
    return;
  }

  const search = new Search(pagefind, ui);
  // Phones first: the filters stay folded under "Filter results" so the results come
  // straight after the search box; a wide screen has room for them beside the results.
  ui.filters.open = window.matchMedia(WIDE).matches;
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
    this.byDate = null; // set for a date order across the parts of a sharded index
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
  // Without a type of page ticked, results pages are left out (one result per consultation).
  pagefindFilters(chosen, leaveOut, { fold = this.ui.fold } = {}) {
    const filters = {};
    for (const [key, values] of Object.entries(chosen)) {
      if (key !== leaveOut) filters[key] = { any: values };
    }
    if (fold && !chosen[TYPE] && leaveOut !== TYPE) filters[TYPE] = { none: [RESULTS_PAGES] };
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
      this.ui.rewritten.hidden = true;
      this.results = [];
      this.byDate = null;
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
    let byDate = null;
    let query = term ? rewrite(term, this.ui.words.synonyms) : null; // null: filters only
    const sort = this.sortFor(term);
    let filters = this.pagefindFilters(chosen);
    try {
      let named = query && !sort.date ? this.nameFirst(query, filters) : null;
      found = await this.pagefind.search(query, { filters, sort });
      if (!found.results.length && query) {
        // Nothing: try the register's own spelling of each unknown word, then the results pages.
        const corrected = correct(query, this.ui.words.vocabulary);
        if (corrected !== query) {
          const again = await this.pagefind.search(corrected, { filters, sort });
          if (again.results.length) {
            [found, query] = [again, corrected];
            named = this.nameFirst(query, filters);
          }
        }
      }
      if (!found.results.length && query && filters[TYPE] && !chosen[TYPE]) {
        filters = this.pagefindFilters(chosen, null, { fold: false });
        found = await this.pagefind.search(query, { filters, sort });
      }
      if (named) moveFirst(found.results, await named);
      if (id !== this.latest) return;
      counts = { ...found.filters };
      // The type filter always counts every type, results pages included: with no filter
      // ticked, that is Pagefind's count without filters; otherwise one more search.
      const counted = Object.keys(chosen);
      if (this.ui.fold && !chosen[TYPE]) {
        if (counted.length) counted.push(TYPE);
        else counts[TYPE] = (found.totalFilters || {})[TYPE] || {};
      }
      await Promise.all([
        // A ticked filter's own counts come from a search without it, so each number
        // says how many results that box gives alongside the other filters.
        ...counted.map(async (key) => {
          const without = await this.pagefind.search(query, { filters: this.pagefindFilters(chosen, key) });
          counts[key] = without.filters[key] || {};
        }),
        (async () => {
          if (this.ui.parts > 1 && sort.date) {
            byDate = await ByDate.start(this.pagefind, query, filters, sort, found.filters[PART] || {});
          }
        })(),
      ]);
    } catch (error) {
      if (id !== this.latest) return;
      console.warn("Search failed:", error);
      this.say("Sorry, the search did not work. Try again, or browse all consultations.");
      return;
    }
    if (id !== this.latest) return;

    this.results = found.results;
    this.byDate = byDate;
    this.shown = 0;
    this.ui.list.replaceChildren();
    this.showCounts(counts);
    await this.showMore({ focus: false, id });
    if (id !== this.latest) return;
    this.ui.noResults.hidden = this.results.length > 0;
    const shownFor = query && query.toLowerCase() !== term.toLowerCase() ? query : term;
    this.ui.rewritten.hidden = shownFor === term;
    this.ui.rewritten.textContent = shownFor === term ? "" : `Showing results for ‘${shownFor}’. You typed ‘${term}’.`;
    this.say(this.describe(this.results.length, shownFor, chosen));
  }

  // A query that is exactly the name of a place, ward, partner or topic shows its page
  // first: Pagefind alone ranks a consultation that names a town often above the town.
  // Each such page carries a filter of its own address (search/subjects.py), so one
  // small search finds it. Resolves with its result's id, or null.
  async nameFirst(query, filters) {
    const named = this.ui.words.names[query.toLowerCase().split(/\s+/).join(" ")];
    if (!named) return null;
    const own = await this.pagefind.search(query, { filters: { ...filters, [NAMED]: named[0] } });
    return own.results.length ? own.results[0].id : null;
  }

  // One page at a time: a second click while a page is loading adds the page after it.
  showMore(options) {
    this.adding = (this.adding || Promise.resolve()).catch(() => {}).then(() => this.addPage(options));
    return this.adding;
  }

  async addPage({ focus = true, id = this.latest } = {}) {
    if (id !== this.latest) return;
    const upTo = this.shown + this.ui.pageSize;
    const pages = this.byDate
      ? (await this.byDate.first(upTo)).slice(this.shown)
      : await Promise.all(this.results.slice(this.shown, upTo).map((result) => result.data()));
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
    // A standing group's record is indexed at a folder of its own under /get-involved/
    // (one file each); its result opens its entry on that page (search/subjects.py).
    link.href = meta.anchor ? `${page.url.replace(/[^/]+\/$/, "")}#${meta.anchor}` : page.url;
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
    if (meta.results_url) {
      // Its results page, folded into this one result.
      const results = element("p", "search-result__results");
      const to = element("a", "", "You said, we did");
      to.href = this.ui.baseUrl + meta.results_url;
      to.append(element("span", "visually-hidden", `: ${meta.title || ""}`));
      results.append(to); // its status tag, above, already says "Results published"
      item.append(results);
    }
    return item;
  }

  showCounts(counts) {
    for (const box of this.checkboxes()) {
      const n = (counts[box.name] || {})[box.value] || 0;
      this.ui.form.querySelector(`label[for='${box.id}'] [data-count]`).textContent = `(${n})`;
    }
  }

  showChosen(chosen) {
    let total = 0;
    for (const group of this.ui.groups) {
      const n = (chosen[group.dataset.filterGroup] || []).length;
      group.querySelector("[data-chosen]").textContent = n ? `(${n} selected)` : "";
      total += n;
    }
    // The count on the folded disclosure, so a filter left ticked is not forgotten.
    this.ui.applied.textContent = total ? `(${total} ${total === 1 ? "filter" : "filters"} applied)` : "";
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

// A date order across the parts of a sharded index. Pagefind sorts each part on its
// own, then merges the parts by score, and under a sort a score is a page's place
// within its own part: near date order across parts, not exact. Each part's own list
// is exact, so this asks each part for its results alone (filtered to its PART) and
// merges the lists by the date each result carries. A result's data (which showing it
// needs anyway) is fetched only when it could be next: the heads of the parts, then
// more from the part that was taken from.
export class ByDate {
  static async start(pagefind, query, filters, sort, partCounts) {
    const parts = Object.entries(partCounts).filter(([, n]) => n > 0).map(([part]) => part);
    const lists = await Promise.all(parts.map(async (part) => {
      const found = await pagefind.search(query, { filters: { ...filters, [PART]: part }, sort });
      return found.results;
    }));
    return new ByDate(lists, sort.date === "asc" ? 1 : -1);
  }

  constructor(lists, sign) {
    this.sign = sign; // 1: oldest first, -1: newest first
    // Per part: its results in order, how many fetched, and the fetched ones not yet placed.
    this.parts = lists.map((results, i) => ({ i, results, fetched: 0, waiting: [] }));
    this.placed = [];
  }

  // The first `count` results' data, in order. Calls wait for each other: each takes
  // from the parts' lists in turn.
  first(count) {
    this.taking = (this.taking || Promise.resolve()).catch(() => {}).then(() => this.take(count));
    return this.taking;
  }

  async take(count) {
    while (this.placed.length < count) {
      const live = this.parts.filter((p) => p.waiting.length || p.fetched < p.results.length);
      if (!live.length) break;
      const hungry = live.filter((p) => !p.waiting.length);
      if (hungry.length) {
        // A part not yet fetched needs only its first; one that was just taken from
        // is likely to be taken from again, so it fetches what the page still needs.
        const want = count - this.placed.length;
        await Promise.all(hungry.map((p) => this.fetch(p, p.fetched ? want : 1)));
        continue;
      }
      const next = live.reduce((best, p) => (this.before(p.waiting[0], best.waiting[0]) ? p : best));
      this.placed.push(next.waiting.shift());
    }
    return this.placed.slice(0, count);
  }

  async fetch(part, count) {
    const batch = part.results.slice(part.fetched, part.fetched + count);
    part.fetched += batch.length;
    part.waiting.push(...await Promise.all(batch.map((result) => result.data())));
  }

  // Earlier date first (or later, newest first); the same date: by address, so the
  // order is the same on every visit.
  before(a, b) {
    const da = String(a.meta?.date || "");
    const db = String(b.meta?.date || "");
    if (da !== db) return this.sign * (da < db ? -1 : 1) < 0;
    return a.url < b.url;
  }
}

// An index whose parts can have pages edited since they were made (search/delta.py): the
// edited pages are in the delta, and each old entry still in its part ("stale", by its
// Pagefind id, with its part and filter values) is dropped from results and taken out of
// the counts, so what is found and counted is what a whole index gives. An entry whose
// text did not change has the same id in its part and in the delta: one of the two goes.
export class Fresh {
  constructor(pagefind, stale, parted) {
    this.pagefind = pagefind;
    this.stale = new Map(Object.entries(stale || {}));
    this.parted = parted; // results carry their part's name (PART)
  }

  filters() {
    return this.pagefind.filters().then((totals) => this.without(totals, [...this.stale.values()]));
  }

  async search(query, options = {}) {
    const found = await this.pagefind.search(query, options);
    if (!this.stale.size || !found) return found;
    const [results, gone] = this.drop(found.results, options.filters);
    let totals = found.totalFilters;
    if (query !== null) {
      // Counts without any filter: the stale entries among every result for the words.
      const filtered = Object.keys(options.filters || {}).length > 0;
      const all = filtered ? await this.pagefind.search(query, options.sort ? { sort: options.sort } : {}) : found;
      totals = this.without(all.totalFilters, this.drop(all.results, {})[1]);
    }
    return { ...found, results, filters: this.without(found.filters, gone), totalFilters: totals };
  }

  // [the results without stale entries, the stale entries dropped]. A search asked of one
  // part alone holds only that part's entries.
  drop(results, filters) {
    const only = filters?.[PART];
    const left = new Map(this.stale);
    const kept = [];
    const gone = [];
    for (const result of results) {
      const entry = left.get(result.id);
      if (entry && (only === undefined || entry.part === only)) {
        left.delete(result.id);
        gone.push(entry);
      } else {
        kept.push(result);
      }
    }
    return [kept, gone];
  }

  without(counts, entries) {
    if (!entries.length) return counts;
    const out = {};
    for (const [key, values] of Object.entries(counts || {})) out[key] = { ...values };
    for (const entry of entries) {
      const values = this.parted ? { ...entry.filters, [PART]: [entry.part] } : entry.filters;
      for (const [key, list] of Object.entries(values)) {
        for (const value of list) {
          if (out[key] && out[key][value] > 0) out[key][value] -= 1;
        }
      }
    }
    return out;
  }
}

// What the delta holds (search/delta.py, /pagefind/delta/delta.json): whether it has a
// bundle, and the stale entries; none if it cannot be read (a site built before deltas).
async function readDelta(url) {
  try {
    const response = await fetch(url);
    if (!response.ok) return { bundle: false, stale: {}, weight: 1 };
    const delta = await response.json();
    // Its ranking weight (search/delta.py, weight): a number, or Pagefind's own 1.
    const weight = Number.isFinite(delta.weight) && delta.weight > 0 ? delta.weight : 1;
    return { bundle: delta.bundle === true, stale: delta.stale || {}, weight };
  } catch (error) {
    console.warn("Search could not read which pages were edited since the index was made:", error);
    return { bundle: false, stale: {}, weight: 1 };
  }
}

// Moves the result with this id to the front of the list, if it is there.
function moveFirst(results, id) {
  const at = id === null ? -1 : results.findIndex((r) => r.id === id);
  if (at > 0) results.unshift(...results.splice(at, 1));
}

// The spelling, synonym and name list (search/words.py, /search/words.js). Search works
// without it, searching the words as typed, if it cannot be loaded.
async function readWords(url) {
  try {
    const words = (await import(new URL(url, document.baseURI).href)).default;
    return { synonyms: words.synonyms || {}, vocabulary: words.vocabulary || [], names: words.names || {} };
  } catch (error) {
    console.warn("Search could not load its spelling list, so words are searched as typed:", error);
    return { synonyms: {}, vocabulary: [], names: {} };
  }
}

// Everyday words the pages do not use ("bins") become the words they do ("waste").
export function rewrite(term, synonyms) {
  return term.split(/\s+/).map((word) => synonyms[word.toLowerCase()] ?? word).join(" ");
}

// Each word the register does not use, of 4 letters or more, becomes its closest word
// one letter away (two for words of 7 or more letters), the most used if several are.
export function correct(term, vocabulary) {
  const known = new Set(vocabulary);
  return term.split(/\s+/).map((word) => {
    const lower = word.toLowerCase();
    if (lower.length < 4 || known.has(lower) || /\d/.test(lower)) return word;
    const most = lower.length >= 7 ? 2 : 1;
    let best = null;
    let bestDistance = most + 1;
    for (const candidate of vocabulary) {
      if (Math.abs(candidate.length - lower.length) > most) continue;
      const d = distance(lower, candidate, most);
      if (d < bestDistance) [best, bestDistance] = [candidate, d];
      if (d === 1) break; // the vocabulary is most used first
    }
    return best ?? word;
  }).join(" ");
}

// Letters added, removed, changed or swapped (optimal string alignment), stopping early
// once every way is already more than `most` apart.
function distance(a, b, most) {
  let before = null;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let smallest = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
      if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, before[j - 2] + 1);
      }
      row.push(d);
      smallest = Math.min(smallest, d);
    }
    if (smallest > most) return most + 1;
    [before, previous] = [previous, row];
  }
  return previous[b.length];
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
