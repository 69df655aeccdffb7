/* Playbook's additions to the form editor (Decap CMS), loaded after its bundle.
 *
 * Before every save, values the form holds but nobody filled in (an emptied text box,
 * a list item left blank, a section opened and left empty) are dropped: in a handbook
 * file an optional key that is absent means "not known", while an empty text would be
 * refused (a date, an id or a web address cannot be empty).
 *
 * Keys are then put in the order of the format (field-order.js, generated from the
 * model), at every level: the editor's own maps do not keep an order, and a reviewer
 * should see a one-field change as a one-line change. */
(function () {
  "use strict";
  if (!window.CMS) return;

  function isEmpty(value) {
    if (value === null || value === undefined) return true;
    if (typeof value === "string") return value.trim() === "";
    if (value && typeof value.size === "number" && typeof value.filter === "function") {
      return value.size === 0; // an Immutable List or Map
    }
    return false;
  }

  function prune(value) {
    if (value && typeof value.filter === "function" && typeof value.map === "function" &&
        typeof value.size === "number") {
      return value.map(prune).filter(function (item) { return !isEmpty(item); });
    }
    return value;
  }

  function isMap(value) {
    return value && typeof value.toOrderedMap === "function" && typeof value.keySeq === "function" &&
      typeof value.push !== "function";
  }

  function isList(value) {
    return value && typeof value.push === "function" && typeof value.map === "function";
  }

  function ordered(value, order) {
    if (!order) return value;
    if (isList(value)) {
      return value.map(function (item) { return ordered(item, order); });
    }
    if (!isMap(value)) return value;
    var result = value.toOrderedMap().clear();
    order.forEach(function (pair) {
      if (value.has(pair[0])) result = result.set(pair[0], ordered(value.get(pair[0]), pair[1]));
    });
    value.forEach(function (item, key) {
      if (!result.has(key)) result = result.set(key, item); // keys the format does not know
    });
    return result;
  }

  var orders = window.PLAYBOOK_FIELD_ORDER || {};
  window.CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      var entry = event.entry;
      return ordered(prune(entry.get("data")), orders[entry.get("collection")]);
    },
  });
})();

/* Two people, one client: a save made from an older version of the file than the one on
 * disk must not overwrite the newer one. The local backend (playbook serve) refuses such a
 * save when it knows which version the editor read; Decap's proxy protocol does not say
 * it, so every read of the local API is remembered here (path → file.id) and each save
 * carries the version it was made from (dataFiles[].base). After a save, the version
 * written is remembered. Only the local API's own requests are touched.
 *
 * A refused save: Decap would show the answer as "API_ERROR: clients/x.yaml:18:10:
 * projects[0].end: …". The refusal is passed on as an error that reads as the message
 * alone, each naming its field by the form's label (the answer's `problems`; an older
 * backend's located lines otherwise), and the "playbook:refused" event tells the form
 * which fields to mark. */
