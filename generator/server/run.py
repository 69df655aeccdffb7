"""``playbook server``: everything checked before the first request, then waitress.

Why waitress: a production-grade WSGI server in pure Python (no compiler, no C
extension), the same on the Linux and Windows servers agencies run, with no dependency
but the standard library; it is a thread pool behind an asynchronous socket loop, which
buffers slow clients and hands the application whole requests. The server's work per
request is short (a save is a check, a write and a commit, serialized), so threads are
enough; the renders run in processes of their own.

The start, in order (each refusal is a worded message, and nothing is written):
the handbook's configuration and its audiences; the repository (a work tree, a commit, a
branch); ``editor.people``; the proxy addresses and the listen address; what a restart
left (:mod:`generator.server.recovery`); with ``--push``, that the remote answers; the
site folder (one ``playbook build`` made or an empty one, ignored by git). Then the
sites' renderers, the pusher, and waitress.
"""

from __future__ import annotations

import logging
import signal
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from waitress.server import create_server

from ..format.wording import say
from ..mkdocs_plugin.loading import ConfigRefused, handbook_config
from ..mkdocs_plugin.options import handbook_language, messages_language
from ..outputs.site_folder import SITE_MARKER, mark, output_refused
from .app import ServerApp
from .editor_files import editor_assets
from .git import Repository
from .people import LOOPBACK, People, PeopleProblem, trusted_networks
from .pushing import Pusher
from .recovery import StartRefused, recover
from .saving import CommittingFiles, Journal, Recorder
from .sites import Sites
from .status import StatusSources

log = logging.getLogger("playbook.server")
STATE = "playbook-server"
"""The server's folder in ``.git``: the journal of the save under way, the rebase marker."""


@dataclass
class ServerOptions:
    """What ``playbook server`` was started with."""

    root: Path
    listen: str = "127.0.0.1:8010"
    push: str | None = None
    trusted_proxies: tuple[str, ...] = LOOPBACK
    site_dir: Path | None = None
    threads: int = 8
    lang: str | None = None
    nice: int = 10
    sites: bool = True
    """Keep the audiences' sites current; off: commit and push only (CI builds the sites)."""


@dataclass
class TeamServer:
    """The server's parts, made by :func:`prepare`, started by :meth:`start`."""

    app: ServerApp
    sites: Sites | None
    pusher: Pusher | None
    listen: str
    language: str
    audiences: list[str]
    notes: list[str] = field(default_factory=list)

    def start(self) -> None:
        threading.Thread(target=self._warm, name="playbook-warm", daemon=True).start()
        if self.sites is not None:
            self.sites.start()
        if self.pusher is not None:
            self.pusher.start()

    def _warm(self) -> None:
        """Read and check every file once, now: the first save then re-reads only its own
        file (at 1,000 clients the cold check took ~5 s of that save's answer)."""
        files = self.app.files
        recorder = files.recorder
        if recorder is None:
            return
        with recorder.lock:
            try:
                files.new_problems({})
            except Exception:  # a broken file is the first save's (or check's) to say
                log.exception("reading the handbook at start failed")

    def stop(self) -> None:
        if self.pusher is not None:
            self.pusher.stop()
        if self.sites is not None:
            self.sites.stop()


def _listen(value: str, language: str) -> str:
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise StartRefused(say("server_start_bad_listen", value=value).text(language))
    return value


def _ignored(repository: Repository, site_dir: Path) -> None:
    """Keep ``site_dir`` out of ``git status`` (the tree is clean after every save)."""
    try:
        relative = site_dir.resolve().relative_to(repository.root.resolve())
    except ValueError:
        return  # outside the handbook
    top = Path(repository.out("rev-parse", "--show-toplevel"))
    inside = site_dir.resolve().relative_to(top.resolve()).as_posix()
    checked = repository.run("check-ignore", "-q", f"{relative.as_posix()}/x", check=False)
    if checked.returncode == 0:
        return
    exclude = repository.git_dir() / "info" / "exclude"
    exclude.parent.mkdir(parents=True, exist_ok=True)
    with exclude.open("a", encoding="utf-8") as out:
        out.write(f"\n# the sites of playbook server\n/{inside}/\n")
    log.warning("%s is now ignored by git (.git/info/exclude)", inside)


