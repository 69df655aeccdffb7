"""The ``playbook`` command: check, build, serve, schema.

Exit codes: 0 success, 1 problems in the handbook (or a failed build), 2 wrong usage.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError, MkDocsException

from .. import __version__
from ..format.ids import id_from_name, unique
from ..format.model import Client, FormatValueError
from ..format.schema import json_schema, write_schemas
from ..format.wording import count_message, did_you_mean, plural, say
from ..pages.health import handbook_health
from ..pages.pipeline import gc_paused
from ..reading.explain import field_label
from ..reading.loader import Locator, load_handbook
from ..reading.problems import HandbookInvalid, Problem, format_loc, report
from .options import handbook_language, parse_today
from .plugin import MESSAGES_LANGUAGE, PlaybookPlugin
from .scaffold import ScaffoldError, new_file
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


lang_option = click.option(
    "--lang",
    "lang",
    type=click.Choice(["zh", "en"]),
    default=None,
    help="Language of the messages (default: the handbook's language).",
)


class _SaidByTheCli(logging.Filter):
    """MkDocs logs the message of the error that stopped a build; when the plugin stopped it,
    the CLI says that message itself (with --format and the summary), so it is said once."""

    def __init__(self, plugin: PlaybookPlugin):
        super().__init__()
        self.plugin = plugin

    def filter(self, record: logging.LogRecord) -> bool:
        stopped = self.plugin.stopped
        return stopped is None or record.getMessage() != str(stopped)


@contextmanager
def _stops_said_once(plugin: PlaybookPlugin) -> Iterator[None]:
    said = _SaidByTheCli(plugin)
    logger = logging.getLogger("mkdocs.commands.build")
    logger.addFilter(said)
    try:
        yield
    finally:
        logger.removeFilter(said)


def _said(stopped: PlaybookStop, output_format: str, language: str) -> str:
    """What the CLI prints for a stop of the plugin's."""
    if isinstance(stopped, HandbookBuildError):
        return _report(stopped.problems, output_format, language, "nothing_built")
    return str(stopped)


class ContentError(click.ClickException):
    """Problems in the handbook's files: exit code 1, no traceback."""

    exit_code = 1

    def show(self, file=None) -> None:  # type: ignore[no-untyped-def]
        click.echo(self.message, err=True)


def _report(
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


def _language(root: Path, lang: str | None) -> str:
    """``--lang`` if given, else the handbook's language."""
    if lang:
        return lang
    config, options = _plugin_options(root)
    return handbook_language(options["language"], config)  # type: ignore[arg-type]


def _today(options: dict[str, object], language: str) -> dt.date:
    try:
        return parse_today(options["today"])  # type: ignore[arg-type]
    except FormatValueError as exc:
        raise ContentError(f"mkdocs.yml: {exc.message.text(language)}") from None


def _config(root: Path, **overrides: object) -> MkDocsConfig:
    config_file = root / "mkdocs.yml"
    if not config_file.is_file():
        raise click.UsageError(
            f"no mkdocs.yml in {root.resolve()}; use --root to name the handbook"
        )
    try:
        return load_config(config_file=str(config_file), **overrides)
    except ConfigurationError as exc:
        raise ContentError(f"{config_file}: {exc}") from None


def _playbook(root: Path, **overrides: object) -> tuple[MkDocsConfig, PlaybookPlugin]:
    """The handbook's MkDocs configuration and its `playbook` plugin instance."""
    config = _config(root, **overrides)
    plugin = config.plugins.get("playbook")
    if not isinstance(plugin, PlaybookPlugin):
        raise ContentError(f"{root / 'mkdocs.yml'}: the `playbook` plugin is not in `plugins`")
    return config, plugin


def _plugin_options(root: Path) -> tuple[MkDocsConfig, dict[str, object]]:
    """The handbook's MkDocs configuration and the `playbook` plugin's options in it."""
    config = _config(root)
    plugin = config.plugins.get("playbook")
    if plugin is None:
        raise ContentError(f"{root / 'mkdocs.yml'}: the `playbook` plugin is not in `plugins`")
    return config, dict(plugin.config)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="playbook")
def main() -> None:
    """Playbook: the account team's handbook, from client YAML files to a website."""
    logging.basicConfig(format="%(levelname)-7s -  %(message)s", level=logging.WARNING)
    logging.getLogger("mkdocs").setLevel(logging.WARNING)


