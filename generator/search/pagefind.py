"""Site search with Pagefind: an index cut into chunks that the browser fetches as needed.

The theme's own search ships one index of the whole site and rebuilds it in the browser
on every page load: 23 MB at 1,000 clients. Pagefind (its extended build, which segments
Chinese) writes ``pagefind/`` beside the built pages instead; a query fetches the few
chunks holding its words. This module decides what is searched and how a client is
found by its names; the plugin calls it once the pages are written.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ..format.labels import Translator, label_key

INDEX_DIR = "pagefind"
UI_SCRIPT = f"{INDEX_DIR}/pagefind-component-ui.js"
UI_STYLESHEET = f"{INDEX_DIR}/pagefind-component-ui.css"
SEARCH_SCRIPT = "assets/playbook/search.js"
NAMES_FIELD = "names"
"""The metadata field holding the words a client page is found by (see :func:`name_keys`)."""
LISTED_FIELD = "listed"
"""The same for a person's entry in a list (the people directory): it weighs less than
``names`` (search.js), so a person's own section comes first."""

NOT_SEARCHED = (
    ".headerlink",  # the ¶ after each heading
    ".md-content__button",  # "edit this page"
    ".pb-edit",  # "open in the editor"
    ".pb-upcoming",  # the live list of the next 30 days: it changes daily, and says little
)
"""Parts of a page that are not content: left out of the index and its excerpts."""

PERSON_PREFIXES = ("contact-", "person-")
"""Anchors that stand for one person: a contact's section of a client page
(``contact-<id>``), an entry of the people directory (``person-<client>-<id>``). Each is
indexed as a record of its own (see :mod:`generator.search.indexing`)."""

UI_STRINGS = {
    "placeholder": label_key("search_placeholder"),
    "search_label": label_key("search_label"),
    "results_label": label_key("search_results"),
    "zero_results": label_key("search_zero"),
    "one_result": label_key("search_one"),
    "many_results": label_key("search_many"),
    "total_zero_results": label_key("search_total_zero"),
    "total_one_result": label_key("search_total_one"),
    "total_many_results": label_key("search_total_many"),
    "searching": label_key("search_searching"),
    "keyboard_navigate": label_key("search_navigate"),
    "keyboard_select": label_key("search_select"),
    "keyboard_clear": label_key("search_clear"),
    "keyboard_close": label_key("search_close"),
    "keyboard_search": label_key("search_search"),
    "error_search": label_key("search_failed"),
    "input_hint": label_key("search_hint"),
    "loading": label_key("search_loading"),
}
"""Pagefind's interface strings (its keys) and the handbook's labels for them: Pagefind's
own Chinese strings do not load from its bundle, and ours match the handbook's words."""

_ARTICLE = '<article class="md-content__inner md-typeset">'
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


class SearchIndexError(RuntimeError):
    """Pagefind did not write the index (its own message says why)."""


THEME_SEARCH = ("search", "material/search")
"""The theme's own search plugin, by its names: Pagefind replaces it."""


def name_keys(names: Iterable[str]) -> str:
    """The words a client is found by, as Pagefind reads a metadata field.

    Pagefind splits a metadata field at whitespace only (page text it segments with its
    own Chinese dictionary), and it matches a query word against the start of indexed
    words. The browser segments a query with its own dictionary (``Intl.Segmenter``),
    which cuts an unknown name such as 苏州德信银行股份有限公司 in its own places. So
    each name is given whole, without its spaces, and, where it has Chinese, every
    tail of it too: whatever pieces the browser cuts, each piece begins one of them.
    """
    keys: dict[str, None] = {}
    for name in names:
        name = name.strip().lower()
        if not name:
            continue
        for word in name.split():
            keys[word] = None
        joined = "".join(name.split())
        keys[joined] = None
        if _CJK.search(joined):
            for start in range(1, len(joined)):
                if _CJK.match(joined[start]) or _CJK.match(joined[start - 1]):
                    keys[joined[start:]] = None
    return " ".join(keys)