(function () {
  "use strict";
  if (!window.fetch) return;
  var versions = {};
  var plainFetch = window.fetch.bind(window);
  var data = window.PLAYBOOK || { labels: {} };
  var LOCATED = /^(\S+?\.ya?ml):(\d+)(?::(\d+))?: (?:([A-Za-z_][\w.[\]]*): )?(.*)$/;

  function problemsOf(answer) {
    if (answer && Array.isArray(answer.problems) && answer.problems.length) return answer.problems;
    var text = answer && typeof answer.error === "string" ? answer.error : "";
    var found = [];
    text.split("\n").forEach(function (line) {
      var parts = LOCATED.exec(line);
      if (parts) {
        found.push({ path: parts[1], line: Number(parts[2]), column: parts[3] ? Number(parts[3]) : null,
          field: parts[4] || "", label: "", message: parts[5] });
      }
    });
    return found;
  }

  function problemLine(problem, savedPath) {
    var where = problem.path && problem.path !== savedPath ? problem.path + ": " : "";
    return where + (problem.label ? problem.label + (data.labels.colon || ": ") : "") + problem.message;
  }

  function refusal(answer, request) {
    var files = request.params.dataFiles || [request.params.entry || {}];
    var savedPath = files[0] && (files[0].newPath || files[0].path);
    var problems = problemsOf(answer);
    var text = problems.length ?
      problems.map(function (problem) { return problemLine(problem, savedPath); }).join("\n") :
      String((answer && answer.error) || "");
    var error = new Error(text);
    error.name = "PlaybookRefusal";
    error.problems = problems;
    error.toString = function () { return text; }; // what Decap's notice shows after its words
    return error;
  }

  function remember(files) {
    (files || []).forEach(function (found) {
      var file = found && found.file;
      if (file && file.path) versions[file.path] = file.id || null;
    });
  }

  window.fetch = function (input, init) {
    var body = init && typeof init.body === "string" ? init.body : null;
    var request = null;
    if (body && init.method === "POST") {
      try { request = JSON.parse(body); } catch (error) { request = null; }
    }
    if (!request || typeof request.action !== "string" || !request.params) {
      return plainFetch(input, init);
    }
    if (request.action === "persistEntry" && Array.isArray(request.params.dataFiles)) {
      request.params.dataFiles.forEach(function (file) {
        if (file && file.path && versions[file.path]) file.base = versions[file.path];
      });
      init = Object.assign({}, init, { body: JSON.stringify(request) });
    } else if (request.action === "deleteFile" || request.action === "deleteFiles") {
      // A delete names the version it was made from too: a stale tab cannot delete a
      // client someone saved meanwhile (the backend refuses a delete without it).
      var paths = request.action === "deleteFile" ? [request.params.path] : request.params.paths || [];
      request.params.bases = {};
      paths.forEach(function (path) { request.params.bases[path] = versions[path] || null; });
      init = Object.assign({}, init, { body: JSON.stringify(request) });
    }
    if (request.action === "persistEntry") {
      window.dispatchEvent(new CustomEvent("playbook:saving"));
    }
    return plainFetch(input, init).then(function (response) {
      if (!response.ok && request.action === "persistEntry") {
        return response.clone().json().then(function (answer) {
          var refused = refusal(answer, request);
          window.dispatchEvent(new CustomEvent("playbook:refused", { detail: refused.problems }));
          throw refused;
        }, function () { return response; });
      }
      if (!response.ok && (request.action === "deleteFile" || request.action === "deleteFiles")) {
        return response.clone().json().then(function (answer) {
          throw refusal(answer, { params: { dataFiles: [{ path: request.params.path }] } });
        }, function () { return response; });
      }
      if (!response.ok) return response;
      return response.clone().json().then(function (answer) {
        if (request.action === "entriesByFolder" || request.action === "entriesByFiles") {
          remember(answer);
        } else if (request.action === "getEntry") {
          remember([answer]);
        } else if (request.action === "persistEntry" && answer && answer.versions) {
          Object.keys(answer.versions).forEach(function (path) {
            versions[path] = answer.versions[path];
          });
        }
        return response;
      }, function () { return response; });
    });
  };
})();

/* The handbook's own file format, widgets and preview (window.PLAYBOOK: playbook-data.js).
 *
 * - Files are read as the loader reads them (playbook-yaml.js): YAML 1.2 (`no`, `10:00`
 *   are text), and where the format wants text a plain value is its written text
 *   (`phone: 02161234567` keeps its 0). The file's text is kept in the entry (a key the
 *   form does not show), and a save is the form's change applied to that text: only the
 *   changed fields' lines differ (the same on the hosted path, where the browser writes the
 *   file). A new entry's file is written whole, with js-yaml; the id field of a new entry is
 *   left out of the file: it is the file's name.
 * - No local backup of an entry read from its file: Decap offers it after a reload, and
 *   accepting it restored nothing (the file, loaded after, replaced it); restored, it would
 *   put a change made on an older version back over a newer one. A new entry's backup,
 *   which Decap restores, is kept.
 * - "playbook-id": a new entry's id, proposed from its name (pinyin) before the first save
 *   and editable; an existing entry shows its id, which a rename does not change.
 * - "playbook-lines": a list of short texts (aliases, taboos) as one text box, a line each.
 * - "playbook-date": a date as typed (Decap's date picker read a year typed as 2027 as 1907).
 * - A contact or project saved without an id gets one from its name (陈静 → chen-jing).
 * - A refused save marks each field it names, with the message, until the field changes.
 * - A new entry's status says it is not saved yet (Decap's says "changes saved").
 * - The preview shows the client as the handbook does: labels, not machine values. */
