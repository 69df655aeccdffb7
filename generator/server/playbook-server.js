/* playbook server: a client's history in the form, and restoring an earlier version.
 *
 * Served only by `playbook server` (its admin page adds this script after the editor's
 * own); window.PLAYBOOK_SERVER (playbook-server-data.js) gives the API's address, the
 * collections' folders and the words in the handbook's language. Kept apart from
 * playbook-editor.js: it only adds a button and a panel, and asks the API two things:
 *
 * - entryHistory {path}: the file's version now and its last commits (who, when, what);
 * - restoreEntry {path, commit, base}: the file as it was in that commit, saved as a new
 *   commit by the person (checked like any save; refused with 409 if the file changed
 *   since the panel listed it). The page then reloads, showing the restored entry. */
(function () {
  "use strict";
  var server = window.PLAYBOOK_SERVER;
  if (!server || !window.fetch || !document.body) return;
  var words = server.words;
  var ENTRY = /^#\/collections\/([^/]+)\/entries\/([^/?]+)/;

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (all, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : all;
    });
  }

  function entryPath() {
    var match = ENTRY.exec(window.location.hash);
    if (!match || !server.folders[match[1]]) return null;
    return server.folders[match[1]] + "/" + decodeURIComponent(match[2]) + ".yaml";
  }

  function ask(action, params) {
    return window.fetch(server.api, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ action: action, params: params }),
    }).then(function (response) {
      return response.json().then(function (answer) {
        if (!response.ok) throw new Error(answer.error || String(response.status));
        return answer;
      });
    });
  }

  function element(tag, style, text) {
    var made = document.createElement(tag);
    if (style) made.setAttribute("style", style);
    if (text !== undefined) made.textContent = text;
    return made;
  }

  var button = element("button",
    "position:fixed;left:16px;bottom:16px;z-index:300;display:none;padding:6px 14px;" +
    "border:0;border-radius:5px;background:#3a69c7;color:#fff;font-weight:600;cursor:pointer;" +
    "box-shadow:0 2px 6px rgba(0,0,0,.25)", words.server_history_button);
  button.type = "button";
  button.className = "playbook-history-button";
  var panel = element("section",
    "position:fixed;left:16px;bottom:60px;z-index:300;display:none;width:min(560px,90vw);" +
    "max-height:60vh;overflow:auto;padding:12px 16px;background:#fff;color:#313d3e;" +
    "border-radius:6px;box-shadow:0 4px 16px rgba(0,0,0,.3);font-size:14px");
  panel.className = "playbook-history";
  panel.setAttribute("aria-label", words.server_history_title);
  document.body.appendChild(button);
  document.body.appendChild(panel);

  function close() {
    panel.style.display = "none";
    panel.textContent = "";
  }

  function row(answer, version, index) {
    var line = element("li", "margin:6px 0;list-style:none;border-top:1px solid #eee;padding-top:6px");
    var when = version.when.slice(0, 16).replace("T", " ");
    line.appendChild(element("div", "font-weight:600", when + " · " + version.author));
    line.appendChild(element("div", "", version.subject));
    if (index === 0) {
      line.appendChild(element("div", "color:#798291", words.server_history_current));
      return line;
    }
    var restore = element("button",
      "margin-top:4px;border:0;border-radius:5px;padding:2px 12px;cursor:pointer;" +
      "background:#e8f5fe;color:#3a69c7;font-weight:600", words.server_history_restore);
    restore.type = "button";
    restore.className = "playbook-history-restore";
    restore.addEventListener("click", function () {
      var question = fill(words.server_history_confirm, { path: answer.path, date: when, author: version.author });
      if (!window.confirm(question)) return;
      restore.disabled = true;
      ask("restoreEntry", { path: answer.path, commit: version.commit, base: answer.version })
        .then(function () {
          panel.appendChild(element("p", "font-weight:600;color:#005614", words.server_history_restored));
          window.setTimeout(function () { window.location.reload(); }, 600);
        }, function (error) {
          restore.disabled = false;
          panel.appendChild(element("p", "font-weight:600;color:#ff003b",
            fill(words.server_history_failed, { reason: error.message })));
        });
    });
    line.appendChild(restore);
    return line;
  }

  function show(answer) {
    panel.textContent = "";
    var head = element("div", "display:flex;justify-content:space-between;align-items:center");
    head.appendChild(element("h2", "font-size:16px;margin:0", words.server_history_title + " · " + answer.path));
    var shut = element("button", "border:0;background:none;cursor:pointer;color:#3a69c7", words.server_history_close);
    shut.type = "button";
    shut.addEventListener("click", close);
    head.appendChild(shut);
    panel.appendChild(head);
    if (!answer.versions.length) {
      panel.appendChild(element("p", "", words.server_history_none));
      return;
    }
    var list = element("ul", "margin:8px 0 0;padding:0");
    answer.versions.forEach(function (version, index) { list.appendChild(row(answer, version, index)); });
    panel.appendChild(list);
  }

  button.addEventListener("click", function () {
    if (panel.style.display === "block") { close(); return; }
    var path = entryPath();
    if (!path) return;
    panel.style.display = "block";
    ask("entryHistory", { path: path }).then(show, function (error) {
      panel.textContent = fill(words.server_history_unavailable, { reason: error.message });
    });
  });

  function follow() {
    button.style.display = entryPath() ? "block" : "none";
    close();
  }
  window.addEventListener("hashchange", follow);
  follow();
})();
