"""The ``playbook`` commands that write files: ``init`` (a new handbook), ``new``, ``import``,
``export``, ``forget``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..format.ids import id_from_name, unique
from ..format.wording import count_message, did_you_mean, message_key, say
from ..pipeline import gc_paused
from ..reading.loader import Handbook, Locator, load_handbook
from ..reading.personal_data import Person, PersonalValue
from ..reading.problems import HandbookInvalid
from ..writing.files import HandbookFiles, Refused
from ..writing.init import InitError, init_handbook, languages
from ..writing.scaffold import ScaffoldError, new_file
from .support import (
    ContentError,
    handbook_language,
    lang_option,
    plugin_options,
    report_problems,
    root_option,
    today_option,
)

if TYPE_CHECKING:
    from ..spreadsheets.importer import ImportReport


@click.group()
def new() -> None:
    """Start a new client or industry file, commented and valid."""


def _scaffold(root: Path, kind: str, file_id: str | None, lang: str | None, **values: str) -> None:
    config, options = plugin_options(root)
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
        files = HandbookFiles(
            root, str(options["clients_dir"]), str(options["industries_dir"]), language
        )
        path = new_file(files, kind, file_id, language, today_option(options, language), **values)
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


def spreadsheet_setup(root: Path) -> tuple[str, dict[str, str]]:
    config, options = plugin_options(root)
    language = handbook_language(options["language"], config)  # type: ignore[arg-type]
    folders = {"client": str(options["clients_dir"]), "industry": str(options["industries_dir"])}
    return language, folders


@click.command("export")
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

    language, folders = spreadsheet_setup(root)
    messages = lang or language
    try:
        with gc_paused():
            handbook = load_handbook(root, folders["client"], folders["industry"])
    except HandbookInvalid as exc:
        raise ContentError(report_problems(list(exc.problems), "text", messages)) from None
    if redact:
        handbook = redact_handbook(handbook)
    if target.suffix.lower() == ".xlsx":
        write_workbook(handbook, target, language)
        kind = message_key("export_written")
    elif target.suffix:
        raise click.UsageError(say("export_bad_target", target=str(target)).text(messages))
    else:
        write_csv_folder(handbook, target, language)
        kind = message_key("export_written_csv")
    written = say(
        kind,
        clients=len(handbook.clients),
        industries=len(handbook.industries),
        target=str(target),
    )
    click.echo(written.text(messages))


@click.command("import")
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
@click.option(
    "--map",
    "map_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The column map of a list in the agency's own layout (MAP.yaml). Without the file, "
    "a proposed map is written there, and nothing is imported.",
)
@lang_option
def import_spreadsheet(
    root: Path, source: Path, update: bool, template: bool, map_path: Path | None, lang: str | None
) -> None:
    """Turn a spreadsheet (SOURCE.xlsx, or a folder of CSV files) into client files.

    Every problem in every sheet is listed with its cell; then nothing is written. New
    clients get new files; an existing file is changed only with --update.

    With --map, SOURCE is the agency's own list (a workbook, a CSV file or a folder of
    them): its columns become fields as MAP.yaml says. The first run writes a proposed
    MAP.yaml and imports nothing; check it, then run again.
    """
    from ..spreadsheets.files import SpreadsheetError, read_spreadsheet, write_workbook
    from ..spreadsheets.importer import import_spreadsheet as run_import
    from ..spreadsheets.importer import template_handbook

    language, folders = spreadsheet_setup(root)
    messages = lang or language
    if template:
        if source.suffix.lower() != ".xlsx":
            raise click.UsageError(say("template_needs_xlsx").text(messages))
        if source.exists():
            raise click.UsageError(say("new_exists", path=str(source)).text(messages))
        write_workbook(template_handbook(language), source, language)
        click.echo(say("template_written", source=str(source)).text(messages))
        return
    if not source.exists():
        raise click.UsageError(say("import_no_source", source=str(source)).text(messages))
    if map_path is not None:
        _import_through_map(root, source, map_path, update, language, messages, folders)
        return
    try:
        read = read_spreadsheet(source)
    except SpreadsheetError as exc:
        raise ContentError(exc.message.text(messages)) from None
    report = run_import(read, root, language, folders, update=update, messages=messages)
    _show_import_report(report, messages)


def _show_import_report(report: ImportReport, messages: str) -> None:
    """The import's notes, then its problems (exit 1) or what happened to each file."""
    from ..spreadsheets.importer import outcome_message

    for note in report.notes:
        click.echo(note)
    if report.problems:
        summary = count_message("nothing_written", len(report.problems)).text(messages)
        raise ContentError("\n".join([*report.problems, summary]))
    for path, outcome, detail in report.outcomes:
        shown = outcome_message(outcome).text(messages)
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
        ).text(messages)
    )


def _import_through_map(
    root: Path,
    source: Path,
    map_path: Path,
    update: bool,
    language: str,
    messages: str,
    folders: dict[str, str],
) -> None:
    """``import SOURCE --map MAP``: the proposal when MAP does not exist (exit 1), else the
    import of the agency's own list through it."""
    from ..spreadsheets.column_map import MapError
    from ..spreadsheets.files import SpreadsheetError
    from ..spreadsheets.mapped_import import import_through_map

    try:
        outcome = import_through_map(
            source, map_path, root, language, folders, update=update, messages=messages
        )
    except SpreadsheetError as exc:
        raise ContentError(exc.message.text(messages)) from None
    except MapError as exc:
        summary = count_message("nothing_written", len(exc.problems)).text(messages)
        raise ContentError("\n".join([*exc.problems, summary])) from None
    if outcome.report is None:  # a proposal: printed, nothing imported
        for line in outcome.lines:
            click.echo(line)
        raise click.exceptions.Exit(1)
    _show_import_report(outcome.report, messages)


