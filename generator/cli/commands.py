"""The ``playbook`` command: check, build, serve, schema.

Exit codes: 0 success, 1 problems in the handbook (or a failed build), 2 wrong usage.
"""

from __future__ import annotations

import json
import logging
import signal
import sys
from pathlib import Path

import click
from mkdocs.exceptions import Abort, MkDocsException

from .. import __version__
from ..format.model import Client
from ..format.schema import json_schema, write_schemas
from ..format.wording import LANGUAGES, say
from ..mkdocs_plugin.loading import with_playbook_options
from ..mkdocs_plugin.options import AUDIENCE_NAME
from ..mkdocs_plugin.stops import PlaybookStop
from ..outputs.site_folder import SITE_MARKER, mark, output_refused, replaced_when_done
from ..pages.health import handbook_health
from ..pipeline import GenerationCache, gc_paused
from ..reading.explain import field_label
from ..reading.loader import Locator, load_handbook
from ..reading.problems import HandbookInvalid, Problem, format_loc
from ..reading.redaction import without_departed
from .file_commands import export_spreadsheet, forget, import_spreadsheet, init, new, privacy
from .server_command import server
from .support import (
    ContentError,
    format_option,
    lang_option,
    messages_language,
    no_handbook,
    playbook_plugin,
    plugin_options,
    report_problems,
    root_option,
    stop_text,
    stops_said_once,
    today_option,
)


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
    _, options = plugin_options(root)
    language = messages_language(root, lang)
    today = today_option(options, language)
    try:
        with gc_paused():
            handbook = load_handbook(
                root, str(options["clients_dir"]), str(options["industries_dir"])
            )
    except HandbookInvalid as exc:
        raise ContentError(report_problems(list(exc.problems), output_format, language)) from None
    locate = Locator(root)
    review_days = int(options["review_days"])  # type: ignore[call-overload]
    # the personal data of people who left: withheld from every build, listed for removal
    items = handbook_health(without_departed(handbook, today), review_days=review_days, today=today)
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
        count=len(warnings),
    ).text(language)
    if warnings:
        click.echo(report_problems(warnings, output_format, language).rsplit("\n", 1)[0], err=True)
    if strict and warnings:
        raise ContentError(summary + " " + say("strict_warnings").text(language))
    click.echo(summary)


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
@click.option(
    "--audience",
    default=None,
    help="Build only this audience of mkdocs.yml's `audiences` (default: every one).",
)
@lang_option
def build(
    root: Path,
    output_format: str,
    site_dir: Path | None,
    redact: bool,
    audience: str | None,
    lang: str | None,
) -> None:
    """Check the handbook, then build the website with `mkdocs build --strict`.

    With `audiences` in mkdocs.yml, one site per audience, each into site/<name>/, in one
    run that reads and checks the handbook once; with --audience, only site/<name>/ is
    replaced. A build replaces only a folder an earlier build made (or a new or empty one),
    and never the hand-written pages' folder or the handbook's.
    """
    target = (site_dir or root / "site").resolve()
    language = messages_language(root, lang)
    config, options = plugin_options(root)
    configured = list(options.get("audiences") or {})
    audiences = [] if redact else configured
    if audience is not None:
        if audience not in configured or not AUDIENCE_NAME.match(audience):
            known = ", ".join(configured) or "-"
            message = say("audience_unknown", name=audience, known=known)
            raise ContentError(message.text(language))
        audiences = [audience]
    replaced = target if audience is None else target / audience
    for folder in dict.fromkeys((target, replaced)):
        refused = output_refused(folder, config, SITE_MARKER)
        if refused is not None:
            raise ContentError(refused.text(language))
    shared = GenerationCache()
    with replaced_when_done(replaced) as staging:
        if not audiences:
            _build_one(root, staging, output_format, language, redact=redact)
        for name in audiences:
            folder = staging / name if audience is None else staging
            _build_one(root, folder, output_format, language, audience=name, shared=shared)
            mark(folder, SITE_MARKER, "playbook build")
        mark(staging, SITE_MARKER, "playbook build")
    if not (target / SITE_MARKER).is_file():  # the audiences' folder, made for --audience
        mark(target, SITE_MARKER, "playbook build")
    if audiences and audience is None:
        for name in audiences:
            click.echo(say("site_written", target=str(target / name)).text(language))
    else:
        click.echo(say("site_written", target=str(replaced)).text(language))


