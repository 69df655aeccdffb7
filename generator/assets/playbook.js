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

  // "What is coming up", computed on the reader's day from calendar/upcoming/ (the same
  // rules as generator/pages/upcoming.py, which wrote the list shown without JavaScript).
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

  // The data is split (generator/pages/upcoming.py): index.json, then files of items in
  // three sorted streams (m: milestones, d: one-off dates, y: yearly dates by MM-DD). Only
  // the files that hold the first entries of today's list are fetched; "more" fetches on.
  function leapRank(monthDay) {
    var p = monthDay.split("-").map(Number);
    return Math.round((Date.UTC(2000, p[0] - 1, p[1]) - Date.UTC(2000, 0, 1)) / 86400000);
  }

  // A stream's items, file by file in `order` (each fetched once, when reached); null at the end.
  function reader(src, name, order, files) {
    var buffer = [], next = 0;
    function read() {
      if (buffer.length) return Promise.resolve(buffer.shift());
      if (next >= order.length) return Promise.resolve(null);
      var url = src.replace(/index\.json$/, name + order[next] + ".json");
      next += 1;
      if (!files[url]) files[url] = fetch(url).then(function (r) { return r.json(); });
      return files[url].then(function (items) { buffer = items.slice(); return read(); });
    }
    return read;
  }

  // Entries of a stream, each with its day: `skip` drops one, `stop` ends the stream.
  function feed(read, dayOf, skip, stop) {
    var head;
    function peek() {
      if (head !== undefined) return Promise.resolve(head);
      return read().then(function (item) {
        if (item === null) { head = null; return null; }
        var day = dayOf(item);
        if (stop(item, day)) { head = null; return null; }
        if (!day || skip(item, day)) return peek();
        head = { item: item, day: day };
        return head;
      });
    }
    return { peek: peek, take: function () { var h = head; head = undefined; return h; } };
  }

  function earlier(a, b) {
    if (a.day - b.day) return a.day < b.day;
    if (a.item.client !== b.item.client) return a.item.client < b.item.client;
    return a.item.title < b.item.title;
  }

  // The list's entries one by one: overdue milestones (oldest first), then the window by day.
  function entries(src, index, today, last) {
    var streams = index.streams, files = {};
    var offset = Math.round((today - dayOf(index.built)) / 86400000);
    function start(stream) {
      if (!stream.at.length) return stream.pages;
      return stream.at[Math.max(0, Math.min(offset, stream.at.length - 1))];
    }
    function range(from, to) {
      var pages = [];
      for (var p = from; p < to; p += 1) pages.push(p);
      return pages;
    }
    function byDay(item) { return dayOf(item.day); }
    var overdue = feed(reader(src, "m", range(0, streams.m.pages), files), byDay,
      function () { return false; }, function (item, day) { return day >= today; });
    function dated(name) {
      var s = streams[name];
      return feed(reader(src, name, range(start(s), s.pages), files), byDay,
        function (item, day) { return day < today; }, function (item, day) { return day > last; });
    }
    var rank = leapRank(iso(today).slice(5)), y = streams.y;
    var first = y.at.length ? y.at[rank] : 0;
    var begun = first >= y.pages, yearOf = today.getFullYear();
    var yearly = feed(reader(src, "y", range(first, y.pages).concat(range(0, first)), files),
      function (item) { return nextYearly(item.month_day, today); },
      function (item, day) {
        var later = leapRank(item.month_day) >= rank;
        if (later) begun = true;
        return !begun || day > last;
      },
      function (item) {
        if (!begun && leapRank(item.month_day) < rank) return false;
        var p = item.month_day.split("-").map(Number);
        var year = leapRank(item.month_day) >= rank ? yearOf : yearOf + 1;
        return new Date(year, p[0] - 1, p[1]) > last;  // 02-29 rolls to 03-01: in order
      });
    var coming = [dated("m"), dated("d"), yearly];
    return function next() {
      return overdue.peek().then(function (late) {
        if (late) return overdue.take();
        return Promise.all(coming.map(function (f) { return f.peek(); })).then(function (heads) {
          var best = -1;
          heads.forEach(function (h, k) { if (h && (best < 0 || earlier(h, heads[best]))) best = k; });
          return best < 0 ? null : coming[best].take();
        });
      });
    };
  }

  // The next `count` entries, and whether there are more (one read ahead, kept for later).
  function pager(next) {
    var ahead = null;
    return function (count) {
      var got = ahead ? [ahead] : [];
      ahead = null;
      function step() {
        if (got.length > count) { ahead = got.pop(); return Promise.resolve({ list: got, more: true }); }
        return next().then(function (entry) {
          if (!entry) return { list: got, more: false };
          got.push(entry);
          return step();
        });
      }
      return step();
    };
  }

  function entryItem(entry, today, root, labels) {
    var days = Math.round((entry.day - today) / 86400000);
    var li = document.createElement("li");
    if (days < 0) li.className = "pb-overdue";
    if (entry.item.client_id) li.dataset.client = entry.item.client_id;
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
    when.textContent = days < 0 ? labels.glance_overdue
      : days === 0 ? labels.glance_today
      : fill(labels.glance_in_days, { days: days });
    li.append(" ", when);
    return li;
  }

  function showUpcoming(section, index) {
    var now = new Date();
    var today = new Date(now.getFullYear(), now.getMonth(), now.getDate());
    var last = new Date(today.getFullYear(), today.getMonth(), today.getDate() + index.window);
    var root = section.dataset.root || "";
    var labels = index.labels;
    var page = pager(entries(section.dataset.src, index, today, last));
    var list = document.createElement("ul");
    list.className = "pb-upcoming-list";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "pb-upcoming-more md-button";
    button.textContent = labels.more;
    function show(found) {
      found.list.forEach(function (entry) { list.appendChild(entryItem(entry, today, root, labels)); });
      button.style.display = found.more ? "" : "none";  // .md-button would show it
      if (window.playbookMyClients) window.playbookMyClients.apply(list);
    }
    return page(index.shown).then(function (found) {
      if (!found.list.length) {
        var none = document.createElement("li");
        none.className = "pb-none";
        none.textContent = labels.none;
        list.appendChild(none);
      }
      show(found);
      button.addEventListener("click", function () {
        button.disabled = true;
        page(index.shown).then(show).finally(function () { button.disabled = false; });
      });
      section.querySelector(".pb-upcoming-list").replaceWith(list);
      var link = section.querySelector(".pb-upcoming-more");
      if (link) link.remove();
      list.after(button);
      section.querySelector(".pb-upcoming-note").textContent =
        fill(labels.upcoming_as_of, { date: iso(today) });
      section.dataset.live = iso(today);
    });
  }

  function upcoming(root) {
    root.querySelectorAll(".pb-upcoming[data-src]").forEach(function (section) {
      if (section.dataset.live) return;
      fetch(section.dataset.src)
        .then(function (response) { return response.json(); })
        .then(function (index) { return showUpcoming(section, index); })
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
