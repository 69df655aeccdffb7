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
