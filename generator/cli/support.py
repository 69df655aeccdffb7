"""What every ``playbook`` command shares: its options, how it stops, the handbook's setup."""

from __future__ import annotations

import copy
import datetime as dt
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError
from mkdocs.utils.yaml import yaml_load

from ..format.model import FormatValueError
from ..format.wording import LANGUAGES, Message, language_of_locale, say
from ..mkdocs_plugin import options as options_module
from ..mkdocs_plugin.options import handbook_language, parse_today
from ..mkdocs_plugin.plugin import PlaybookPlugin
from ..mkdocs_plugin.stops import HandbookBuildError, PlaybookStop
from ..reading.problems import Problem, report

root_option = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="The handbook's folder (the one with mkdocs.yml).",
)
format_option = click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "github"]),
    default="text",
    show_default=True,
    help="github: also print GitHub Actions annotations.",
)


LANG_KEY = "playbook.lang"
MESSAGES_LANGUAGE = "PLAYBOOK_LANG"
"""The language of messages said before a handbook is read, when ``--lang`` is not given."""


def _remember_lang(
    context: click.Context, parameter: click.Parameter, value: str | None
) -> str | None:
    """Keep ``--lang`` where messages said before the handbook is read can find it."""
    context.meta[LANG_KEY] = value
    return value


lang_option = click.option(
    "--lang",
    "lang",
    type=click.Choice(LANGUAGES),
    default=None,
    callback=_remember_lang,
    is_eager=True,
    help="Language of the messages (default: the handbook's language).",
)


class StopSaidByTheCli(logging.Filter):
    """MkDocs logs the message of the error that stopped a build; when the plugin stopped it,
    the CLI says that message itself (with --format and the summary), so it is said once."""

    def __init__(self, plugin: PlaybookPlugin):
        super().__init__()
        self.plugin = plugin

    def filter(self, record: logging.LogRecord) -> bool:
        stopped = self.plugin.stopped
        return stopped is None or record.getMessage() != str(stopped)


@contextmanager
def stops_said_once(plugin: PlaybookPlugin) -> Iterator[None]:
    once = StopSaidByTheCli(plugin)
    logger = logging.getLogger("mkdocs.commands.build")
    logger.addFilter(once)
    try:
        yield
    finally:
        logger.removeFilter(once)


def stop_text(stopped: PlaybookStop, output_format: str, language: str) -> str:
    """What the CLI prints for a stop of the plugin's."""
    if isinstance(stopped, HandbookBuildError):
        return report_problems(stopped.problems, output_format, language, "nothing_built")
    return str(stopped)


class ContentError(click.ClickException):
    """Problems in the handbook's files: exit code 1, no traceback."""

    exit_code = 1

    def show(self, file=None) -> None:  # type: ignore[no-untyped-def]
        click.echo(self.message, err=True)


def report_problems(
    problems: list[Problem],
    output_format: str,
    language: str = "en",
    summary: str = "problems_found",
) -> str:
    text = report(problems, language, summary)
    if output_format != "github":
        return text
    *lines, last = text.split("\n")
    annotations = [problem.github_annotation(language) for problem in problems]
    return "\n".join([*lines, *annotations, last])


def messages_language(root: Path, lang: str | None) -> str:
    """``--lang`` if given, else the ``messages`` option, else the handbook's language."""
    if lang:
        return lang
    config, options = plugin_options(root)
    return options_module.messages_language(options, config.theme.get("language"))


def today_option(options: dict[str, object], language: str) -> dt.date:
    try:
        return parse_today(options["today"])  # type: ignore[arg-type]
    except FormatValueError as exc:
        raise ContentError(f"mkdocs.yml: {exc.message.text(language)}") from None


