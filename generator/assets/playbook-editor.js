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
 * written is remembered. Only the local API's own requests are touched. */
(function () {
  "use strict";
  if (!window.fetch) return;
  var versions = {};
  var plainFetch = window.fetch.bind(window);

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
    return plainFetch(input, init).then(function (response) {
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
 * - Files are read and written as YAML 1.2, as the loader reads them (`no`, `10:00` stay
 *   text), with js-yaml; the id field of a new entry is left out of the file: it is the
 *   file's name.
 * - "playbook-id": a new entry's id, proposed from its name (pinyin) before the first save
 *   and editable; an existing entry shows its id, which a rename does not change.
 * - "playbook-lines": a list of short texts (aliases, taboos) as one text box, a line each.
 * - A contact or project saved without an id gets one from its name (陈静 → chen-jing).
 * - The preview shows the client as the handbook does: labels, not machine values. */
(function () {
  "use strict";
  var CMS = window.CMS;
  var h = window.h;
  var createClass = window.createClass;
  var data = window.PLAYBOOK || { labels: {}, enums: {}, fields: {} };
  var ids = window.PlaybookIds;
  if (!CMS || !h || !createClass || !window.jsyaml || !ids) return;
  var yaml = window.jsyaml;
  var ID_FIELD = data.idField || "playbook_id";
  var SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;

  function label(key) { return data.labels[key] || key; }
  function choice(enumName, value) {
    return (data.enums[enumName] && data.enums[enumName][value]) || value || "";
  }

  CMS.registerCustomFormat("playbook-yaml", "yaml", {
    fromFile: function (text) {
      return yaml.load(text, { schema: yaml.CORE_SCHEMA }) || {};
    },
    toFile: function (value) {
      var copy = Object.assign({}, value);
      delete copy[ID_FIELD];
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

  /* The preview: the client as its page shows it. */
  function section(title, children) {
    return h("section", { style: { marginTop: "1.2em" } }, h("h2", {}, title), children);
  }
  function line(name, value) {
    if (value === undefined || value === null || value === "") return null;
    return h("p", {}, h("strong", {}, name + (data.language === "zh" ? ":" : ": ")), String(value));
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
      return h("article", { className: "playbook-preview", lang: data.language === "zh" ? "zh-Hans" : "en" },
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
