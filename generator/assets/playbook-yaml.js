/* Handbook files in the form editor: read as the loader reads them, saved as a change to
 * the file's own text (the `yaml` library's Document API, generator/assets/vendor/yaml.js).
 *
 * Reading: YAML 1.2's core schema (`no`, `10:00` are text), and where the format wants text
 * a plain value is its written text (`phone: 02161234567` is "02161234567", not a number
 * without its leading zero): the loader's rule (keep_text_as_written), at the key paths
 * window.PLAYBOOK.textPaths names, derived from the model (editor/config.py: text_paths).
 *
 * Saving: the form's data is compared with the file's, read the same way; only the values
 * that differ are written, each in place of its own lines (a changed scalar in place of its
 * old text, so a comment after it stays), a new key after its neighbour in the format's
 * order, a removed key or item with its lines. Every other byte of the file stays as it
 * was: a merge request shows the lines of the fields the person changed, and a save that
 * changes nothing writes the file unchanged. The text made is read back and must give the
 * form's data; where it would not (or the file is written in a way these edits do not
 * handle, e.g. merge keys), edit() answers null and the caller writes the whole file.
 *
 * Used in the browser (window.PlaybookYaml, with window.YAML and window.jsyaml) and by Node
 * in tests/js/yaml-files.cjs: `require(...)(YAML, jsyaml)`. */
