/* What changed since the reader's last visit of this page, marked 新.
 *
 * The build writes, on each item whose date of addition the recent history knows,
 * data-added="<ISO date and time>" and data-label="<the word for new>". This script
 * remembers, per page, when the reader last opened it (localStorage) and shows the
 * word on the items added since. A first visit marks nothing; without history there
 * is nothing to mark. */
(function () {
  "use strict";
  var KEY = "playbook.seen:" + location.pathname;

  function mark() {
    var items = document.querySelectorAll("[data-added]");
    if (!items.length) return;
    var last = null;
    try {
      last = Number(localStorage.getItem(KEY)) || null;
      localStorage.setItem(KEY, String(Date.now()));
    } catch (e) {
      return; // storage refused (private mode, policy): nothing is known of past visits
    }
    if (last === null) return;
    items.forEach(function (item) {
      var added = Date.parse(item.getAttribute("data-added"));
      if (!isNaN(added) && added > last) {
        item.textContent = item.getAttribute("data-label") || "";
        item.classList.add("is-new");
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mark);
  } else {
    mark();
  }
})();