@main.command()
@root_option
@format_option
@lang_option
@click.option("--strict", is_flag=True, help="Fail (exit 1) on health warnings too.")
def check(root: Path, output_format: str, lang: str | None, strict: bool) -> None:
    """Validate every client and industry file; print each problem with its line.

    Then list what needs attention (the health page's items) as warnings.
    """
    _, options = _plugin_options(root)
    language = _language(root, lang)
    today = _today(options, language)
    try:
        with gc_paused():
            handbook = load_handbook(
                root, str(options["clients_dir"]), str(options["industries_dir"])
            )
    except HandbookInvalid as exc:
        raise ContentError(_report(list(exc.problems), output_format, language)) from None
    locate = Locator(root)
    review_days = int(options["review_days"])  # type: ignore[call-overload]
    items = handbook_health(handbook, today, review_days)
    with gc_paused():
        warnings = sorted(
            Problem(
                item.path,
                *locate(item.path, item.loc),
                format_loc(item.loc),
                item.message(review_days),
                severity="warning",
                label=field_label(Client, item.loc),
            )
            for item in items
        )
    summary = say(
        "checked",
        clients=len(handbook.clients),
        industries=len(handbook.industries),
        warnings=len(warnings),
        s=plural(len(warnings)),
    ).text(language)
    if warnings:
        click.echo(_report(warnings, output_format, language).rsplit("\n", 1)[0], err=True)
    if strict and warnings:
        raise ContentError(summary + " " + say("strict_warnings").text(language))
    click.echo(summary)


@contextmanager
def _staging(site_dir: Path) -> Iterator[Path]:
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


@main.command()
@root_option
@format_option
@click.option(
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to write the site (default: site/ in the handbook).",
)
@click.option(
    "--redact",
    is_flag=True,
    help="Leave out personal data and confidential clients (e.g. for new hires).",
)
@lang_option
def build(
    root: Path, output_format: str, site_dir: Path | None, redact: bool, lang: str | None
) -> None:
    """Check the handbook, then build the website with `mkdocs build --strict`."""
    target = (site_dir or root / "site").resolve()
    language = _language(root, lang)
    with _staging(target) as staging:
        config, plugin = _playbook(root, strict=True, site_dir=str(staging))
        from mkdocs.commands.build import build as mkdocs_build

        if redact:
            plugin.config.redact = True
        try:
            config.plugins.on_startup(command="build", dirty=False)
            try:
                with _stops_said_once(plugin):
                    mkdocs_build(config)
            finally:
                config.plugins.on_shutdown()
        except Abort as exc:
            if plugin.stopped is not None:
                raise ContentError(_said(plugin.stopped, output_format, language)) from None
            raise ContentError(say("build_stopped", detail=exc.message).text(language)) from None
        except MkDocsException as exc:
            raise ContentError(say("build_failed", detail=str(exc)).text(language)) from None
    click.echo(say("site_written", target=str(target)).text(language))


def _stop_as_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@main.command()
@root_option
@click.option(
    "-a",
    "--dev-addr",
    default="127.0.0.1:8000",
    show_default=True,
    help="IP address and port to serve on.",
)
@click.option(
    "--full",
    is_flag=True,
    help="Rebuild every page on each save (default: only the pages that changed).",
)
@lang_option
def serve(root: Path, dev_addr: str, full: bool, lang: str | None) -> None:
    """Serve the handbook with live reload; a broken save keeps the last good pages."""
    if lang:  # the plugin words its messages (and the editor its refusals) in it
        os.environ[MESSAGES_LANGUAGE] = lang
    # A service manager stops `serve` with SIGTERM: end it as Ctrl-C does, so that MkDocs
    # shuts its plugins down (the plugin removes its folder of generated pages).
    signal.signal(signal.SIGTERM, _stop_as_interrupt)
    from mkdocs.commands.serve import serve as mkdocs_serve

    config_file = root / "mkdocs.yml"
    if not config_file.is_file():
        raise click.UsageError(
            f"no mkdocs.yml in {root.resolve()}; use --root to name the handbook"
        )
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    try:
        mkdocs_serve(
            config_file=str(config_file),
            dev_addr=dev_addr,
            livereload=True,
            build_type=None if full else "dirty",
        )
    except (Abort, MkDocsException) as exc:
        raise ContentError(str(exc)) from None


