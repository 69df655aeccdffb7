/* Playbook: "my clients", a reader's own choice of clients, kept in their browser.
 *
 * A static site has no login: the choice lives in localStorage, one per site (keyed by the
 * site's root). Lists of clients mark their rows and items with data-client="<id>" (or
 * several ids, space-separated: shown when any is chosen); when the choice is on, the
 * others are hidden and a note says so, with a button to show everything again.
 *
 * The words come from the page, in the handbook's language: a .pb-mine block (accounts,
 * health, results, calendar) holds the clients that exist and the labels, and draws the
 * picker; a .pb-this-is-me block (a colleague's page) offers "this is me". A stored choice
 * naming clients that no longer exist drops them quietly; a broken one is forgotten.
 * Other scripts that draw lists later call window.playbookMyClients.apply(element).
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var root = script && script.src ? new URL("../../", script.src).pathname : "/";
  var KEY = "playbook-my-clients:" + root;

  function load() {
    try {
      var stored = JSON.parse(window.localStorage.getItem(KEY) || "null");
      if (stored && Array.isArray(stored.clients)) {
        return {
          clients: stored.clients.filter(function (id) { return typeof id === "string" && id; }),
          on: stored.on !== false,
        };
      }
      if (stored !== null) window.localStorage.removeItem(KEY);
    } catch (error) {
      try { window.localStorage.removeItem(KEY); } catch (ignored) { /* storage off */ }
    }
    return { clients: [], on: false };
  }

  function save(choice) {
    try {
      if (choice.clients.length) {
        window.localStorage.setItem(KEY, JSON.stringify(choice));
      } else {
        window.localStorage.removeItem(KEY);
      }
    } catch (error) { /* storage off or full: the choice lasts this page only */ }
  }

  function block() {
    return document.querySelector(".pb-mine[data-known]");
  }

  function known(mine) {
    try {
      var pairs = JSON.parse(mine.dataset.known);
      return Array.isArray(pairs) ? pairs : [];
    } catch (error) {
      return [];
    }
  }

  // The stored choice, less the clients this site no longer has (when the page says which).
  function current() {
    var choice = load();
    var mine = block();
    if (mine && choice.clients.length) {
      var ids = {};
      known(mine).forEach(function (pair) { ids[pair[0]] = true; });
      var kept = choice.clients.filter(function (id) { return ids[id]; });
      if (kept.length !== choice.clients.length) {
        choice.clients = kept;
        save(choice);
      }
    }
    return choice;
  }

  function words() {
    var mine = block();
    var data = mine ? mine.dataset : {};
    return {
      only: data.only || "{count}",
      all: data.all || "×",
      mine: data.mine || "{count}",
    };
  }

  function fill(template, count) {
    return template.replace("{count}", String(count));
  }

  function hide(element, hidden) {
    // A table cell carries the id for its row (Markdown tables give cells attributes).
    var target = /^T[DH]$/.test(element.tagName) ? element.parentElement : element;
    target.classList.toggle("pb-mine-hidden", hidden);
  }

  // Groups (a table, a list) left with nothing to show go, with the heading before them.
  function tidy(scope) {
    scope.querySelectorAll("table, ul, ol").forEach(function (group) {
      var items = group.querySelectorAll("[data-client]");
      if (!items.length) return;
      var shown = Array.prototype.some.call(items, function (item) {
        var row = /^T[DH]$/.test(item.tagName) ? item.parentElement : item;
        return !row.classList.contains("pb-mine-hidden");
      });
      var wrapper = group.closest(".md-typeset__scrollwrap") || group;
      wrapper.classList.toggle("pb-mine-hidden", !shown);
      var heading = wrapper.previousElementSibling;
      if (heading && /^H[2-4]$/.test(heading.tagName)) {
        heading.classList.toggle("pb-mine-hidden", !shown);
      }
    });
  }

  function note(scope, choice) {
    var article = document.querySelector("article") || document.body;
    var existing = article.querySelector(".pb-mine-note");
    var marked = scope.querySelector("[data-client]") || article.querySelector("[data-client]");
    if (!choice.clients.length || !marked) {
      if (existing) existing.remove();
      return;
    }
    var text = words();
    var box = existing || document.createElement("p");
    box.className = "pb-mine-note";
    box.setAttribute("role", "status");
    box.textContent = "";
    var button = document.createElement("button");
    button.type = "button";
    if (choice.on) {
      box.append(fill(text.only, choice.clients.length), " · ");
      button.textContent = text.all;
    } else {
      button.textContent = fill(text.mine, choice.clients.length);
    }
    button.addEventListener("click", function () {
      save({ clients: load().clients, on: !choice.on });
      apply(document);
      var again = document.querySelector(".pb-mine-note button");
      if (again) again.focus();
    });
    box.appendChild(button);
    if (!existing) {
      var mine = block();
      if (mine) {
        mine.insertAdjacentElement("beforebegin", box);
      } else {
        var title = article.querySelector("h1");
        if (title) title.insertAdjacentElement("afterend", box);
        else article.prepend(box);
      }
    }
  }

  function apply(scope) {
    scope = scope || document;
    var choice = current();
    var chosen = {};
    choice.clients.forEach(function (id) { chosen[id] = true; });
    var narrow = choice.on && choice.clients.length > 0;
    var article = document.querySelector("article") || document;
    article.querySelectorAll("[data-client]").forEach(function (element) {
      var ids = element.getAttribute("data-client").split(/\s+/);
      var mine = ids.some(function (id) { return chosen[id]; });
      hide(element, narrow && !mine);
    });
    tidy(article);
    note(scope, choice);
    picker(choice);
  }

  // The picker: a disclosure with a checkbox per client, drawn into the .pb-mine block.
  function picker(choice) {
    var mine = block();
    if (!mine) return;
    var chosen = {};
    choice.clients.forEach(function (id) { chosen[id] = true; });
    var details = mine.querySelector("details");
    if (details) {
      details.querySelectorAll("input[type=checkbox]").forEach(function (box) {
        box.checked = !!chosen[box.value];
      });
      return;
    }
    details = document.createElement("details");
    details.className = "pb-mine-picker";
    var summary = document.createElement("summary");
    summary.textContent = mine.dataset.pick || "";
    details.appendChild(summary);
    var fieldset = document.createElement("fieldset");
    var legend = document.createElement("legend");
    legend.textContent = mine.dataset.hint || "";
    fieldset.appendChild(legend);
    var list = document.createElement("ul");
    fieldset.appendChild(list);
    // The boxes are drawn when the picker opens (a thousand clients cost nothing till then).
    details.addEventListener("toggle", function () {
      if (details.open && !list.childElementCount) fillPicker(list, fieldset);
    });
    var clear = document.createElement("button");
    clear.type = "button";
    clear.textContent = mine.dataset.clear || "";
    clear.addEventListener("click", function () {
      save({ clients: [], on: false });
      apply(document);
    });
    fieldset.appendChild(clear);
    details.appendChild(fieldset);
    mine.appendChild(details);
  }

  function fillPicker(list, fieldset) {
    var chosen = {};
    load().clients.forEach(function (id) { chosen[id] = true; });
    known(block()).forEach(function (pair) {
      var item = document.createElement("li");
      var label = document.createElement("label");
      var box = document.createElement("input");
      box.type = "checkbox";
      box.value = pair[0];
      box.checked = !!chosen[pair[0]];
      box.addEventListener("change", function () {
        var clients = [];
        fieldset.querySelectorAll("input[type=checkbox]").forEach(function (other) {
          if (other.checked) clients.push(other.value);
        });
        save({ clients: clients, on: true });
        apply(document);
      });
      label.append(box, " ", String(pair[1]));
      item.appendChild(label);
      list.appendChild(item);
    });
  }

  // "This is me" on a colleague's page: their accounts become the reader's clients.
  function thisIsMe(scope) {
    scope.querySelectorAll(".pb-this-is-me[data-clients]").forEach(function (place) {
      if (place.dataset.ready) return;
      place.dataset.ready = "1";
      var ids = place.dataset.clients.split(/\s+/).filter(Boolean);
      if (!ids.length) return;
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = place.dataset.label || "";
      var status = document.createElement("span");
      status.setAttribute("role", "status");
      button.addEventListener("click", function () {
        var unique = ids.filter(function (id, i) { return ids.indexOf(id) === i; });
        save({ clients: unique, on: true });
        status.textContent = " ✓ " + fill(place.dataset.done || "{count}", unique.length);
      });
      place.append(button, status);
    });
  }

  function ready() {
    thisIsMe(document);
    apply(document);
  }

  window.playbookMyClients = { apply: apply };

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(ready);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
