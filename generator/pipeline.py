"""The whole path in one call: files → validated handbook → (redacted) → generated pages.

Both the MkDocs plugin and the `playbook render` command go through here.
"""

from __future__ import annotations

import ctypes
import dataclasses
import gc
import multiprocessing
import sys
import traceback
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

import jinja2

from .format.model import Client
from .pages import places
from .pages.handbook import render_handbook
from .pages.onboarding import first_week_clients
from .pages.places import GeneratedPage
from .pages.site import SiteContext
from .pages.sources import PageSources
from .pages.views import BUILTIN_TEMPLATES, template_environment
from .reading.loader import Handbook, LoadCache, load_handbook
from .reading.problems import HandbookInvalid
from .reading.redaction import EVERYTHING, Audience, for_audience, without_departed
from .search.pagefind import name_keys


@dataclass(frozen=True)
class Generated:
    """The generated pages, and the words search must keep whole (names, aliases)."""

    pages: dict[str, GeneratedPage]
    search_terms: frozenset[str]
    blocks: dict[str, str] = field(default_factory=dict)
    """HTML blocks for hand-written pages, by the marker that asks for them."""
    search_keys: dict[str, str] = field(default_factory=dict)
    """The words each client page is found by, by its path (see ``search.name_keys``)."""
    every_client: frozenset[str] = frozenset()
    """The ids of every client of the handbook, also those the audience does not see."""
    first_week: tuple[str, ...] = ()
    """The clients whose briefs a new colleague reads first, in order (the PDF pack's)."""


def _names(client: Client) -> list[str]:
    """What people search a client by: its name, its aliases, its contacts' names."""
    return [client.name, *client.aliases, *(contact.name for contact in client.contacts)]


def client_search_keys(handbook: Handbook) -> dict[str, str]:
    """A client page is found by the client's names, as typed (Pagefind's metadata)."""
    return {
        places.account(client_id): name_keys(_names(entry.data))
        for client_id, entry in handbook.clients.items()
    }