(function (root, make) {
  "use strict";
  if (typeof module === "object" && module.exports) module.exports = make;
  else if (root.YAML) root.PlaybookYaml = make(root.YAML, root.jsyaml);
})(typeof self !== "undefined" ? self : this, function (YAML, jsyaml) {
  "use strict";

  var READ = { schema: "core", version: "1.2", merge: true, uniqueKeys: true };
  // New values are written so that a YAML 1.1 reader (PyYAML, many editors) reads them the
  // same: `no`, `on`, `10:00` are quoted, as js-yaml wrote them (a date stays plain: the
  // loader reads it as a date, as 1.1 does).
  var BOOL_11 = {
    tag: "tag:yaml.org,2002:bool",
    default: true,
    test: /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/,
    resolve: function (text) { return /^[yYoO]/.test(text) && text.toLowerCase() !== "off"; },
  };
  var MAKE = { schema: "core", version: "1.2", compat: [BOOL_11, "intTime", "floatTime"] };
  var WRITE = { lineWidth: 0, minContentWidth: 0, flowCollectionPadding: false };
  var MAX_ALIASES = 100;

  /* The key paths where the format wants text ("contacts.*.phone") as a tree. */
  function textTree(paths) {
    var tree = { text: false, next: {} };
    (paths || []).forEach(function (path) {
      var node = tree;
      path.split(".").forEach(function (part) {
        node = node.next[part] || (node.next[part] = { text: false, next: {} });
      });
      node.text = true;
    });
    return tree;
  }

  function isPlainObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function equal(a, b) {
    if (a === b) return true;
    if (Array.isArray(a)) {
      if (!Array.isArray(b) || a.length !== b.length) return false;
      for (var i = 0; i < a.length; i++) if (!equal(a[i], b[i])) return false;
      return true;
    }
    if (isPlainObject(a) && isPlainObject(b)) {
      var keys = Object.keys(a);
      if (keys.length !== Object.keys(b).length) return false;
      return keys.every(function (key) {
        return Object.prototype.hasOwnProperty.call(b, key) && equal(a[key], b[key]);
      });
    }
    return false;
  }

  function resolved(doc, node) {
    return YAML.isAlias(node) ? node.resolve(doc) : node;
  }

  /* A map's own value node for `key` (as the loader's _child: written keys only). */
  function childOf(doc, node, key) {
    node = resolved(doc, node);
    if (!YAML.isMap(node)) return undefined;
    for (var i = 0; i < node.items.length; i++) {
      var pair = node.items[i];
      var name = YAML.isScalar(pair.key) ? pair.key.value : pair.key;
      if (name !== null && name !== undefined && String(name) === key) return pair.value;
    }
    return undefined;
  }

  /* Where the format wants text, a plain scalar's value is its written text. */
  function keepTextAsWritten(doc, node, value, tree) {
    Object.keys(tree.next).forEach(function (part) {
      var sub = tree.next[part];
      if (part === "*") {
        var seq = resolved(doc, node);
        if (!YAML.isSeq(seq) || !Array.isArray(value)) return;
        seq.items.forEach(function (item, i) { visit(item, value, i, sub); });
      } else if (isPlainObject(value)) {
        var child = childOf(doc, node, part);
        if (child !== undefined && Object.prototype.hasOwnProperty.call(value, part)) {
          visit(child, value, part, sub);
        }
      }
    });

    function visit(child, holder, at, sub) {
      var target = resolved(doc, child);
      if (sub.text && YAML.isScalar(target) && target.type === "PLAIN" &&
          target.value !== null && typeof target.value !== "string" &&
          typeof holder[at] !== "string" && typeof target.source === "string") {
        holder[at] = target.source;
      }
      if (Object.keys(sub.next).length) keepTextAsWritten(doc, child, holder[at], sub);
    }
  }

  /* Whether a value where text is wanted was read as something else (a number, true). */
  function wantsWritten(value, tree) {
    return Object.keys(tree.next).some(function (part) {
      var sub = tree.next[part];
      var children = part === "*" ? (Array.isArray(value) ? value : []) :
        isPlainObject(value) && Object.prototype.hasOwnProperty.call(value, part) ? [value[part]] : [];
      return children.some(function (child) {
        if (sub.text && child !== null && child !== undefined && typeof child !== "string" &&
            typeof child !== "object") {
          return true;
        }
        return Object.keys(sub.next).length > 0 && wantsWritten(child, sub);
      });
    });
  }

  function parse(text) {
    var doc = YAML.parseDocument(text, READ);
    if (doc.errors.length) throw doc.errors[0];
    return doc;
  }

  function valueOf(doc, tree) {
    var data = doc.toJS({ maxAliasCount: MAX_ALIASES });
    keepTextAsWritten(doc, doc.contents, data, tree);
    return data;
  }

  /* ---- saving: edits of the file's own text ---- */

  function lineStart(text, offset) {
    return text.lastIndexOf("\n", offset - 1) + 1;
  }

  /* The offset just after the line holding the node's last character. */
  function afterLastLine(text, node) {
    var end = node.range[1];
    if (end > 0 && text[end - 1] === "\n") return end;
    var newline = text.indexOf("\n", end);
    return newline < 0 ? text.length : newline + 1;
  }

  function column(text, offset) {
    return offset - lineStart(text, offset);
  }

  function onlySpaceBefore(text, offset) {
    return /^[ ]*$/.test(text.slice(lineStart(text, offset), offset));
  }

  function indentRest(rendered, width) {
    var pad = new Array(width + 1).join(" ");
    var lines = rendered.replace(/\n$/, "").split("\n");
    return lines.map(function (line, i) { return i && line ? pad + line : line; }).join("\n") + "\n";
  }

  function isBlockMap(node) { return YAML.isMap(node) && !node.flow && node.items.length > 0; }
  function isBlockSeq(node) { return YAML.isSeq(node) && !node.flow && node.items.length > 0; }

  function keepFlow(node, made) {
    if (YAML.isCollection(made) && YAML.isCollection(node) && node.flow) made.flow = true;
  }

  /* Keys whose lists the file writes in flow style (`channels: [wechat]`) in the maps of a
   * list: a new item, or a new key of an item, is written the same way. */
  function flowKeysOf(seq) {
    var keys = {};
    seq.items.forEach(function (item) {
      if (!YAML.isMap(item)) return;
      item.items.forEach(function (pair) {
        if (YAML.isScalar(pair.key) && YAML.isCollection(pair.value) && pair.value.flow) {
          keys[String(pair.key.value)] = true;
        }
      });
    });
    return keys;
  }

  function styled(node, flowKeys) {
    if (!flowKeys || !YAML.isMap(node)) return;
    node.items.forEach(function (pair) {
      if (YAML.isScalar(pair.key) && flowKeys[String(pair.key.value)] && YAML.isSeq(pair.value) &&
          pair.value.items.every(YAML.isScalar)) {
        pair.value.flow = true;
      }
    });
  }

  /* `key: value` as its own lines, the key at `width` spaces (the first line is placed
   * where the old pair started, so it is not indented here). */
  function renderPair(key, value, width, old, flowKeys) {
    var doc = new YAML.Document({}, MAKE);
    var pair = doc.createPair(key, value);
    if (old) keepFlow(old, pair.value);
    var holder = new YAML.YAMLMap();
    holder.items.push(pair);
    styled(holder, flowKeys);
    doc.contents.items.push(pair);
    return indentRest(doc.toString(WRITE), width);
  }

  function renderValue(value, width, old, flowKeys) {
    var doc = new YAML.Document(value, MAKE);
    if (old) keepFlow(old, doc.contents);
    styled(doc.contents, flowKeys);
    return indentRest(doc.toString(WRITE), width);
  }

  /* A scalar written on one line, in the old scalar's quoting where that can hold it. */
  function inlineScalar(value, old) {
    if (value !== null && typeof value === "object") return null;
    var doc = new YAML.Document(value, MAKE);
    if (YAML.isScalar(doc.contents) && old && old.type && old.type.indexOf("BLOCK") < 0) {
      doc.contents.type = old.type;
    }
    var text = doc.toString(WRITE).replace(/\n$/, "");
    return text.indexOf("\n") < 0 && text !== "" ? text : null;
  }

  function isOneLineScalar(text, node) {
    return YAML.isScalar(node) && node.range && node.range[1] > node.range[0] &&
      node.type && node.type.indexOf("BLOCK") < 0 &&
      text.slice(node.range[0], node.range[1]).indexOf("\n") < 0;
  }

  function Editor(text, doc) {
    this.text = text;
    this.doc = doc;
  }

  /* Edits turning `node` (read as `before`) into `after`, or null where the node cannot be
   * changed piece by piece (the caller then rewrites what holds it). */
  Editor.prototype.change = function (node, before, after, flowKeys) {
    if (YAML.isAlias(node)) return null;
    if (isPlainObject(before) && isPlainObject(after) && isBlockMap(node)) {
      return this.changeMap(node, before, after, flowKeys);
    }
    if (Array.isArray(before) && Array.isArray(after) && isBlockSeq(node)) {
      return this.changeSeq(node, before, after);
    }
    if (isOneLineScalar(this.text, node)) {
      var written = inlineScalar(after, node);
      if (written !== null) return [{ start: node.range[0], end: node.range[1], text: written }];
    }
    return null;
  };

  Editor.prototype.changeMap = function (map, before, after, flowKeys) {
    var text = this.text;
    var edits = [];
    var pairs = {};
    for (var i = 0; i < map.items.length; i++) {
      var pair = map.items[i];
      if (!YAML.isScalar(pair.key) || pair.key.value === null || !pair.key.range) return null;
      if (pair.key.value === "<<" || YAML.isAlias(pair.value)) {
        // a merge key: what the loader reads is not written here; never edited piecemeal
        return null;
      }
      pairs[String(pair.key.value)] = pair;
    }
    var width = column(text, map.items[0].key.range[0]);
    var self = this;
    var failed = false;
    Object.keys(before).forEach(function (key) {
      if (failed || Object.prototype.hasOwnProperty.call(after, key)) return;
      var pair = pairs[key];
      if (!pair || !onlySpaceBefore(text, pair.key.range[0])) { failed = true; return; }
      var end = pair.value ? afterLastLine(text, pair.value) : afterLastLine(text, pair.key);
      edits.push({ start: lineStart(text, pair.key.range[0]), end: end, text: "" });
    });
    var anchor = null;
    Object.keys(after).forEach(function (key) {
      if (failed) return;
      var pair = pairs[key];
      if (!Object.prototype.hasOwnProperty.call(before, key) || !pair) {
        if (pair) { failed = true; return; } // written but read as absent: unexpected
        var made = renderPair(key, after[key], width, null, flowKeys);
        if (anchor) {
          var at = anchor.value ? afterLastLine(text, anchor.value) : afterLastLine(text, anchor.key);
          edits.push({ start: at, end: at, text: new Array(width + 1).join(" ") + made });
        } else {
          var first = map.items[0].key.range[0];
          if (!onlySpaceBefore(text, first)) { failed = true; return; }
          var start = lineStart(text, first);
          edits.push({ start: start, end: start, text: new Array(width + 1).join(" ") + made, before: true });
        }
        return;
      }
      anchor = pair;
      if (equal(before[key], after[key])) return;
      var inner = pair.value ? self.change(pair.value, before[key], after[key]) : null;
      if (inner === null) {
        var end = pair.value ? afterLastLine(text, pair.value) : afterLastLine(text, pair.key);
        inner = [{ start: pair.key.range[0], end: end,
          text: renderPair(key, after[key], width, pair.value) }];
      }
      Array.prototype.push.apply(edits, inner);
    });
    return failed ? null : edits;
  };

  /* The longest run of items left unchanged, as pairs of indexes (before, after). */
  function alignment(before, after) {
    var n = before.length, m = after.length, i, j;
    var lengths = [];
    for (i = 0; i <= n; i++) {
      lengths.push(new Array(m + 1).fill(0));
    }
    for (i = n - 1; i >= 0; i--) {
      for (j = m - 1; j >= 0; j--) {
        lengths[i][j] = equal(before[i], after[j]) ? lengths[i + 1][j + 1] + 1 :
          Math.max(lengths[i + 1][j], lengths[i][j + 1]);
      }
    }
    var kept = [];
    i = 0; j = 0;
    while (i < n && j < m) {
      if (equal(before[i], after[j])) { kept.push([i, j]); i++; j++; }
      else if (lengths[i + 1][j] >= lengths[i][j + 1]) i++;
      else j++;
    }
    return kept;
  }

  Editor.prototype.changeSeq = function (seq, before, after) {
    var text = this.text;
    var self = this;
    var items = seq.items;
    var edits = [];
    if (!after.length) return null; // `key: []`, written by the caller
    for (var k = 0; k < items.length; k++) {
      if (!items[k] || !items[k].range || YAML.isAlias(items[k])) return null;
    }
    var dashes = items.map(function (item) {
      var dash = text.lastIndexOf("-", item.range[0] - 1);
      var between = dash >= 0 ? text.slice(dash + 1, item.range[0]) : "";
      return dash >= 0 && onlySpaceBefore(text, dash) && /^[ \n]+$/.test(between) ? dash : -1;
    });
    if (dashes.some(function (dash) { return dash < 0; })) return null;
    var width = column(text, dashes[0]);
    var pad = new Array(width + 1).join(" ");

    function removeItem(i) {
      edits.push({ start: lineStart(text, dashes[i]), end: afterLastLine(text, items[i]), text: "" });
    }
    var flowKeys = flowKeysOf(seq);
    var removed = [];
    function itemText(i) {
      return text.slice(lineStart(text, dashes[i]), afterLastLine(text, items[i]));
    }
    function insertItem(at, value, placeBefore) {
      // an item moved (dragged to another place) keeps its own lines
      var moved = removed.filter(function (i) { return equal(before[i], value); })[0];
      var made = moved !== undefined ? itemText(moved) :
        pad + "- " + renderValue(value, width + 2, null, flowKeys);
      if (moved !== undefined) removed.splice(removed.indexOf(moved), 1);
      edits.push({ start: at, end: at, text: made, before: placeBefore });
    }
    function changeItem(i, value) {
      var inner = self.change(items[i], before[i], value, flowKeys);
      if (inner === null) {
        var start = items[i].range[0];
        var sameLine = lineStart(text, start) === lineStart(text, dashes[i]);
        inner = [{ start: start, end: afterLastLine(text, items[i]),
          text: renderValue(value, sameLine ? column(text, start) : width + 2, items[i], flowKeys) }];
      }
      Array.prototype.push.apply(edits, inner);
    }

    // Between two items kept as they were, the old and new items are paired in order
    // (changed in place); what is left over is removed or added.
    var kept = alignment(before, after);
    kept.push([before.length, after.length]);
    var runs = [];
    var i = 0, j = 0, x;
    kept.forEach(function (pair) {
      var run = { i: i, j: j, old: pair[0] - i, made: pair[1] - j, next: pair[0] };
      run.both = Math.min(run.old, run.made);
      for (x = run.both; x < run.old; x++) removed.push(i + x);
      runs.push(run);
      i = pair[0] + 1;
      j = pair[1] + 1;
    });
    runs.forEach(function (run) {
      for (x = 0; x < run.both; x++) changeItem(run.i + x, after[run.j + x]);
      for (x = run.both; x < run.old; x++) removeItem(run.i + x);
      if (run.made > run.both) {
        // new items go before the next item kept, or after the last one
        var placeBefore = run.next < items.length;
        var at = placeBefore ? lineStart(text, dashes[run.next]) :
          afterLastLine(text, items[items.length - 1]);
        for (x = run.both; x < run.made; x++) insertItem(at, after[run.j + x], placeBefore);
      }
    });
    return edits;
  };

  function applyEdits(text, edits) {
    var ordered = edits.map(function (edit, n) { return { edit: edit, n: n }; });
    ordered.sort(function (a, b) {
      return a.edit.start - b.edit.start || a.edit.end - b.edit.end || a.n - b.n;
    });
    var out = "";
    var at = 0;
    for (var k = 0; k < ordered.length; k++) {
      var edit = ordered[k].edit;
      if (edit.start < at) return null; // overlapping edits: not expected
      out += text.slice(at, edit.start) + edit.text;
      at = edit.end;
    }
    return out + text.slice(at);
  }

  /* What the editor needs: read(text) and edit(text, data), for the format's text paths. */
  return function files(textPaths) {
    var tree = textTree(textPaths);

    /* Most files hold no plain number, `true` or null where text is wanted, and no merge
     * key: js-yaml's core schema (several times faster, and the form reads every file of a
     * collection to list it) reads them the same. The others are read with `yaml`, which
     * knows how each value was written. */
    function quickly(text) {
      if (!jsyaml || text.indexOf("<<") >= 0) return undefined;
      var data = jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA });
      return isPlainObject(data) && !wantsWritten(data, tree) ? data : undefined;
    }

    function read(text) {
      var data = quickly(text);
      if (data === undefined) data = valueOf(parse(text), tree);
      return data === null || data === undefined ? {} : data;
    }

    function edit(source, data) {
      var after = JSON.parse(JSON.stringify(data));
      var doc;
      try { doc = parse(source); } catch (error) { return null; }
      var before = valueOf(doc, tree);
      if (equal(before, after)) return source;
      if (!/\n$/.test(source)) {
        source += "\n"; // so that a line added at the end starts on its own line
        doc = parse(source);
      }
      if (!isBlockMap(doc.contents) || !isPlainObject(before)) return null;
      var edits = new Editor(source, doc).changeMap(doc.contents, before, after);
      var text = edits === null ? null : applyEdits(source, edits);
      if (text === null) return null;
      try {
        return equal(read(text), after) ? text : null;
      } catch (error) {
        return null;
      }
    }

    return { read: read, edit: edit, equal: equal };
  };
});