@main.command()
@root_option
@format_option
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder to write the Markdown tree into (docs/ and mkdocs.yml).",
)
@click.option("--redact", is_flag=True, help="Leave out personal data and confidential clients.")
def render(root: Path, output_format: str, out: Path, redact: bool) -> None:
    """Write the whole handbook as plain Markdown that builds without this plugin.

    OUT gets docs/ (hand-written and generated pages, assets, schemas, the calendar
    file) and a mkdocs.yml without the playbook plugin: `mkdocs build` or
    `zensical build` in OUT builds the site. A folder written by an earlier run is
    replaced; any other folder must be empty.
    """
    from .export import MARKER, write_tree

    target = out.resolve()
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).is_file():
        raise click.UsageError(
            f"{out} is not empty and was not written by `playbook render`; "
            "name a new or empty folder"
        )
    config, plugin = _playbook(root, strict=False)
    if redact:
        plugin.config.redact = True
    with _staging(target) as staging:
        try:
            pages = write_tree(config, plugin, staging)
        except PlaybookStop as exc:  # raised straight through: no MkDocs build runs here
            raise ContentError(_said(exc, output_format, _language(root, None))) from None
        except MkDocsException as exc:
            raise ContentError(str(exc)) from None
    click.echo(f"wrote {pages} pages and mkdocs.yml to {out} (build it with mkdocs or zensical)")


@main.command()
@click.option(
    "--kind",
    type=click.Choice(["client", "industry"]),
    default="client",
    show_default=True,
    help="Which file's schema to print.",
)
@click.option(
    "--language",
    type=click.Choice(["en", "zh"]),
    default="en",
    show_default=True,
    help="Language of the descriptions an editor shows on hover.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Write every schema (client, industry; en and zh) into this folder.",
)
def schema(kind: str, language: str, out: Path | None) -> None:
    """Print the JSON Schema of client (or industry) files, generated from the model."""
    if out is None:
        click.echo(json.dumps(json_schema(kind, language), ensure_ascii=False, indent=2))
        return
    for path in write_schemas(out):
        click.echo(f"wrote {path}")


@main.group()
def new() -> None:
    """Start a new client or industry file, commented and valid."""


def _scaffold(root: Path, kind: str, file_id: str | None, lang: str | None, **values: str) -> None:
    config, options = _plugin_options(root)
    language = lang or handbook_language(options["language"], config)  # type: ignore[arg-type]
    folder = str(options["clients_dir" if kind == "client" else "industries_dir"])
    if kind == "client":
        industries = root / str(options["industries_dir"])
        known = sorted(p.stem for p in industries.glob("*.yaml")) if industries.is_dir() else []
        if values["industry"] not in known:
            raise click.UsageError(
                say(
                    "new_unknown_industry",
                    industry=values["industry"],
                    folder=options["industries_dir"],
                    hint=did_you_mean(values["industry"], known),
                    known=", ".join(known) or "-",
                ).text(language)
            )
    proposed = ""
    if file_id is None:
        existing = {p.stem for p in (root / folder).glob("*.yaml")}
        file_id = unique(id_from_name(values["name"]), existing, kind)
        proposed = say("new_id_from_name", id=file_id).text(language)
    try:
        path = new_file(root, kind, file_id, language, folder, _today(options, language), **values)
    except ScaffoldError as exc:
        raise click.UsageError(exc.message.text(language)) from None
    if proposed:
        click.echo(proposed)
    click.echo(say("new_written", path=path.relative_to(root).as_posix()).text(language))


@new.command("client")
@click.argument("client_id", required=False)
@root_option
@click.option("--name", required=True, help="Display name, e.g. 鼎盛饮料集团.")
@click.option("--industry", required=True, help="Id of an industry file in industries/.")
@click.option("--tier", default="B", show_default=True, help="A, B or C.")
@click.option(
    "--status", default="prospect", show_default=True, help="prospect, active, paused or former."
)
@click.option("--lead", default=None, help="Our account lead (default: your git user name).")
@lang_option
def new_client(
    client_id: str | None,
    root: Path,
    name: str,
    industry: str,
    tier: str,
    status: str,
    lead: str | None,
    lang: str | None,
) -> None:
    """Write clients/CLIENT_ID.yaml (without CLIENT_ID: the id is made from the name,
    Chinese as pinyin: 港湾咖啡 → gangwan-kafei)."""
    _scaffold(
        root,
        "client",
        client_id,
        lang,
        name=name,
        industry=industry,
        tier=tier,
        status=status,
        lead=lead or _git_user() or "TBD",
    )


@new.command("industry")
@click.argument("industry_id", required=False)
@root_option
@click.option("--name", required=True, help="Industry name, e.g. 快速消费品.")
@lang_option
def new_industry(industry_id: str | None, root: Path, name: str, lang: str | None) -> None:
    """Write industries/INDUSTRY_ID.yaml (without INDUSTRY_ID: made from the name)."""
    _scaffold(root, "industry", industry_id, lang, name=name)