def prepare(options: ServerOptions) -> TeamServer:
    """Check everything and make the server's parts (see the module); raises
    :class:`StartRefused` (or a click exception for the configuration) with a message."""
    root = options.root.resolve()
    try:
        config = handbook_config(root / "mkdocs.yml")
    except ConfigRefused as exc:
        raise StartRefused(str(exc)) from None
    plugin: Any = config.plugins.get("playbook")
    if plugin is None:
        raise StartRefused(
            say("server_start_no_plugin", config=str(root / "mkdocs.yml")).text(
                options.lang or "en"
            )
        )
    theme_language = config.theme.get("language")
    language = options.lang or messages_language(plugin.config, theme_language)
    handbook = handbook_language(plugin.config.language, config)
    audiences = dict(plugin.config.audiences or {})
    if not audiences:
        raise StartRefused(say("server_start_needs_audiences").text(language))
    editing = [
        name
        for name, audience in audiences.items()
        if plugin.config.editor.enabled and audience.sees_everything
    ]
    repository = Repository(root)
    if not repository.is_work_tree():
        raise StartRefused(say("server_start_not_git", root=str(root)).text(language))
    if repository.head() is None:
        raise StartRefused(say("server_start_no_commit", root=str(root)).text(language))
    branch = repository.branch()
    if branch is None:
        raise StartRefused(say("server_start_no_branch").text(language))
    try:
        people = People(root / "mkdocs.yml")
    except PeopleProblem as exc:
        said = say("server_start_bad_person", login=exc.login, value=str(exc.value)).text(language)
        raise StartRefused(said) from None
    notes = [] if len(people) else [say("server_start_no_people").text(language)]
    try:
        proxies = trusted_networks(options.trusted_proxies)
    except ValueError as exc:
        raise StartRefused(say("server_start_bad_proxy", value=str(exc)).text(language)) from None
    listen = _listen(options.listen, language)
    if options.push:
        unreachable = repository.reachable(options.push)
        if unreachable is not None:
            said = say(
                "server_start_remote_unreachable", remote=options.push, detail=unreachable
            ).text(language)
            raise StartRefused(said)
    site_dir = (options.site_dir or root / "site").resolve()
    refused = output_refused(site_dir, config, SITE_MARKER)
    if refused is not None:
        raise StartRefused(refused.text(language))
    # every check passed: from here on the server writes (what a restart left first)
    state = repository.git_dir() / STATE
    state.mkdir(exist_ok=True)
    journal, marker = Journal(state / "saving.json"), state / "rebasing"
    repository.committer = repository.configured_committer()
    folders = (str(plugin.config.clients_dir), str(plugin.config.industries_dir))
    notes += recover(repository, journal, marker, folders, language).notes
    site_dir.mkdir(parents=True, exist_ok=True)
    mark(site_dir, SITE_MARKER, "playbook server")
    _ignored(repository, site_dir)

    def head() -> str:
        return repository.head() or ""

    sites = Sites(root, site_dir, list(audiences), head, options.nice) if options.sites else None
    pusher: Pusher | None = None

    def changed() -> None:
        if sites is not None:
            sites.changed()

    def committed(commit: str, paths: list[str]) -> None:
        if pusher is not None:
            pusher.request()
        changed()

    recorder = Recorder(repository, journal, language, committed)
    files = CommittingFiles(root, folders[0], folders[1], language, recorder=recorder)
    if options.push:
        pusher = Pusher(
            repository,
            recorder,
            files.lock,
            marker,
            options.push,
            branch,
            language,
            on_pulled=changed,
        )
    mount = "/"  # as `playbook nginx` serves the audiences: /<audience>/ at the root
    editors = {
        name: editor_assets(
            language=handbook,
            site_name=config.site_name,
            site_url=config.site_url,
            clients_dir=folders[0],
            industries_dir=folders[1],
            mount=mount,
            audience=name,
        )
        for name in editing
    }
    sources = StatusSources(recorder, sites, pusher, notes, head)
    app = ServerApp(
        files, repository, people, proxies, language, mount, editors, sources, config.site_name
    )
    return TeamServer(app, sites, pusher, listen, language, list(audiences), notes)


def _stop_as_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def serve_forever(team: TeamServer, threads: int, announce: Any) -> None:
    """Start the parts and answer requests until SIGTERM or Ctrl-C; then stop cleanly
    (waitress lets the requests in progress, a save among them, finish)."""
    try:
        server = create_server(
            team.app,
            listen=team.listen,
            threads=threads,
            ident="playbook",
            # X-Forwarded-* are never believed (nor needed): waitress removes them. Who is
            # asking is the app's question, from the peer's address (see people.py).
            clear_untrusted_proxy_headers=True,
        )
    except OSError as exc:
        said = say("server_start_listen_failed", listen=team.listen, detail=exc.strerror).text(
            team.language
        )
        raise StartRefused(said) from None
    signal.signal(signal.SIGTERM, _stop_as_interrupt)
    team.start()
    push = team.pusher.remote if team.pusher is not None else "-"
    announce(
        say(
            "server_started", listen=team.listen, audiences=", ".join(team.audiences), push=push
        ).text(team.language)
    )
    try:
        server.run()
    finally:
        team.stop()
