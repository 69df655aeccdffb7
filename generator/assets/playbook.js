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

  // "What is coming up", computed on the reader's day from calendar/upcoming.json (the
  // same rules as generator/upcoming.py, which wrote the list shown without JavaScript).
  function dayOf(text) {
    var p = text.split("-").map(Number);
    return new Date(p[0], p[1] - 1, p[2]);
  }

  function iso(day) {
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return day.getFullYear() + "-" + two(day.getMonth() + 1) + "-" + two(day.getDate());
  }

  function nextYearly(monthDay, today) {
    var p = monthDay.split("-").map(Number);
    for (var year = today.getFullYear(); year < today.getFullYear() + 9; year += 1) {
      var day = new Date(year, p[0] - 1, p[1]);
      if (day.getMonth() !== p[0] - 1) continue; // 02-29 outside a leap year
      if (day >= today) return day;
    }
    return null;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  function showUpcoming(section, data) {
    var now = new Date();
    var today = new Date(now.getFullYear(), now.getMonth(), now.getDate());
    var last = new Date(today.getFullYear(), today.getMonth(), today.getDate() + data.window);
    var root = section.dataset.root || "";
    var due = [];
    data.items.forEach(function (item) {
      var day = item.month_day ? nextYearly(item.month_day, today) : dayOf(item.day);
      if (!day) return;
      if ((day >= today && day <= last) || (item.milestone && day < today)) {
        due.push({ item: item, day: day, days: Math.round((day - today) / 86400000) });
      }
    });
    due.sort(function (a, b) {
      var late = (a.day >= today) - (b.day >= today);
      return late || a.day - b.day || a.item.client.localeCompare(b.item.client) ||
        a.item.title.localeCompare(b.item.title);
    });
    var labels = data.labels;
    var list = document.createElement("ul");
    list.className = "pb-upcoming-list";
    due.forEach(function (entry) {
      var li = document.createElement("li");
      if (entry.days < 0) li.className = "pb-overdue";
      var time = document.createElement("time");
      time.dateTime = iso(entry.day);
      time.textContent = iso(entry.day);
      var link = document.createElement("a");
      link.href = root + entry.item.url;
      link.textContent = entry.item.client + " · " + entry.item.title;
      li.append(time, " ", link);
      if (entry.item.kind) {
        var kind = document.createElement("span");
        kind.className = "pb-kind";
        kind.textContent = entry.item.kind;
        li.append(" ", kind);
      }
      var when = document.createElement("span");
      when.className = "pb-when";
      when.textContent = entry.days < 0 ? labels.glance_overdue
        : entry.days === 0 ? labels.glance_today
        : fill(labels.glance_in_days, { days: entry.days });
      li.append(" ", when);
      list.appendChild(li);
    });
    if (!due.length) {
      var none = document.createElement("li");
      none.className = "pb-none";
      none.textContent = labels.none;
      list.appendChild(none);
    }
    section.querySelector(".pb-upcoming-list").replaceWith(list);
    section.querySelector(".pb-upcoming-note").textContent =
      fill(labels.upcoming_as_of, { date: iso(today) });
    section.dataset.live = iso(today);
  }

  function upcoming(root) {
    root.querySelectorAll(".pb-upcoming[data-src]").forEach(function (section) {
      fetch(section.dataset.src)
        .then(function (response) { return response.json(); })
        .then(function (data) { showUpcoming(section, data); })
        .catch(function () { /* the list of the build day stays */ });
    });
  }

  function ready(root) {
    setUp(root);
    accessible(root);
    upcoming(root);
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(function () { ready(document); });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { ready(document); });
  } else {
    ready(document);
  }
})();