(function () {
  "use strict";
  var CMS = window.CMS;
  var h = window.h;
  var createClass = window.createClass;
  var data = window.PLAYBOOK || { labels: {}, enums: {}, fields: {} };
  var ids = window.PlaybookIds;
  if (!CMS || !h || !createClass || !window.jsyaml || !window.PlaybookYaml || !ids) return;
  var yaml = window.jsyaml;
  var ID_FIELD = data.idField || "playbook_id";
  var SOURCE = "playbook_source"; // the file's text, as read (never written to a file)
  var SAVING = "playbook_saving"; // set on the data of a save, not on a backup's
  var SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;

  function label(key) { return data.labels[key] || key; }
  function choice(enumName, value) {
    return (data.enums[enumName] && data.enums[enumName][value]) || value || "";
  }

  // One format for both collections: a key path is text in one of them only where the
  // other has no such key (tests/editor/test_config.py checks it).
  var textPaths = [];
  Object.keys(data.textPaths || {}).forEach(function (collection) {
    textPaths = textPaths.concat(data.textPaths[collection]);
  });
  var files = window.PlaybookYaml(textPaths);

  CMS.registerCustomFormat("playbook-yaml", "yaml", {
    fromFile: function (text) {
      var values = files.read(text);
      if (values && typeof values === "object" && !Array.isArray(values)) values[SOURCE] = text;
      return values;
    },
    toFile: function (value) {
      var copy = Object.assign({}, value);
      var source = copy[SOURCE];
      var saving = copy[SAVING];
      delete copy[ID_FIELD];
      delete copy[SOURCE];
      delete copy[SAVING];
      if (typeof source === "string") {
        if (!saving) return ""; // Decap keeps no backup of an empty text
        var edited = files.edit(source, copy);
        if (edited !== null) return edited;
      }
      return yaml.dump(copy, { schema: yaml.CORE_SCHEMA, lineWidth: -1, noRefs: true });
    },
  });

  var IdControl = createClass({
    getInitialState: function () { return { edited: false }; },
    isNew: function () { return !!(this.props.entry && this.props.entry.get("newRecord")); },
    // The form does not redraw this field when the name changes, so the name's input is
    // followed as the person types (the entry's first name field is the entry's own name).
    nameInput: function () { return document.querySelector('[id^="name-field-"]'); },
    proposal: function () {
      var input = this.nameInput();
      var name = input ? input.value : this.props.entry && this.props.entry.getIn(["data", "name"]);
      return ids.fromName(name || "");
    },
    componentDidMount: function () {
      var self = this;
      this.onInput = function (event) {
        if (event.target === self.nameInput()) self.follow();
      };
      document.addEventListener("input", this.onInput, true);
      this.follow();
    },
    componentWillUnmount: function () {
      document.removeEventListener("input", this.onInput, true);
    },
    follow: function () {
      if (!this.isNew() || this.state.edited) return;
      var proposed = this.proposal();
      if ((this.props.value || "") !== proposed) this.props.onChange(proposed);
    },
    isValid: function () {
      if (!this.isNew()) return true;
      return SLUG.test(this.props.value || "") ? true :
        { error: { message: label("editor_pattern_id") } };
    },
    render: function () {
      var self = this;
      if (!this.isNew()) {
        return h("div", { className: this.props.classNameWrapper },
          h("code", { id: this.props.forID, "data-playbook-id": "kept" },
            this.props.entry ? this.props.entry.get("slug") : ""),
          h("small", { style: { marginLeft: "1em", color: "#666" } }, label("editor_id_kept")));
      }
      return h("input", {
        id: this.props.forID,
        className: this.props.classNameWrapper,
        value: this.props.value || "",
        spellCheck: false,
        autoComplete: "off",
        onChange: function (event) {
          self.setState({ edited: true });
          self.props.onChange(event.target.value.trim().toLowerCase());
        },
        onFocus: this.props.setActiveStyle,
        onBlur: this.props.setInactiveStyle,
      });
    },
  });
  CMS.registerWidget("playbook-id", IdControl, function () { return null; });

  function toArray(value) {
    if (!value) return [];
    if (typeof value.toJS === "function") return value.toJS();
    return Array.isArray(value) ? value : [value];
  }

  var LinesControl = createClass({
    getInitialState: function () { return { text: toArray(this.props.value).join("\n") }; },
    render: function () {
      var self = this;
      var lines = Math.max(2, this.state.text.split("\n").length + 1);
      return h("textarea", {
        id: this.props.forID,
        className: this.props.classNameWrapper,
        rows: lines,
        value: this.state.text,
        onChange: function (event) {
          var text = event.target.value;
          self.setState({ text: text });
          var items = text.split("\n").map(function (line) { return line.trim(); })
            .filter(Boolean);
          var old = self.props.value;
          var list = old && typeof old.clear === "function" ? old.clear().concat(items) : items;
          self.props.onChange(items.length ? list : undefined);
        },
        onFocus: this.props.setActiveStyle,
        onBlur: this.props.setInactiveStyle,
      });
    },
  });
  var LinesPreview = function (props) {
    return h("ul", {}, toArray(props.value).map(function (item, i) { return h("li", { key: i }, item); }));
  };
  CMS.registerWidget("playbook-lines", LinesControl, LinesPreview);

  function fillItemIds(entryData) {
    var result = entryData;
    [["contacts", ids.fromPerson], ["projects", ids.fromName]].forEach(function (pair) {
      var items = result.get(pair[0]);
      if (!items || typeof items.map !== "function") return;
      var taken = [];
      items.forEach(function (item) {
        var id = item && item.get && item.get("id");
        if (id) taken.push(id);
      });
      result = result.set(pair[0], items.map(function (item) {
        if (!item || !item.get || item.get("id") || !item.get("name")) return item;
        var made = ids.unique(pair[1](item.get("name")), taken, pair[0] === "contacts" ? "contact" : "project");
        taken.push(made);
        return item.set("id", made);
      }));
    });
    return result;
  }
  CMS.registerEventListener({
    name: "preSave",
    handler: function (event) { return fillItemIds(event.entry.get("data")); },
  });
  // Last: what toFile gets from here on is a save (a backup is serialized without it).
  CMS.registerEventListener({
    name: "preSave",
    handler: function (event) { return event.entry.get("data").set(SAVING, true); },
  });

  /* A date as typed. The value is the input's own (YYYY-MM-DD, or "" while incomplete):
   * nothing parses it, so the year typed digit by digit (0002, 0020, 0202, 2027) is never
   * read as another century and put back into the field while the person types. */
  function today() {
    var now = new Date();
    var two = function (n) { return (n < 10 ? "0" : "") + n; };
    return now.getFullYear() + "-" + two(now.getMonth() + 1) + "-" + two(now.getDate());
  }
  var DATE = /^\d{4,}-\d{2}-\d{2}$/;
  var DateControl = createClass({
    render: function () {
      var self = this;
      var value = typeof this.props.value === "string" && DATE.test(this.props.value) ?
        this.props.value : "";
      var button = function (text, onClick) {
        return h("button", {
          type: "button",
          className: "playbook-date-button",
          onClick: onClick,
          disabled: self.props.isDisabled,
        }, text);
      };
      var row = { display: "flex", gap: "1em", alignItems: "center" };
      return h("div", { className: this.props.classNameWrapper, style: row },
        h("input", {
          id: this.props.forID,
          type: "date",
          value: value,
          disabled: this.props.isDisabled,
          onChange: function (event) { self.props.onChange(event.target.value); },
          onFocus: this.props.setActiveStyle,
          onBlur: this.props.setInactiveStyle,
        }),
        button(label("editor_today"), function () { self.props.onChange(today()); }),
        value ? button(label("editor_clear_date"), function () { self.props.onChange(""); }) : null);
    },
  });
  CMS.registerWidget("playbook-date", DateControl, function (props) {
    return h("span", {}, typeof props.value === "string" ? props.value : "");
  });

  /* A refused save's problems, on the fields they name (`projects[0].end`): the field's
   * box gets the message (data-playbook-problem) and every list item around it a mark, so
   * a folded project shows where to look. Decap's own field ids are `<key>-field-<n>`; a
   * key belongs to the nearest field around it and the list item it is in. The marks go
   * when the field changes or the next save starts. */
  var FIELD = '[id*="-field-"]';
  var ITEM = '[class*="SortableListItem"]';
  function keyPath(field) {
    var parts = [];
    String(field || "").replace(/([^.[\]]+)|\[(\d+)\]/g, function (all, key, index) {
      parts.push(key !== undefined ? key : Number(index));
      return all;
    });
    return parts;
  }
  function ownerOf(element) {
    var up = element.parentElement;
    return up ? up.closest(FIELD) : null;
  }
  function fieldFor(field) {
    var container = null; // the object or list field we are in
    var item = null; // the list item we are in
    var found = null;
    var items = [];
    var path = keyPath(field);
    for (var i = 0; i < path.length; i++) {
      var part = path[i];
      var scope = item || container || document;
      var match = null;
      if (typeof part === "number") {
        if (!container) break;
        match = Array.prototype.filter.call(container.querySelectorAll(ITEM), function (el) {
          return ownerOf(el) === container;
        })[part] || null;
        if (!match) break;
        item = match;
        items.push(match);
        found = match;
        continue;
      }
      var candidates = scope.querySelectorAll('[id^="' + part + '-field-"]');
      for (var c = 0; c < candidates.length && !match; c++) {
        if (ownerOf(candidates[c]) === container && candidates[c].closest(ITEM) === item) {
          match = candidates[c];
        }
      }
      if (!match) break;
      container = match;
      found = match;
    }
    if (!found) return null;
    var box = found.matches(ITEM) ? found : found.closest('[class*="ControlContainer"]') || found;
    var exact = i === path.length && box !== found.closest(ITEM);
    return { box: box, exact: exact, items: items.filter(function (el) { return el !== box; }) };
  }
  function clearMarks(marked) {
    Array.prototype.forEach.call(marked, function (el) { el.removeAttribute("data-playbook-problem"); });
    document.querySelectorAll("[data-playbook-problem-inside]").forEach(function (el) {
      if (!el.querySelector("[data-playbook-problem]")) el.removeAttribute("data-playbook-problem-inside");
    });
  }
  function clearAll() { clearMarks(document.querySelectorAll("[data-playbook-problem]")); }
  window.addEventListener("playbook:saving", clearAll);
  window.addEventListener("hashchange", clearAll);
  window.addEventListener("playbook:refused", function (event) {
    var first = null;
    (event.detail || []).forEach(function (problem) {
      var place = problem.field ? fieldFor(problem.field) : null;
      if (!place) return;
      // the field's own box needs no label; a list item standing for a field inside does
      var shown = problem.label && !place.exact ? problem.label + label("colon") + problem.message :
        problem.message;
      var before = place.box.getAttribute("data-playbook-problem");
      place.box.setAttribute("data-playbook-problem", before ? before + "\n" + shown : shown);
      place.items.forEach(function (el) { el.setAttribute("data-playbook-problem-inside", ""); });
      first = first || place.box;
    });
    if (first) first.scrollIntoView({ block: "center" });
  });
  ["input", "change"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      var target = event.target instanceof Element ? event.target : null;
      var box = target && target.closest("[data-playbook-problem]");
      if (box && !box.matches(ITEM)) clearMarks([box]);
    }, true);
  });
  var style = document.createElement("style");
  style.textContent = [
    "[data-playbook-problem]{outline:2px solid #ff003b;outline-offset:4px;border-radius:2px}",
    "[data-playbook-problem]::after{content:attr(data-playbook-problem);display:block;",
    "white-space:pre-line;color:#ff003b;font-weight:600;margin:8px 0 4px}",
    "[data-playbook-problem-inside]{box-shadow:inset 4px 0 0 #ff003b}",
    ".Toastify__toast-body{white-space:pre-line}",
    "[class*=\"BackStatus\"][data-playbook-not-saved]{color:#798291}",
    ".playbook-date-button{border:0;border-radius:5px;padding:2px 12px;cursor:pointer;",
    "background:#e8f5fe;color:#3a69c7;font-weight:600}",
  ].join("");
  document.head.appendChild(style);

  /* Decap says "changes saved" whenever nothing is unsaved, a new entry's empty form too:
   * there, its words are replaced by "not saved yet" (and put back once the entry is saved
   * and has its own address: the same status element may stay on the page). */
  var NEW_ENTRY = /^#\/collections\/[^/]+\/new(?:[?/]|$)/;
  var decapWords = null;
  function newEntryStatus() {
    var isNew = NEW_ENTRY.test(window.location.hash);
    document.querySelectorAll('[class*="BackStatusUnchanged"]').forEach(function (el) {
      var text = el.firstChild;
      if (!text || text.nodeType !== 3) return;
      if (isNew && text.nodeValue !== label("editor_not_saved")) {
        decapWords = text.nodeValue;
        text.nodeValue = label("editor_not_saved");
        el.setAttribute("data-playbook-not-saved", ""); // grey, not the green of "saved"
      } else if (!isNew && decapWords && text.nodeValue === label("editor_not_saved")) {
        text.nodeValue = decapWords;
        el.removeAttribute("data-playbook-not-saved");
      }
    });
  }
  new MutationObserver(newEntryStatus).observe(document.documentElement, { childList: true, subtree: true });
  window.addEventListener("hashchange", newEntryStatus);

  /* The preview: the client as its page shows it. */
  function section(title, children) {
    return h("section", { style: { marginTop: "1.2em" } }, h("h2", {}, title), children);
  }
  function line(name, value) {
    if (value === undefined || value === null || value === "") return null;
    return h("p", {}, h("strong", {}, name + label("colon")), String(value));
  }
  var sep = function () { return label("list_sep"); };

  var ClientPreview = createClass({
    render: function () {
      var d = this.props.entry.get("data");
      d = d && typeof d.toJS === "function" ? d.toJS() : {};
      var contacts = d.contacts || [];
      var byId = {};
      contacts.forEach(function (c) { if (c.id) byId[c.id] = c; });
      var named = function (role) {
        return contacts.filter(function (c) { return c.role === role; })
          .map(function (c) { return c.name; }).join(sep());
      };
      var prefs = d.preferences || {};
      var running = (d.projects || []).filter(function (p) { return p.status === "active"; });
      var open = [];
      running.forEach(function (p) {
        (p.milestones || []).forEach(function (m) {
          if (m.status !== "done" && m.due) open.push({ project: p.name, name: m.name, due: String(m.due) });
        });
      });
      open.sort(function (a, b) { return a.due < b.due ? -1 : a.due > b.due ? 1 : 0; });
      var next = open[0];
      return h("article", { className: "playbook-preview", lang: data.lang },
        h("h1", {}, d.name || ""),
        h("p", {}, [choice("Tier", d.tier) && label("tier_group").replace("{tier}", d.tier),
          choice("ClientStatus", d.status)].filter(Boolean).join(" · ")),
        d.summary ? this.props.widgetFor("summary") : null,
        section(label("glance"), h("div", { className: "playbook-glance" },
          line(label("glance_deciders"), named("decision_maker")),
          line(label("glance_blockers"), named("blocker")),
          line(label("glance_reach"), (prefs.channels || []).map(function (c) { return choice("Channel", c); }).join(sep())),
          line(label("taboos"), (prefs.taboos || []).join(sep())),
          line(label("glance_projects"), running.map(function (p) { return p.name; }).join(sep())),
          line(label("next_milestone"), next ? next.due + " " + next.name + " (" + next.project + ")" : label("glance_no_next")))),
        contacts.length ? section(label("contacts"), h("ul", {}, contacts.map(function (c, i) {
          var boss = c.reports_to && byId[c.reports_to] ? byId[c.reports_to].name : c.reports_to;
          var parts = [c.title, choice("DecisionRole", c.role),
            boss ? label("reports_to") + " " + boss : null,
            (c.channels || []).map(function (ch) { return choice("Channel", ch); }).join(sep())];
          return h("li", { key: i }, h("strong", {}, c.name || ""), " — ", parts.filter(Boolean).join(" · "));
        }))) : null,
        (d.projects || []).length ? section(label("projects"), h("ul", {}, d.projects.map(function (p, i) {
          return h("li", { key: i }, h("strong", {}, p.name || ""), " — ",
            [choice("ProjectStatus", p.status), p.start && p.end ? p.start + " – " + p.end : p.start || p.end]
              .filter(Boolean).join(" · "));
        }))) : null,
        (d.history || []).length ? section(label("history"), h("ul", {}, d.history.map(function (e, i) {
          return h("li", { key: i }, [String(e.date || ""), choice("HistoryType", e.type), e.summary].filter(Boolean).join(" · "));
        }))) : null);
    },
  });
  CMS.registerPreviewTemplate("clients", ClientPreview);
})();

/* Everything is registered: start the editor (playbook-before.js held it back). */
if (window.CMS && window.CMS_MANUAL_INIT) window.CMS.init();