def _handbook_for(root: Path, folders: dict[str, str], language: str) -> Handbook:
    """The loaded handbook, or its problems as the command's message."""
    try:
        with gc_paused():
            return load_handbook(root, folders["client"], folders["industry"])
    except HandbookInvalid as exc:
        raise ContentError(report_problems(list(exc.problems), "text", language)) from None


def _whose(value: PersonalValue) -> tuple[bool, str, str]:
    """People by name (then client), birthdays that name nobody last."""
    person = value.person
    return (
        person is None,
        person.contact.name if person else "",
        person.label if person else value.path,
    )


def _value_line(value: PersonalValue, language: str, locate: Locator) -> str:
    line, _ = locate(value.path, value.loc)
    owner = value.person.contact.name if value.person else say("privacy_no_owner").text(language)
    return f"{value.path}:{line}: {value.field} ({owner})"


@click.command("privacy")
@root_option
@click.argument("who", required=False)
@lang_option
def privacy(root: Path, who: str | None, lang: str | None) -> None:
    """List every personal value in the handbook, person by person, each with its place
    (WHO: only this contact, by id, name, or client-id/contact-id)."""
    from ..reading.personal_data import every_personal_value

    language, folders = spreadsheet_setup(root)
    messages = lang or language
    handbook = _handbook_for(root, folders, messages)
    values = every_personal_value(handbook)
    if who is not None:
        chosen = {
            person.label for person in _one_or_more(handbook, folders["client"], who, messages)
        }
        values = [v for v in values if v.person is not None and v.person.label in chosen]
    locate = Locator(root)
    for value in sorted(values, key=lambda v: (_whose(v), locate(v.path, v.loc)[0] or 0)):
        click.echo(_value_line(value, messages, locate))
    owners = {v.person.label for v in values if v.person is not None}
    click.echo(say("privacy_summary", people=len(owners), values=len(values)).text(messages))


def _one_or_more(handbook: Handbook, folder: str, who: str, language: str) -> list[Person]:
    """The contacts ``who`` names; none is a message with a did-you-mean."""
    from ..reading.personal_data import matching, people

    found = matching(handbook, who)
    if not found:
        names = {name for p in people(handbook) for name in (p.contact.name, p.contact.id)}
        hint = did_you_mean(who, names)
        raise ContentError(say("forget_no_match", folder=folder, who=who, hint=hint).text(language))
    return found


@click.command("forget")
@root_option
@click.argument("who")
@click.option("--yes", is_flag=True, help="Remove the values (without it: show what would go).")
@lang_option
def forget(root: Path, who: str, yes: bool, lang: str | None) -> None:
    """Remove a contact's personal data (email, phone, WeChat, birthday) from the files.

    WHO is a contact's id, name, or client-id/contact-id. Without --yes nothing is written.
    """
    from ..writing.forget import carry_out, plan

    language, folders = spreadsheet_setup(root)
    messages = lang or language
    handbook = _handbook_for(root, folders, messages)
    found = _one_or_more(handbook, folders["client"], who, messages)
    if len(found) > 1:
        lines = [say("forget_several", count=len(found), who=who).text(messages)]
        lines += [f"  {p.label}  {p.path}  {p.contact.name}" for p in found]
        raise ContentError("\n".join(lines))
    person = found[0]
    files = HandbookFiles(root, folders["client"], folders["industry"], messages)
    forgetting = plan(handbook, person, files)
    name = person.contact.name
    if not forgetting.values:
        click.echo(say("forget_nothing", path=person.path, name=name).text(messages))
        return
    locate = Locator(root)
    if not yes:
        click.echo(say("forget_would", path=person.path, name=name).text(messages))
        for value in forgetting.values:
            click.echo("  " + _value_line(value, messages, locate))
        return
    try:
        carry_out(files, forgetting)
    except Refused as exc:
        if exc.problems:
            raise ContentError(report_problems(list(exc.problems), "text", messages)) from None
        raise ContentError(exc.text(messages)) from None
    count = len(forgetting.values)
    click.echo(say("forget_done", path=person.path, name=name, count=count).text(messages))


@click.command("init")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--name", required=True, help="The agency's name, e.g. 星海广告.")
@click.option(
    "--lang",
    "lang",
    type=click.Choice(languages()),
    default="zh",
    show_default=True,
    help="The handbook's language: its pages, labels and messages.",
)
@click.option("--no-git", is_flag=True, help="Write the files only: no git init, no first commit.")
def init(folder: Path, name: str, lang: str, no_git: bool) -> None:
    """Make a new handbook in FOLDER (new or empty): mkdocs.yml with the agency's name and
    language, empty clients/ and industries/, starting pages to adapt, a README for its
    keepers, requirements.txt pinning this Playbook, CI examples, and a first git commit."""
    try:
        made = init_handbook(folder, name, lang, git=not no_git)
    except InitError as exc:
        raise click.UsageError(exc.message.text(lang)) from None
    count = len(made.files)
    click.echo(say("init_written", folder=str(folder), name=name, count=count).text(lang))
    for note in made.notes:
        click.echo(note.text(lang))
    click.echo(say("init_next", folder=str(folder)).text(lang))
