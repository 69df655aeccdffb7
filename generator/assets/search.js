/* Playbook's search: Pagefind's searchbox in the header, where the theme's search would be.
 *
 * pagefind-component-ui.js (loaded just before this module) defines the <pagefind-*>
 * elements and window.PagefindComponents; the index is in pagefind/ at the site's root,
 * two folders above this file, so the site may live under any path. The searchbox shows
 * each page once with the sections that matched beneath it, and opens a section with
 * ?highlight=, which marks the words found there. The labels follow the page's language
 * (<html lang>). Without JavaScript there is no searchbox: nothing else depends on it. */
const root = new URL("../../", import.meta.url);
const bundlePath = new URL("pagefind/", root).pathname;
const HIGHLIGHT = "highlight";
const slot = document.querySelector(".pb-search[data-strings]");

// The browser cuts a Chinese query with its own dictionary, which splits the words it does
// not know into single characters (德信 → 德|信, 倒推 → 倒|推). The index was cut at build
// time with another dictionary that holds 倒推 whole, and the names' tails (see
// generator/search.py) hold 德信…; a query word must begin an indexed word, so the lone
// 推 finds nothing and the query fails. Runs of single Chinese characters are therefore
// joined again before Pagefind reads them; a run longer than any indexed word falls back,
// in Pagefind, to the longest indexed word it begins with. Pagefind then searches on this
// page's thread (noWorker), where this segmenter is the one it finds.
const LONE_HAN = /^[\u3400-\u9fff\uf900-\ufaff]$/u;
const BrowserSegmenter = Intl.Segmenter;
class JoiningSegmenter {
  constructor(locales, options) {
    this.inner = new BrowserSegmenter(locales, options);
    this.words = options?.granularity === "word";
  }
  resolvedOptions() {
    return this.inner.resolvedOptions();
  }
  segment(text) {
    const parts = [...this.inner.segment(text)];
    if (!this.words) return parts;
    const joined = [];
    let run = null;
    for (const part of parts) {
      if (LONE_HAN.test(part.segment)) {
        if (run) run.segment += part.segment;
        else joined.push((run = { ...part }));
      } else {
        run = null;
        joined.push(part);
      }
    }
    return joined;
  }
}

if (slot && BrowserSegmenter) {
  Intl.Segmenter = JoiningSegmenter;
}

if (slot) {
  const { configureInstance } = window.PagefindComponents;
  const instance = configureInstance("default", {
    bundlePath,
    highlightParam: HIGHLIGHT,
    excerptLength: 24,
    noWorker: true, // see JoiningSegmenter above
    // A client's own page carries its names (name, aliases, contacts) in a metadata
    // field; a match there counts like one in the title, so the page outranks pages
    // that merely mention the client.
    ranking: { metaWeights: { title: 5.0, names: 5.0 } },
  });
  const strings = JSON.parse(slot.dataset.strings);
  instance.setTranslations(strings);
  const box = document.createElement("pagefind-searchbox");
  box.setAttribute("show-sub-results", "");
  box.setAttribute("max-results", "12");
  box.setAttribute("placeholder", strings.placeholder);
  box.setAttribute("aria-label", strings.search_label);
  slot.appendChild(box);
}

if (new URLSearchParams(window.location.search).has(HIGHLIGHT)) {
  const { default: PagefindHighlight } = await import(bundlePath + "pagefind-highlight.js");
  new PagefindHighlight({ highlightParam: HIGHLIGHT, markContext: "[data-pagefind-body]" });
}
