/* Playbook: narrow the tables that follow a .pb-filter block by the values of some columns.
 * The block names the columns by number (data-columns="1,2,3"); the select boxes take their
 * labels from the table headers, so the script knows no language. Without JavaScript every
 * row simply stays visible. */
(function () {
  "use strict";

  function setUp(root) {
    root.querySelectorAll(".pb-filter").forEach(function (block) {
      if (block.dataset.ready) return;
      block.dataset.ready = "1";
      var article = block.closest("article") || document;
      var tables = Array.prototype.filter.call(article.querySelectorAll("table"), function (t) {
        return block.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING;
      });
      if (!tables.length) return;
      var columns = block.dataset.columns.split(",").map(Number);
      var selects = columns.map(function (column) {
        var header = tables[0].querySelectorAll("thead th")[column];
        var values = {};
        tables.forEach(function (table) {
          table.querySelectorAll("tbody tr").forEach(function (row) {
            var cell = row.children[column];
            if (cell) values[cell.textContent.trim()] = true;
          });
        });
        var label = document.createElement("label");
        label.textContent = header ? header.textContent.trim() : "";
        var select = document.createElement("select");
        select.dataset.column = column;
        var all = document.createElement("option");
        all.value = "";
        all.textContent = block.dataset.all || "*";
        select.appendChild(all);
        Object.keys(values).sort().forEach(function (value) {
          var option = document.createElement("option");
          option.value = value;
          option.textContent = value;
          select.appendChild(option);
        });
        select.addEventListener("change", apply);
        label.appendChild(select);
        block.appendChild(label);
        return select;
      });

      function apply() {
        tables.forEach(function (table) {
          var shown = 0;
          table.querySelectorAll("tbody tr").forEach(function (row) {
            var match = selects.every(function (select) {
              var cell = row.children[Number(select.dataset.column)];
              return !select.value || (cell && cell.textContent.trim() === select.value);
            });
            row.classList.toggle("pb-hidden", !match);
            if (match) shown += 1;
          });
          // Hide a whole group (its table and the heading before it) when nothing matches.
          var wrapper = table.closest(".md-typeset__scrollwrap") || table;
          wrapper.classList.toggle("pb-hidden", shown === 0);
          var heading = wrapper.previousElementSibling;
          if (heading && /^H[2-4]$/.test(heading.tagName)) heading.classList.toggle("pb-hidden", shown === 0);
        });
      }
    });
  }

  // Accessibility of the theme's own parts (axe-core checks every page in the tests):
  // the search dialog gets a name (its input's label), and a table wider than the page,
  // which scrolls sideways, can take the keyboard's focus so it can be scrolled.
  function accessible(root) {
    root.querySelectorAll(".md-search[role=dialog]:not([aria-label])").forEach(function (dialog) {
      var input = dialog.querySelector("input");
      var name = input && (input.getAttribute("aria-label") || input.getAttribute("placeholder"));
      if (name) dialog.setAttribute("aria-label", name);
    });
    root.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth + 1 && !wrap.hasAttribute("tabindex")) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        var caption = wrap.previousElementSibling;
        if (caption && /^H[1-6]$/.test(caption.tagName)) {
          wrap.setAttribute("aria-label", caption.textContent.replace(/¶$/, "").trim());
        }
      }
    });
  }

  function ready(root) {
    setUp(root);
    accessible(root);
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(function () { ready(document); });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { ready(document); });
  } else {
    ready(document);
  }
})();
