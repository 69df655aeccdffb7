/* Playbook: the first-week path narrowed to the clients a new colleague will serve.
 * The page lists every client's brief, industry and lessons (elements with data-client,
 * a space-separated list of client ids); this script shows the picker, and hides what
 * belongs to none of the chosen clients. The choice comes from the address
 * (?clients=a,b, as a colleague's team page links it) or else from localStorage, and is
 * kept there; ids of clients the page no longer lists are dropped quietly. Separate from
 * the "my clients" filter (window.playbookMyClients): this one only shapes the path. */
(function () {
  "use strict";

  var KEY = "playbook.onboardingPath";

  function stored() {
    try {
      var value = JSON.parse(window.localStorage.getItem(KEY) || "[]");
      return Array.isArray(value) ? value.map(String) : [];
    } catch (error) {
      return [];
    }
  }

  function store(ids) {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(ids));
    } catch (error) {
      /* private mode or storage off: the choice lasts for this page only */
    }
  }

  function fromAddress() {
    var value = new URLSearchParams(window.location.search).get("clients");
    if (value === null) return null;
    return value.split(",").map(function (id) { return id.trim(); }).filter(Boolean);
  }

  function setUp(picker) {
    if (picker.dataset.ready) return;
    picker.dataset.ready = "1";
    var article = picker.closest("article") || document;
    var boxes = Array.prototype.slice.call(picker.querySelectorAll("input[type=checkbox]"));
    var known = boxes.map(function (box) { return box.value; });
    var asked = fromAddress();
    var chosen = (asked !== null ? asked : stored()).filter(function (id) {
      return known.indexOf(id) >= 0;
    });
    store(chosen);
    if (asked !== null && window.history.replaceState) {
      // the choice is kept now: a reload follows the boxes, not the link that set them
      var address = new URL(window.location.href);
      address.searchParams.delete("clients");
      window.history.replaceState(window.history.state, "", address.href);
    }
    boxes.forEach(function (box) {
      box.checked = chosen.indexOf(box.value) >= 0;
      box.addEventListener("change", function () {
        chosen = boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
        store(chosen);
        apply();
      });
    });

    function apply() {
      article.querySelectorAll("[data-client]").forEach(function (element) {
        if (picker.contains(element)) return;
        var ids = element.getAttribute("data-client").split(/\s+/);
        var shown = !chosen.length || ids.some(function (id) { return chosen.indexOf(id) >= 0; });
        element.hidden = !shown;
      });
      var note = picker.querySelector("[data-path-note]");
      if (note) note.hidden = !chosen.length;
    }

    picker.hidden = false;
    apply();
  }

  function start() {
    document.querySelectorAll("[data-onboarding-path]").forEach(setUp);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start); /* Material's instant navigation */
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
