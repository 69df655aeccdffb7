"""``playbook server``: the team's server on one intranet machine, behind nginx.

nginx signs people in and passes who they are (``X-Remote-User``); the server answers
the form editor and its API, makes each save one git commit by its author, pushes it,
and keeps every audience's site current. A module per job:

- ``run``: the start (every check, then waitress) and the stop;
- ``app``: the WSGI application: who is asking, the editor's files and API, the status;
- ``people``: ``editor.people`` and the proxy's addresses;
- ``saving``: a save as one commit, through the one way to change files; ``messages``:
  its words; ``recovery``: what a restart mid-save left, put right at start;
- ``git``: the git commands; ``pushing``: to the remote, never forced;
- ``sites``, ``worker``, ``fullbuild``, ``publishing``: the sites follow the saves
  (a dirty render per audience in a process of its own, a full build in the background,
  releases swapped in by a symbolic link);
- ``editor_files`` and ``playbook-server.js``: the form, with a client's history;
- ``status``: what the server is doing.

Every word a person reads is a ``server_…`` message of the package's catalogs
(``say("server_…")``; the browser's in ``editor_files.BROWSER_WORDS``).
"""
