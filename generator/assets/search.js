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

// Pagefind's own result template (pagefind-component-ui.js, 1.5), but a result is named by
// its content, title then excerpt: the whole visible text of the link. Pagefind names it by
// the title alone (aria-labelledby) and describes it by the excerpt, and a name that leaves
// out visible text fails WCAG 2.5.3 (axe: label-content-name-mismatch): a speech user who
// says what they see would not reach it. A screen reader still reads the title, then the
// excerpt.
const RESULT = `{{#if and(options.show_sub_results, sub_results)}}<div class="pf-searchbox-group" role="group" aria-label="{{ meta.title | default('Untitled') }}">{{/if}}<a class="pf-searchbox-result" id="{{ aria.result_id }}" href="{{ meta.url | default(url) | safeUrl }}" role="option" aria-selected="false">
  <p class="pf-searchbox-result-title" id="{{ aria.title_id }}">{{ meta.title | default("Untitled") }}</p>
  {{#if excerpt}}
  <p class="pf-searchbox-result-excerpt" id="{{ aria.excerpt_id }}">{{+ excerpt +}}</p>
  {{/if}}
</a>{{#if and(options.show_sub_results, sub_results)}}
{{#each sub_results as sub}}
<a class="pf-searchbox-result pf-searchbox-subresult" id="{{ sub.aria.result_id }}" href="{{ sub.url | safeUrl }}" role="option" aria-selected="false">
  <p class="pf-searchbox-result-title" id="{{ sub.aria.title_id }}">{{ sub.title | default("Section") }}</p>
  {{#if sub.excerpt}}
  <p class="pf-searchbox-result-excerpt" id="{{ sub.aria.excerpt_id }}">{{+ sub.excerpt +}}</p>
  {{/if}}
</a>
{{/each}}
</div>{{/if}}`;

function resultTemplate() {
  const script = document.createElement("script");
  script.type = "text/pagefind-template";
  script.dataset.template = "result";
  script.textContent = RESULT;
  return script;
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
    // A person's entry in the people directory (listed) comes after their own section.
    ranking: { metaWeights: { title: 5.0, names: 5.0, listed: 2.0 } },
  });
  const strings = JSON.parse(slot.dataset.strings);
  instance.setTranslations(strings);
  const box = document.createElement("pagefind-searchbox");
  box.setAttribute("show-sub-results", "");
  box.appendChild(resultTemplate());
  // No max-results: every result is in the list. Pagefind fetches a result's data only as
  // it scrolls into view or the arrow keys reach it, so a long list costs no more to open.
  box.setAttribute("placeholder", strings.placeholder);
  box.setAttribute("aria-label", strings.search_label);
  slot.appendChild(box);
  // The count, shown above the list (screen readers hear it from Pagefind's own
  // announcement, so it is hidden from them here).
  instance.on("results", (search) => {
    const dropdown = box.querySelector(".pf-searchbox-dropdown");
    if (!dropdown) return;
    let count = dropdown.querySelector(".pb-search-count");
    if (!count) {
      count = document.createElement("div");
      count.className = "pb-search-count";
      count.setAttribute("aria-hidden", "true");
      dropdown.prepend(count);
    }
    const found = search.results?.length ?? 0;
    count.hidden = found === 0;
    count.textContent = (found === 1 ? strings.one_result : strings.many_results)
      .replace("[SEARCH_TERM]", instance.searchTerm ?? "")
      .replace("[COUNT]", String(found));
  });
}

if (new URLSearchParams(window.location.search).has(HIGHLIGHT)) {
  const { default: PagefindHighlight } = await import(bundlePath + "pagefind-highlight.js");
  new PagefindHighlight({ highlightParam: HIGHLIGHT, markContext: "[data-pagefind-body]" });
}
