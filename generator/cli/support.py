"""What every ``playbook`` command shares: its options, how it stops, the handbook's setup."""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from mkdocs.config.defaults import MkDocsConfig

from ..format.model import FormatValueError
from ..format.wording import LANGUAGES, language_of_locale, say
from ..mkdocs_plugin import options as options_module
from ..mkdocs_plugin.loading import ConfigRefused, handbook_config
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


def mkdocs_config(
    root: Path, options: dict[str, object] | None = None, **overrides: object
) -> MkDocsConfig:
    """The handbook's MkDocs configuration; ``options`` are given to the `playbook` plugin
    as if ``mkdocs.yml`` said them (how a command passes its choices to a build)."""
    config_file = root / "mkdocs.yml"
    if not config_file.is_file():
        raise no_handbook(root)
    try:
        return handbook_config(config_file, options, **overrides)
    except ConfigRefused as exc:
        raise ContentError(str(exc)) from None


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