def _build_one(
    root: Path,
    site_dir: Path,
    output_format: str,
    language: str,
    *,
    redact: bool = False,
    audience: str | None = None,
    shared: GenerationCache | None = None,
) -> None:
    """One strict MkDocs build of the handbook into ``site_dir``."""
    from mkdocs.commands.build import build as mkdocs_build

    options = {"redact": redact, "audience": audience, "messages": language}
    config, plugin = playbook_plugin(root, options, strict=True, site_dir=str(site_dir))
    plugin.shared_cache = shared
    try:
        config.plugins.on_startup(command="build", dirty=False)
        try:
            with stops_said_once(plugin):
                mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()
    except Abort as exc:
        if plugin.stopped is not None:
            raise ContentError(stop_text(plugin.stopped, output_format, language)) from None
        raise ContentError(say("build_stopped", detail=exc.message).text(language)) from None
    except MkDocsException as exc:
        raise ContentError(say("build_failed", detail=str(exc)).text(language)) from None


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
    # A service manager stops `serve` with SIGTERM: end it as Ctrl-C does, so that MkDocs
    # shuts its plugins down (the plugin removes its folder of generated pages).
    signal.signal(signal.SIGTERM, _stop_as_interrupt)
    from mkdocs.commands.serve import serve as mkdocs_serve

    config_file = root / "mkdocs.yml"
    if not config_file.is_file():
        raise no_handbook(root, lang)
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    # --lang: the plugin words its messages (and the editor its refusals) in it
    overrides = {"plugins": with_playbook_options(config_file, {"messages": lang})} if lang else {}
    try:
        mkdocs_serve(
            **overrides,
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
@lang_option
def render(root: Path, output_format: str, out: Path, redact: bool, lang: str | None) -> None:
    """Write the whole handbook as plain Markdown that builds without this plugin.

    OUT gets docs/ (hand-written and generated pages, assets, schemas, the calendar
    file) and a mkdocs.yml without the playbook plugin: `mkdocs build` or
    `zensical build` in OUT builds the site. A folder written by an earlier run is
    replaced; any other folder must be empty.
    """
    from ..outputs.tree import MARKER, write_tree

    language = messages_language(root, lang)
    target = out.resolve()
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).is_file():
        raise click.UsageError(say("render_not_empty", out=str(out)).text(language))
    config, _ = playbook_plugin(root, {"redact": redact, "messages": language}, strict=False)
    with replaced_when_done(target) as staging:
        try:
            pages = write_tree(config, staging)
        except PlaybookStop as exc:  # raised straight through: no MkDocs build runs here
            raise ContentError(stop_text(exc, output_format, language)) from None
        except MkDocsException as exc:
            raise ContentError(str(exc)) from None
    click.echo(say("render_written", pages=pages, out=str(out)).text(language))


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
    type=click.Choice(LANGUAGES),
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
def schema(kind: str, language: str, out: Path | None) -> None:  # the descriptions' language
    """Print the JSON Schema of client (or industry) files, generated from the model."""
    if out is None:
        click.echo(json.dumps(json_schema(kind, language), ensure_ascii=False, indent=2))
        return
    for path in write_schemas(out):
        click.echo(say("schema_written", path=str(path)).text(language))


