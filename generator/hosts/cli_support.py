"""What every ``playbook`` command shares: its options, how it stops, the handbook's setup."""

from __future__ import annotations

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
from mkdocs.exceptions import ConfigurationError

from ..format.model import FormatValueError
from ..format.wording import say
from ..reading.problems import Problem, report
from .options import handbook_language, parse_today
from .plugin import MESSAGES_LANGUAGE, PlaybookPlugin
from .stops import HandbookBuildError, PlaybookStop

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


def _remember_lang(
    context: click.Context, parameter: click.Parameter, value: str | None
) -> str | None:
    """Keep ``--lang`` where messages said before the handbook is read can find it."""
    context.meta[LANG_KEY] = value
    return value


lang_option = click.option(
    "--lang",
    "lang",
    type=click.Choice(["zh", "en"]),
    default=None,
    callback=_remember_lang,
    is_eager=True,
    help="Language of the messages (default: the handbook's language).",
)


class SaidByTheCli(logging.Filter):
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
    said = SaidByTheCli(plugin)
    logger = logging.getLogger("mkdocs.commands.build")
    logger.addFilter(said)
    try:
        yield
    finally:
        logger.removeFilter(said)


def said(stopped: PlaybookStop, output_format: str, language: str) -> str:
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
    """``--lang`` if given, else the handbook's language."""
    if lang:
        return lang
    config, options = plugin_options(root)
    return handbook_language(options["language"], config)  # type: ignore[arg-type]


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
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def no_handbook(root: Path, lang: str | None = None) -> click.UsageError:
    message = say("no_mkdocs_yml", root=str(root.resolve()))
    return click.UsageError(message.text(system_language(lang)))


def mkdocs_config(root: Path, **overrides: object) -> MkDocsConfig:
    config_file = root / "mkdocs.yml"
    if not config_file.is_file():
        raise no_handbook(root)
    try:
        return load_config(config_file=str(config_file), **overrides)
    except ConfigurationError as exc:
        raise ContentError(f"{config_file}: {exc}") from None


def playbook_plugin(root: Path, **overrides: object) -> tuple[MkDocsConfig, PlaybookPlugin]:
    """The handbook's MkDocs configuration and its `playbook` plugin instance."""
    config = mkdocs_config(root, **overrides)
    plugin = config.plugins.get("playbook")
    if not isinstance(plugin, PlaybookPlugin):
        raise _plugin_missing(root, config)
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


@contextmanager
def replaced_when_done(site_dir: Path) -> Iterator[Path]:
    """A fresh folder beside ``site_dir`` that replaces it only if the block succeeds."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.building-", dir=site_dir.parent))
    try:
        yield staging
        old = site_dir.with_name(f".{site_dir.name}.old")
        if old.exists():
            shutil.rmtree(old)
        if site_dir.exists():
            site_dir.rename(old)
        staging.rename(site_dir)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