def search_terms(handbook: Handbook) -> frozenset[str]:
    """The clients' names: words a word segmenter must not split (the theme's search)."""
    terms = {name for entry in handbook.clients.values() for name in _names(entry.data)}
    return frozenset(term for term in terms if term.strip())


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small, acyclic objects.

    Loading and rendering create millions of short-lived objects and no cycles worth
    collecting; the collector's passes over them cost a third of a 1,000-client load.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def release_free_memory() -> bool:
    """Hand memory that Python has freed back to the operating system, where glibc allows.

    glibc keeps freed blocks in the middle of its heap for reuse, so a build's resident
    size only ever grows. Between a build's phases (generation done, pages written) much
    of it is free; ``malloc_trim`` returns it before the next phase allocates its own
    (at 3,000 clients: 110 MB before the search index is serialized). The same call
    Dask's workers make; a no-op (``False``) where there is no glibc.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL("libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):  # musl and other C libraries have no malloc_trim
        return False
    trim.argtypes = [ctypes.c_size_t]
    trim(0)
    return True


@dataclass
class GenerationCache:
    """What ``serve`` keeps between rebuilds: validated files, rendered pages, templates.

    Everything but ``files`` is dropped when the fingerprint (language, audience, the
    site's settings, templates) changes.
    """

    files: LoadCache = field(default_factory=LoadCache)
    pages: dict = field(default_factory=dict)
    fingerprint: tuple = ()
    templates: jinja2.Environment | None = None
    """The compiled templates (compiling them all costs ~0.6 s per rebuild)."""
    redacted: dict = field(default_factory=dict)
    """Each client's redacted copy by its source model (see ``redact``)."""


NOT_SETTINGS = {
    "source_url": "a function, made anew by every build (only the health page, never kept, "
    "calls it)",
}
"""The fields of :class:`SiteContext` that are not part of the serve cache's key, and why."""
PER_PAGE = {"history": ("files", "recent", "recent_read")}
"""Parts of the fields of :class:`SiteContext` that each page kept is checked against on
its own (a file's history: ``PageRenderer.cached``), not part of the key either."""


def site_settings(context: SiteContext) -> tuple[tuple[str, object], ...]:
    """The settings of the site that the pages are rendered with, by name.

    Every field of ``context`` but those of :data:`NOT_SETTINGS`, and of
    :data:`PER_PAGE`'s the rest (whether git's history could be read, and why not): the
    page families and the templates (``editor``, ``pdf``… are the templates' globals) see
    them all, so a setting added to :class:`SiteContext` is part of the serve cache's key
    by itself.
    """
    settings: list[tuple[str, object]] = []
    for f in dataclasses.fields(context):
        value = getattr(context, f.name)
        if f.name in NOT_SETTINGS:
            continue
        if f.name in PER_PAGE:
            value = tuple(
                (part.name, getattr(value, part.name))
                for part in dataclasses.fields(value)
                if part.name not in PER_PAGE[f.name]
            )
        settings.append((f.name, value))
    return tuple(settings)


def _fingerprint(
    root: Path,
    options: Mapping[str, object],
    language: str,
    context: SiteContext,
    audience: Audience,
) -> tuple:
    """Everything besides a client's own data that its rendered pages depend on (the
    templates last)."""
    templates = []
    for folder in (root / str(options["templates_dir"]), BUILTIN_TEMPLATES):
        if folder.is_dir():
            templates += [(str(p), p.stat().st_mtime_ns) for p in sorted(folder.rglob("*.j2"))]
    return (language, audience, site_settings(context), tuple(templates))


def generate(
    root: Path,
    options: Mapping[str, object],
    language: str,
    context: SiteContext,
    cache: GenerationCache | None = None,
    audience: Audience = EVERYTHING,
) -> Generated:
    """Every generated page of the handbook at ``root`` for ``audience``, by its path in the
    site's docs.

    ``options`` are the plugin's options (``clients_dir``, ``industries_dir``,
    ``templates_dir``). Raises :class:`~generator.reading.problems.HandbookInvalid`.
    """
    if cache is not None:
        fingerprint = _fingerprint(root, options, language, context, audience)
        if fingerprint != cache.fingerprint:
            cache.pages.clear()
            if fingerprint[-1:] != cache.fingerprint[-1:]:  # the templates changed
                cache.templates = None
            cache.fingerprint = fingerprint
    with gc_paused():
        handbook = load_handbook(
            root,
            str(options["clients_dir"]),
            str(options["industries_dir"]),
            cache.files if cache is not None else None,
        )
        every_client = frozenset(handbook.clients)
        handbook = without_departed(handbook, context.today)
        handbook = for_audience(handbook, audience, cache.redacted if cache is not None else None)
        env = cache.templates if cache is not None else None
        if env is None:
            env = template_environment(root / str(options["templates_dir"]))
            if cache is not None:
                cache.templates = env
        blocks: dict[str, str] = {}
        pages = render_handbook(
            handbook, language, env, context, cache.pages if cache is not None else None, blocks
        )
    return Generated(
        pages,
        search_terms(handbook),
        blocks,
        client_search_keys(handbook),
        every_client,
        tuple(entry.id for entry in first_week_clients(handbook)),
    )


def can_generate_apart() -> bool:
    """Whether this system can fork a process that starts with what this one holds."""
    return "fork" in multiprocessing.get_all_start_methods()


def generate_apart(
    sources: PageSources,
    root: Path,
    options: Mapping[str, object],
    language: str,
    context: SiteContext,
    audience: Audience = EVERYTHING,
) -> Generated:
    """:func:`generate`, in a child process that writes each page's Markdown into
    ``sources``: the loaded handbook, its models and the rendered text never take up this
    process's memory (at 3,000 clients they peak at some 300 MB and leave the heap
    fragmented), which MkDocs then fills with the pages it converts. The pages come back
    by their files (``markdown`` is ``None``).

    Raises what :func:`generate` raises: ``HandbookInvalid`` with every problem, a
    ``jinja2.TemplateError`` with its place.
    """
    fork = multiprocessing.get_context("fork")
    receiving, sending = fork.Pipe(duplex=False)
    child = fork.Process(
        target=_generate_in_child,
        args=(sending, sources, root, options, language, context, audience),
        name="playbook-generate",
    )
    child.start()
    sending.close()
    try:
        outcome, value = receiving.recv()
    except EOFError:
        outcome, value = "failed", f"the page generator ended with code {child.exitcode}"
    finally:
        receiving.close()
        child.join()
    if outcome == "done":
        return value
    if outcome == "invalid":
        raise HandbookInvalid(value)
    if outcome == "template":
        error = jinja2.TemplateError(value["detail"])
        error.filename, error.lineno = value["where"], value["line"]  # type: ignore[attr-defined]
        raise error
    raise RuntimeError(value)


def _generate_in_child(
    sending: Connection,
    sources: PageSources,
    root: Path,
    options: Mapping[str, object],
    language: str,
    context: SiteContext,
    audience: Audience,
) -> None:
    gc.freeze()  # the parent's objects: never scanned, so never copied by the collector
    try:
        generated = generate(root, options, language, context, None, audience)
        pages = sources.write_all(generated.pages.values())
        sending.send(("done", dataclasses.replace(generated, pages=pages)))
    except HandbookInvalid as exc:
        sending.send(("invalid", list(exc.problems)))
    except jinja2.TemplateError as exc:
        where = getattr(exc, "filename", None) or getattr(exc, "name", None)
        line = getattr(exc, "lineno", None)
        sending.send(("template", {"where": where, "line": line, "detail": str(exc)}))
    except BaseException:  # said by the parent, which raises it as its own
        sending.send(("failed", traceback.format_exc()))
    finally:
        sending.close()
