"""Pagefind over a built site, and a record of each person the site names.

Run as ``python -m generator.search.indexing SITE LANGUAGE SELECTORS`` by
:func:`generator.search.pagefind.index_site` (a child process, so that `serve` can lower
its priority). Each contact's section of a client page, and each person's entry in the
people directory, becomes a record of its own, found by the person's name; then Pagefind's
command line indexes the site's pages and the records together.

Why records: a client page carries its contacts' names in its ``names`` metadata, so a
query for 蒋思琪 finds the client. Pagefind's segmenter cuts such a name into single
characters in the page's text, and once a query word matches a whole indexed word (the
name in the metadata) Pagefind looks no further: the search landed at the top of the
client page, never at the contact, and never in the people directory. A record has the
name whole in its own ``names``, and its ``url`` metadata is the person's own place
(the result template links to ``meta.url`` when there is one).

A record is a small page written into a folder of the site for Pagefind to read, removed
once the index is written (Pagefind's Python API takes records directly, but its client
waits a tenth of a second for each answer: 14 minutes for 8,000 people). The records are
read from the built pages, not from the handbook: what an audience's site does not show
(a confidential client, a redacted name), its index does not hold.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .pagefind import INDEX_DIR, LISTED_FIELD, NAMES_FIELD, PERSON_PREFIXES, name_keys

RECORDS_DIR = "_pagefind-people"
"""The site's folder for the records while Pagefind reads them (removed after)."""

_EXCERPT_CHARACTERS = 300
_PREFIXES = "|".join(re.escape(prefix) for prefix in PERSON_PREFIXES)
_HEADING_PLACE = re.compile(
    rf'<h([2-4]) id="((?:{_PREFIXES})[^"]+)"[^>]*>(.*?)</h\1>(.*?)(?=<h[1-4][ >]|</article>)',
    re.S,
)
_LINK_PLACE = re.compile(
    rf'<a [^>]*id="((?:{_PREFIXES})[^"]+)"[^>]*>(.*?)</a>(.*?)(?=</tr>|</li>|</p>)', re.S
)
_TITLE = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)
_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class PersonRecord:
    """One person's place on a page: where it is, their name, the page, its words."""

    url: str
    name: str
    page: str
    text: str
    own_section: bool
    """The place is a section about the person (a contact on the client page), not an
    entry in a list: it ranks first."""


def _text(fragment: str) -> str:
    """The words of an HTML fragment, tags left out, entities read, spaces collapsed."""
    return " ".join(html.unescape(_TAG.sub(" ", _HEADERLINK.sub("", fragment))).split())


def people_on_page(page_html: str, url: str) -> list[PersonRecord]:
    """The person places of one searchable page (see :data:`PERSON_PREFIXES`): a heading
    whose text is the name, described up to the next heading, or a link whose text is
    the name, described to the end of its table row."""
    start = page_html.find("data-pagefind-body")
    if start < 0:
        return []
    body = page_html[start:]
    title = _TITLE.search(body)
    page = _text(title.group(1)) if title else ""
    records = []
    for match in _HEADING_PLACE.finditer(body):
        anchor, name, rest = match.group(2), _text(match.group(3)), match.group(4)
        if name:
            records.append(PersonRecord(f"{url}#{anchor}", name, page, _text(rest), True))
    for match in _LINK_PLACE.finditer(body):
        anchor, name, rest = match.group(1), _text(match.group(2)), match.group(3)
        if name:
            records.append(PersonRecord(f"{url}#{anchor}", name, page, _text(rest), False))
    return records


def people_records(site: Path) -> list[PersonRecord]:
    """A record for each person place of the site's searchable pages."""
    markers = tuple(f'id="{prefix}' for prefix in PERSON_PREFIXES)
    records: list[PersonRecord] = []
    for page in sorted(site.rglob("index.html")):
        page_html = page.read_text(encoding="utf-8")
        if not any(marker in page_html for marker in markers):
            continue
        folder = page.parent.relative_to(site).as_posix()
        records += people_on_page(page_html, "/" if folder == "." else f"/{folder}/")
    return records


def record_page(record: PersonRecord, language: str) -> str:
    """A record as the page Pagefind reads: its metadata the text of marked elements
    (escaped: a name is shown literally, never run)."""
    if record.own_section:
        title = f"{record.name} · {record.page}" if record.page else record.name
        meta = {"url": record.url, "title": title, NAMES_FIELD: name_keys([record.name])}
    else:  # an entry in a list: found by the name, after the person's own section
        title = f"{record.page}›{record.name}" if record.page else record.name
        meta = {"url": record.url, "title": title, LISTED_FIELD: name_keys([record.name])}
    fields = "".join(
        f'<span data-pagefind-meta="{key}">{html.escape(value)}</span>'
        for key, value in meta.items()
    )
    name = html.escape(record.name)  # a heading weighs more in Pagefind's ranking
    name = f"<h1>{name}</h1>" if record.own_section else f"<p>{name}</p>"
    words = html.escape(f"{record.page} {record.text[:_EXCERPT_CHARACTERS]}")
    return (
        f'<!doctype html><html lang="{html.escape(language)}"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title></head><body>"
        f"<main data-pagefind-body><div hidden data-pagefind-ignore>{fields}</div>"
        f"{name}<p>{words}</p></main></body></html>"
    )


def write_records(site: Path, language: str) -> int:
    """Writes the site's person records into :data:`RECORDS_DIR`; how many."""
    folder = site / RECORDS_DIR
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    records = people_records(site)
    for number, record in enumerate(records):
        (folder / f"{number}.html").write_text(record_page(record, language), encoding="utf-8")
    return len(records)


def main(argv: list[str]) -> int:
    site, language, selectors = Path(argv[0]), argv[1], argv[2]
    try:
        write_records(site, language)
    except OSError as exc:
        shutil.rmtree(site / RECORDS_DIR, ignore_errors=True)
        print(f"people records: {exc}", file=sys.stderr)
        return 1
    try:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "pagefind",
                "--site",
                str(site),
                "--output-subdir",
                INDEX_DIR,
                "--force-language",
                language,
                "--exclude-selectors",
                selectors,
            ],
            check=False,
        )
    finally:
        shutil.rmtree(site / RECORDS_DIR, ignore_errors=True)
    return result.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