def system_language(lang: str | None = None) -> str:
    """The messages' language before the handbook's is known: ``--lang``, else the
    ``PLAYBOOK_LANG`` or the system's locale (Chinese or English)."""
    context = click.get_current_context(silent=True)
    lang = lang or (context.meta.get(LANG_KEY) if context else None)
    if lang:
        return lang
    for variable in (MESSAGES_LANGUAGE, "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value:
            return language_of_locale(value)
    return "en"


def no_handbook(root: Path, lang: str | None = None) -> click.UsageError:
    message = say("no_mkdocs_yml", root=str(root.resolve()))
    return click.UsageError(message.text(system_language(lang)))


class _ConfigErrors(logging.Filter):
    """Keeps the errors MkDocs logs while it validates a configuration (each option's
    problem, with its path), so that the command says them once, as its own stop."""

    def __init__(self) -> None:
        super().__init__()
        self.errors: list[str] = []

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.ERROR:
            self.errors.append(record.getMessage())
            return False
        return True


def mkdocs_config(
    root: Path, options: dict[str, object] | None = None, **overrides: object
) -> MkDocsConfig:
    """The handbook's MkDocs configuration; ``options`` are given to the `playbook` plugin
    as if ``mkdocs.yml`` said them (how a command passes its choices to a build)."""
    config_file = root / "mkdocs.yml"
    if not config_file.is_file():
        raise no_handbook(root)
    if options:
        overrides["plugins"] = with_playbook_options(config_file, options)
    errors = _ConfigErrors()
    logger = logging.getLogger("mkdocs.config")
    logger.addFilter(errors)
    try:
        return load_config(config_file=str(config_file), **overrides)
    except ConfigurationError as exc:
        raise ContentError(f"{config_file}: {exc}") from None
    except Abort as exc:
        raise ContentError("\n".join(errors.errors) or f"{config_file}: {exc.message}") from None
    finally:
        logger.removeFilter(errors)


class _Plugins(dict[str, object]):
    """``plugins`` by name, read afresh each time MkDocs reads them: MkDocs changes a
    plugin's options as it takes them (``enabled``), and ``serve`` loads the configuration
    again on every rebuild."""

    def items(self):  # type: ignore[override]
        return [(name, copy.deepcopy(options)) for name, options in super().items()]


def with_playbook_options(config_file: Path, options: dict[str, object]) -> dict[str, object]:
    """``mkdocs.yml``'s ``plugins``, read as MkDocs reads them (``INHERIT``, ``!ENV``), with
    ``options`` added to the `playbook` plugin's."""
    with config_file.open("rb") as source:
        raw = yaml_load(source) or {}
    plugins = raw.get("plugins") if isinstance(raw, dict) else None
    named: dict[str, object] = {}
    if isinstance(plugins, dict):
        named.update(plugins)
    else:
        for item in plugins or []:
            if isinstance(item, dict):
                named.update(item)
            else:
                named[str(item)] = {}
    named["playbook"] = {**(named.get("playbook") or {}), **options}  # type: ignore[dict-item]
    return _Plugins(named)


def playbook_plugin(
    root: Path, options: dict[str, object] | None = None, **overrides: object
) -> tuple[MkDocsConfig, PlaybookPlugin]:
    """The handbook's MkDocs configuration and its `playbook` plugin instance, with
    ``options`` for this command's builds (see :func:`mkdocs_config`)."""
    config = mkdocs_config(root, options, **overrides)
    plugin = config.plugins.get("playbook")
    if not isinstance(plugin, PlaybookPlugin):
        raise _plugin_missing(root, config)
    # MkDocs keeps one instance of a plugin with on_startup per process (its plugin cache):
    # a cache an earlier command in this process gave its builds must not carry over.
    plugin.shared_cache = None
    return config, plugin


def plugin_options(root: Path) -> tuple[MkDocsConfig, dict[str, object]]:
    """The handbook's MkDocs configuration and the `playbook` plugin's options in it."""
    config = mkdocs_config(root)
    plugin = config.plugins.get("playbook")
    if plugin is None:
        raise _plugin_missing(root, config)
    return config, dict(plugin.config)


def _plugin_missing(root: Path, config: MkDocsConfig) -> ContentError:
    message = say("plugin_missing", config=str(root / "mkdocs.yml"))
    return ContentError(message.text(handbook_language(None, config)))


SITE_MARKER = ".playbook-site"
"""Marks a folder ``playbook build`` made (a site, or the folder of the audiences' sites),
which a later build may replace. A build replaces no other folder but a missing or empty one."""


def made_by_playbook(folder: Path, marker: str) -> bool:
    """Whether replacing ``folder`` loses nothing a person made: it does not exist, is empty,
    or holds ``marker`` (the file the command that made it left)."""
    if not folder.exists():
        return True
    if not folder.is_dir():
        return False
    return (folder / marker).is_file() or not any(folder.iterdir()) or _built_site(folder)


def _built_site(folder: Path) -> bool:
    """A site an earlier build made before builds left a marker (MkDocs writes a
    ``sitemap.xml.gz`` into every site), or a folder of such sites (audiences)."""
    if (folder / "sitemap.xml.gz").is_file():
        return True
    entries = [entry for entry in folder.iterdir() if not entry.name.startswith(".")]
    return bool(entries) and all((entry / "sitemap.xml.gz").is_file() for entry in entries)


def output_refused(folder: Path, config: MkDocsConfig, marker: str) -> Message | None:
    """Why ``folder`` must not be replaced by what a command writes, or ``None``.

    Never the handbook's own folder or a folder above it, the hand-written pages' folder
    (``docs_dir``: it, a folder in it or one holding it), nor a folder that
    :func:`made_by_playbook` does not recognise.
    """
    target = folder.resolve()
    docs = Path(config.docs_dir).resolve()
    root = Path(config.config_file_path).resolve().parent
    if target == root or target in root.parents:
        return say("site_dir_handbook", target=str(target), root=str(root))
    if target == docs or target in docs.parents or docs in target.parents:
        return say("site_dir_docs", target=str(target), docs=str(docs))
    if not made_by_playbook(target, marker):
        return say("site_dir_not_ours", target=str(target), marker=marker)
    return None


def mark(folder: Path, marker: str, command: str) -> None:
    """Leave ``marker`` in ``folder``: a later run of ``command`` may replace the folder."""
    (folder / marker).write_text(
        f"Made by `{command}`; the next run replaces this folder.\n", encoding="utf-8"
    )


@contextmanager
def replaced_when_done(folder: Path) -> Iterator[Path]:
    """A new, empty folder that replaces ``folder`` only if the block succeeds.

    It is made as ``mkdir`` makes a folder (its mode from the umask, e.g. 0755 under 022,
    so that a web server's own user can read a site) inside a private working folder beside
    ``folder``; at the end it takes ``folder``'s place by renames in the same file system,
    and the replaced folder is deleted with the working folder. Whether ``folder`` may be
    replaced at all is the caller's question (:func:`output_refused`).
    """
    folder.parent.mkdir(parents=True, exist_ok=True)
    working = Path(tempfile.mkdtemp(prefix=f".{folder.name}.building-", dir=folder.parent))
    try:
        staging = working / "new"
        staging.mkdir()
        yield staging
        replaced = working / "old"
        if folder.exists():
            folder.rename(replaced)
        try:
            staging.rename(folder)
        except OSError:
            if replaced.exists():
                replaced.rename(folder)
            raise
    finally:
        if folder.exists() or not (working / "old").exists():
            shutil.rmtree(working, ignore_errors=True)
        # else the replaced folder could not be put back: it stays, whole, in ``working``