@main.command("pdf")
@root_option
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="The PDF to write (default: site/onboarding-pack.pdf, or site/brief-ID.pdf).",
)
@click.option("--client", default=None, help="Only this client's brief (by id).")
@click.option("--redact", is_flag=True, help="Leave out personal data and confidential clients.")
@click.option("--audience", default=None, help="What this audience of mkdocs.yml may see.")
@lang_option
def pdf(
    root: Path,
    out: Path | None,
    client: str | None,
    redact: bool,
    audience: str | None,
    lang: str | None,
) -> None:
    """Write the new colleague's pack (first-week path, tier-A briefs, industries) as one
    A4 PDF, or one client's brief with --client."""
    from ..mkdocs_plugin.generation import pack_readers
    from ..outputs.pdf import PackStop, make_pdfs, write_pdf
    from ..outputs.tree import files_as_built

    language = messages_language(root, lang)
    options = {"redact": redact, "audience": audience, "messages": language}
    config, plugin = playbook_plugin(root, options, strict=False)
    name = f"brief-{client}.pdf" if client else "onboarding-pack.pdf"
    target = (out or root / "site" / name).resolve()
    try:
        with files_as_built(config) as (config, files):
            assert plugin.setting is not None
            readers = pack_readers(plugin.setting)
            setting = plugin.pack_setting()
            (data,) = make_pdfs(config, files, setting, [client], audience=readers)
        new_folder = not target.parent.exists()
        pages = write_pdf(target, data, language)
        if new_folder and out is None:  # site/ made for the pack: a build may replace it
            mark(target.parent, SITE_MARKER, "playbook pdf")
    except PackStop as exc:  # the pack's own stop: no MkDocs build runs here
        raise ContentError(str(exc)) from None
    except PlaybookStop as exc:  # the plugin's, from its files (an invalid handbook …)
        raise ContentError(stop_text(exc, "text", language)) from None
    click.echo(say("pdf_written", path=str(target), pages=pages).text(language))


@main.command("nginx")
@root_option
@click.option(
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where `playbook build` wrote the audiences' sites (default: site/ in the handbook).",
)
@click.option(
    "--served-from",
    default=None,
    help="That folder's path on the web server (default: the --site-dir path).",
)
@click.option(
    "--open",
    "open_audiences",
    multiple=True,
    help="An audience served without a password (e.g. the intranet-wide one); repeatable.",
)
@click.option("--listen", default="80", show_default=True, help="nginx's listen directive.")
@click.option("--server-name", default="_", show_default=True, help="nginx's server_name.")
@click.option(
    "--htpasswd-dir",
    default="/etc/nginx/playbook",
    show_default=True,
    help="Folder of the password files, one per audience: <audience>.htpasswd.",
)
@click.option(
    "--server",
    "upstream",
    default=None,
    help="HOST:PORT of `playbook server`: the form and its API go to it, as the person signed in.",
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None)
@lang_option
def nginx(
    root: Path,
    site_dir: Path | None,
    served_from: str | None,
    open_audiences: tuple[str, ...],
    listen: str,
    server_name: str,
    htpasswd_dir: str,
    upstream: str | None,
    out: Path | None,
    lang: str | None,
) -> None:
    """Write an nginx server block that serves every audience's site at /<audience>/."""
    from ..outputs.nginx import Site, edits, nginx_config

    language = messages_language(root, lang)
    config, options = plugin_options(root)
    audiences = list(options.get("audiences") or {})
    if not audiences:
        raise ContentError(say("nginx_needs_audiences").text(language))
    for name in open_audiences:
        if name not in audiences:
            known = ", ".join(audiences)
            raise click.UsageError(say("nginx_unknown_open", name=name, known=known).text(language))
    folder = (site_dir or root / "site").resolve()
    sites = [
        Site(name, folder / name, name in open_audiences, edits(options, name))
        for name in audiences
    ]
    for site in sites:
        if not site.folder.is_dir():
            raise ContentError(say("nginx_not_built", folder=str(site.folder)).text(language))
    text = nginx_config(
        Path(served_from) if served_from else folder,
        sites,
        listen=listen,
        server_name=server_name,
        htpasswd_dir=htpasswd_dir,
        title=config.site_name,
        server=upstream,
    )
    if out is None:
        click.echo(text, nl=False)
        return
    out.write_text(text, encoding="utf-8")
    click.echo(say("nginx_written", path=str(out)).text(language))


main.add_command(new)
main.add_command(privacy)
main.add_command(forget)
main.add_command(export_spreadsheet)
main.add_command(import_spreadsheet)
main.add_command(server)
main.add_command(init)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
