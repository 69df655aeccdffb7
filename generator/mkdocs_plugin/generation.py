"""The handbook's pages as MkDocs files (``on_files``): what to generate them with, the
generation itself, and everything they bring into the site."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from ..editor.config import API_PATH, EditorHost
from ..format.wording import Message, say
from ..outputs.pdf import REDACTED_READERS, PackSetting, PackStop, make_pdfs
from ..pages import places
from ..pages.freshness import read_history
from ..pages.recent_changes import with_recent
from ..pages.site import SiteContext
from ..pages.sources import PageSources
from ..pipeline import (
    Generated,
    GenerationCache,
    can_generate_apart,
    generate,
    generate_apart,
)
from ..reading.redaction import Audience
from . import site_files
from .options import PlaybookConfig, unknown_clients
from .stops import PlaybookStop


@dataclass(frozen=True)
class Setting:
    """What one build of the handbook is: its folder, options, languages, day and readers."""

    root: Path
    options: PlaybookConfig
    language: str
    """The handbook's language: the pages' words."""
    messages: str
    """The language of the messages people read (``messages``, else ``language``)."""
    today: object
    audience: Audience
    audience_name: str | None
    serving: bool

    @property
    def has_editor(self) -> bool:
        """The editor is on, and this build's readers see everything (the editor shows every
        field of every file)."""
        return self.options.editor.enabled and self.audience.sees_everything

    def relative_to_docs(self, path: str, config: MkDocsConfig) -> str:
        return os.path.relpath(self.root / path, config.docs_dir).replace(os.sep, "/")


def mount_path(config: MkDocsConfig) -> str:
    """The path the site is served under (from ``site_url``), ending in ``/``."""
    path = urlsplit(config.site_url or "").path or "/"
    return path if path.endswith("/") else path + "/"


def site_context(setting: Setting, files: Files, config: MkDocsConfig) -> SiteContext:
    """What the pages need to know of the site they are part of."""
    options = setting.options

    def source_url(path: str) -> str | None:
        if not config.repo_url or not config.edit_uri:
            return None
        base = config.repo_url if config.repo_url.endswith("/") else config.repo_url + "/"
        return urljoin(base, config.edit_uri + setting.relative_to_docs(path, config))

    history = read_history(setting.root, (options.clients_dir, options.industries_dir))
    history = with_recent(history, setting.root, options.clients_dir, options.industries_dir)
    if not setting.audience.sees_everything:  # commit messages are text from outside the format
        history = history.without_messages()
    if not setting.audience.personal_data:  # nor changes to contacts' personal data
        history = history.without_personal_changes()
    return SiteContext(
        history=history,
        today=setting.today,  # type: ignore[arg-type]
        review_days=options.review_days,
        hand_written=frozenset(f.src_uri for f in files.documentation_pages()),
        source_url=source_url,
        site_url=config.site_url,
        directory_urls=config.use_directory_urls,
        editor=setting.has_editor,
        pdf=options.pdf,
        repo_url=config.repo_url,
    )


def generated_pages(
    setting: Setting,
    context: SiteContext,
    cache: GenerationCache | None,
    config_file: str | None,
    apart: PageSources | None = None,
) -> Generated:
    """The handbook's pages for this build (``HandbookInvalid`` when its files are not
    valid; a stop for a template's error or an audience's unknown client).

    ``apart``: made by another process, into these files (see ``pipeline.generate_apart``);
    else here, with ``cache``.
    """
    try:
        if apart is not None and can_generate_apart():
            generated = generate_apart(
                apart, setting.root, setting.options, setting.language, context, setting.audience
            )
        else:
            generated = generate(
                setting.root, setting.options, setting.language, context, cache, setting.audience
            )
    except jinja2.TemplateError as exc:
        where = getattr(exc, "filename", None) or getattr(exc, "name", None) or "a template"
        line = getattr(exc, "lineno", None)
        where = f"{where}{f':{line}' if line else ''}"
        raise _stop(setting, say("template_error", where=where, detail=str(exc))) from None
    unknown = unknown_clients(setting.options.audiences, set(generated.every_client), config_file)
    if unknown:
        raise _stop(setting, *unknown)
    return generated


def add_to_site(
    files: Files,
    config: MkDocsConfig,
    setting: Setting,
    generated: Generated,
    sources: PageSources,
) -> None:
    """The generated pages (their Markdown in ``sources``' files), the schemas, assets, the
    editor, the PDFs, and the navigation when ``mkdocs.yml`` has none."""
    clashing = site_files.clashes(generated.pages, files)
    if clashing:
        paths = ", ".join(f"{config.docs_dir}/{path}" for path in clashing)
        raise _stop(setting, say("pages_clash", paths=paths))
    site_files.add_pages(
        files, config, generated.pages, sources, lambda path: setting.relative_to_docs(path, config)
    )
    site_files.add_schemas(files, config)
    site_files.add_assets(files, config, pagefind=setting.options.search == "pagefind")
    if setting.has_editor:
        _add_editor(files, config, setting)
    if setting.options.pdf:
        _add_pdfs(files, config, setting, generated)
    if config.nav is None:
        config.nav = site_files.default_nav(files, frozenset(generated.pages))


def pack_setting(setting: Setting, first_week: tuple[str, ...]) -> PackSetting:
    """What ``playbook pdf`` and the PDF downloads need of this build."""
    return PackSetting(first_week, setting.language, setting.messages, setting.today)  # type: ignore[arg-type]


def pack_readers(setting: Setting) -> Audience | str:
    """Whom the pack says it is for: the audience (its label, or what it sees), or the
    redacted readers."""
    return REDACTED_READERS if setting.options.redact else setting.audience


def _add_pdfs(files: Files, config: MkDocsConfig, setting: Setting, generated: Generated) -> None:
    """The pack and each brief as PDF downloads (``pdf: true``), from this site's pages."""
    clients = [
        path.removeprefix("briefs/").removesuffix(".md")
        for path in sorted(generated.pages)
        if path.startswith("briefs/")
    ]
    try:
        pack, *briefs = make_pdfs(
            config,
            files,
            pack_setting(setting, generated.first_week),
            [None, *clients],
            audience=pack_readers(setting),
        )
    except PackStop as exc:  # said as the build's stop
        raise PlaybookStop(str(exc)) from None
    files.append(File.generated(config, places.PACK_PDF, content=pack))
    for client_id, brief in zip(clients, briefs, strict=True):
        files.append(File.generated(config, places.brief_pdf(client_id), content=brief))


def _add_editor(files: Files, config: MkDocsConfig, setting: Setting) -> None:
    """``admin/``: the form editor (never in a redacted build: it shows every field)."""
    options = setting.options.editor
    if options.backend and not options.repo:
        raise _stop(setting, say("editor_repo_required"))
    host = None
    if options.backend:
        host = EditorHost(
            options.backend,
            options.repo,
            options.branch,
            options.base_url,
            options.api_root,
            options.app_id,
            options.auth_endpoint,
        )
    site_files.add_editor(
        files,
        config,
        language=setting.language,
        clients_dir=setting.options.clients_dir,
        industries_dir=setting.options.industries_dir,
        host=host,
        local_api=mount_path(config) + API_PATH if setting.serving else None,
    )


def _stop(setting: Setting, *messages: Message) -> PlaybookStop:
    return PlaybookStop("\n".join(message.text(setting.messages) for message in messages))