def _git_user() -> str | None:
    import subprocess

    try:
        result = subprocess.run(["git", "config", "user.name"], capture_output=True, text=True)
    except OSError:
        return None
    return result.stdout.strip() or None


def _spreadsheet_setup(root: Path) -> tuple[str, dict[str, str]]:
    config, options = _plugin_options(root)
    language = handbook_language(options["language"], config)  # type: ignore[arg-type]
    folders = {"client": str(options["clients_dir"]), "industry": str(options["industries_dir"])}
    return language, folders


@main.command("export")
@root_option
@click.argument("target", type=click.Path(path_type=Path))
@click.option("--redact", is_flag=True, help="Leave out what a redacted build leaves out.")
@lang_option
def export_spreadsheet(root: Path, target: Path, redact: bool, lang: str | None) -> None:
    """Write the whole handbook as a spreadsheet: TARGET.xlsx, or a folder of CSV files.

    One sheet per list of the format (clients, contacts, projects, milestones …), one row
    per item, keyed by the client's id. A TARGET without .xlsx is a folder that gets one
    UTF-8 CSV per sheet (with the BOM Excel expects).
    """
    from ..reading.redaction import redact as redact_handbook
    from ..spreadsheets.files import write_csv_folder, write_workbook

    language, folders = _spreadsheet_setup(root)
    said = lang or language
    try:
        with gc_paused():
            handbook = load_handbook(root, folders["client"], folders["industry"])
    except HandbookInvalid as exc:
        raise ContentError(_report(list(exc.problems), "text", said)) from None
    if redact:
        handbook = redact_handbook(handbook)
    if target.suffix.lower() == ".xlsx":
        write_workbook(handbook, target, language)
        kind = "export_written"
    elif target.suffix:
        raise click.UsageError(say("export_bad_target", target=str(target)).text(said))
    else:
        write_csv_folder(handbook, target, language)
        kind = "export_written_csv"
    written = say(
        kind,
        clients=len(handbook.clients),
        industries=len(handbook.industries),
        target=str(target),
    )
    click.echo(written.text(said))


@main.command("import")
@root_option
@click.argument("source", type=click.Path(path_type=Path))
@click.option(
    "--update", is_flag=True, help="Also change existing files (only the values the sheets change)."
)
@click.option(
    "--template",
    is_flag=True,
    help="Write an empty workbook to fill in (SOURCE.xlsx), with one example row per sheet.",
)
@lang_option
def import_spreadsheet(
    root: Path, source: Path, update: bool, template: bool, lang: str | None
) -> None:
    """Turn a spreadsheet (SOURCE.xlsx, or a folder of CSV files) into client files.

    Every problem in every sheet is listed with its cell; then nothing is written. New
    clients get new files; an existing file is changed only with --update.
    """
    from ..spreadsheets.files import SpreadsheetError, read_spreadsheet, write_workbook
    from ..spreadsheets.importer import import_spreadsheet as run_import
    from ..spreadsheets.importer import template_handbook

    language, folders = _spreadsheet_setup(root)
    said = lang or language
    if template:
        if source.suffix.lower() != ".xlsx":
            raise click.UsageError(say("template_needs_xlsx").text(said))
        if source.exists():
            raise click.UsageError(say("new_exists", path=str(source)).text(said))
        write_workbook(template_handbook(language), source, language)
        click.echo(say("template_written", source=str(source)).text(said))
        return
    if not source.exists():
        raise click.UsageError(say("import_no_source", source=str(source)).text(said))
    try:
        read = read_spreadsheet(source)
    except SpreadsheetError as exc:
        raise ContentError(exc.message.text(said)) from None
    report = run_import(read, root, language, folders, update=update, messages=said)
    for note in report.notes:
        click.echo(note)
    if report.problems:
        summary = count_message("nothing_written", len(report.problems)).text(said)
        raise ContentError("\n".join([*report.problems, summary]))
    for path, outcome, detail in report.outcomes:
        shown = say(f"import_outcome_{outcome}").text(said)
        click.echo(f"{shown:<10} {path}" + (f" ({detail})" if detail else ""))
    counts = {
        o: sum(1 for _, x, _ in report.outcomes if x == o)
        for o in ("created", "changed", "unchanged", "left alone")
    }
    click.echo(
        say(
            "import_summary",
            created=counts["created"],
            changed=counts["changed"],
            unchanged=counts["unchanged"],
            left=counts["left alone"],
        ).text(said)
    )


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