def mark_searchable(html: str, keys: str | None = None) -> str:
    """The page with its article marked as the part to index (and a client's names).

    Pages never marked (the 404 page, the editor) stay out of the index: once any page
    carries ``data-pagefind-body``, Pagefind indexes only such pages.
    """
    attributes = " data-pagefind-body"
    if keys:
        literal = keys.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
        attributes += f' data-pagefind-meta="{NAMES_FIELD}:{literal}"'
    return html.replace(_ARTICLE, _ARTICLE[:-1] + attributes + ">", 1)


def search_slot(translator: Translator) -> str:
    """The header's place for the searchbox, with its words; ``search.js`` fills it.

    The searchbox itself is made by the script: it must exist only after the script has
    configured Pagefind (an element already on the page would configure it first).
    """
    strings = {key: translator(label) for key, label in UI_STRINGS.items()}
    return (
        '<div class="pb-search" role="search" '
        f'data-strings="{html.escape(json.dumps(strings, ensure_ascii=False))}"></div>'
    )


def with_search_slot(page_html: str, slot: str) -> str:
    """The page with ``slot`` in its header, where the theme puts its own search."""
    header = page_html.find('<nav class="md-header__inner')
    if header < 0:
        return page_html
    end = page_html.find("</nav>", header)
    source = page_html.find('<div class="md-header__source">', header, end)
    at = source if source >= 0 else end
    return page_html[:at] + slot + page_html[at:]


@dataclass(frozen=True)
class IndexReport:
    pages: int
    seconds: float
    bytes: int
    """The size of everything under ``pagefind/`` (index, fragments, scripts)."""


BACKGROUND_NICENESS = 15


def pagefind_command(site_dir: Path, language: str, background: bool = False) -> list[str]:
    """The command that runs Pagefind over ``site_dir`` (see :func:`index_site`).

    ``background`` starts it through ``nice`` where that program exists (else at normal
    priority): `serve` indexes from a worker thread, and lowering the child's priority
    with ``preexec_fn`` is not safe in a process with threads (the child can deadlock).
    """
    nice = shutil.which("nice") if background else None
    prefix = [nice, "-n", str(BACKGROUND_NICENESS)] if nice else []
    # Pagefind through its Python API (generator/search/indexing.py: the pages, then a
    # record per person), into site_dir/pagefind; one index for the handbook's language:
    # a page the theme tags zh-Hans (or an English norm page in a Chinese handbook) must
    # not land in an index of its own, which a reader on other pages would never search.
    return [
        *prefix,
        sys.executable,
        "-m",
        "generator.search.indexing",
        str(site_dir),
        language,
        ", ".join(NOT_SEARCHED),
    ]


def index_site(site_dir: Path, language: str, background: bool = False) -> IndexReport:
    """Run Pagefind over the built site; its files land in ``site_dir/pagefind``.

    ``background``: at a low CPU priority, so that it yields to the next rebuild of
    `serve` (at 1,000 clients indexing takes some 11 s of CPU).
    """
    started = time.perf_counter()
    command = pagefind_command(site_dir, language, background)
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise SearchIndexError(f"search: Pagefind could not start: {exc}") from None
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-5:]
        raise SearchIndexError("search: Pagefind failed to index the site: " + " / ".join(detail))
    match = re.search(r"Indexed (\d+) pages?", result.stdout)
    output = site_dir / INDEX_DIR
    size = sum(p.stat().st_size for p in output.rglob("*") if p.is_file())
    return IndexReport(int(match.group(1)) if match else 0, time.perf_counter() - started, size)


class BackgroundIndexer:
    """Indexes the served site after each rebuild, without holding the page reload back.

    Under ``playbook serve`` a save shows at once; the search catches up a moment later.
    A rebuild while indexing runs asks for one more run when this one ends.
    """

    def __init__(self, language: str, on_error: Callable[[str], object]) -> None:
        self.language = language
        self.on_error = on_error
        self._lock = threading.Lock()
        self._pending: Path | None = None
        self._worker: threading.Thread | None = None
        self.runs = 0

    def request(self, site_dir: Path) -> None:
        with self._lock:
            self._pending = site_dir
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(target=self._run, daemon=True)
                self._worker.start()

    def _run(self) -> None:
        while True:
            with self._lock:
                site_dir, self._pending = self._pending, None
                if site_dir is None:
                    self._worker = None
                    return
            try:
                index_site(site_dir, self.language, background=True)
                self.runs += 1
            except SearchIndexError as exc:
                self.on_error(str(exc))
