"""Pagefind over a built site, and a record of each person the site names.

Run as ``python -m generator.search.indexing SITE LANGUAGE SELECTORS`` by
:func:`generator.search.pagefind.index_site` (a child process, so that `serve` can lower
its priority). Pagefind indexes the site's pages as its command line would; then each
contact's section of a client page, and each person's entry in the people directory,
becomes a record of its own, found by the person's name (see :func:`name_keys`).

Why records: a client page carries its contacts' names in its ``names`` metadata, so a
query for 蒋思琪 finds the client. Pagefind's segmenter cuts such a name into single
characters in the page's text, and once a query word matches a whole indexed word (the
name in the metadata) Pagefind looks no further: the search landed at the top of the
client page, never at the contact, and never in the people directory. A record per
person has the name whole, and its address is the person's own place.

The records are read from the built pages, not from the handbook: what an audience's
site does not show (a confidential client, a redacted name), its index does not hold.
"""

from __future__ import annotations

import asyncio
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from pagefind.index import IndexConfig, PagefindIndex

from .pagefind import INDEX_DIR, PERSON_PREFIXES, name_keys

_HEADINGS = {"h1", "h2", "h3", "h4"}
_EXCERPT_CHARACTERS = 300


@dataclass
class PersonPlace:
    """A place on a page that stands for one person: its anchor, their name, its text."""

    anchor: str
    name: str
    text: list[str] = field(default_factory=list)


class _PeopleOnAPage(HTMLParser):
    """The people places of one page: a heading or a link whose id starts with one of
    :data:`PERSON_PREFIXES`, its text the person's name; the text up to the next heading
    (for a heading) or the end of its table row (for a link) describes them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.places: list[PersonPlace] = []
        self._in_body = 0
        self._naming: PersonPlace | None = None
        self._naming_tag = ""
        self._describing: PersonPlace | None = None
        self._describing_until = ""
        self._in_h1 = False
        self._skip = 0  # a headerlink's ¶

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if "data-pagefind-body" in attributes:
            self._in_body = 1
        if not self._in_body:
            return
        if tag == "a" and "headerlink" in (attributes.get("class") or ""):
            self._skip += 1
            return
        if tag == "h1":
            self._in_h1 = True
        if tag in _HEADINGS and self._describing_until == "heading":
            self._describing = None
        anchor = attributes.get("id") or ""
        if anchor.startswith(PERSON_PREFIXES) and (tag in _HEADINGS or tag == "a"):
            place = PersonPlace(anchor, "")
            self.places.append(place)
            self._naming, self._naming_tag = place, tag
            self._describing = place
            self._describing_until = "heading" if tag in _HEADINGS else "tr"

    def handle_endtag(self, tag: str) -> None:
        if self._skip and tag == "a":
            self._skip -= 1
            return
        if tag == "h1":
            self._in_h1 = False
        if self._naming is not None and tag == self._naming_tag:
            self._naming = None
        if tag == "tr" and self._describing_until == "tr":
            self._describing = None
        if tag == "article":
            self._in_body = 0
            self._describing = None

    def handle_data(self, data: str) -> None:
        if not self._in_body or self._skip:
            return
        if self._in_h1:
            self.title += data
        if self._naming is not None:
            self._naming.name += data
        elif self._describing is not None and data.strip():
            self._describing.text.append(data.strip())


def people_records(site: Path, language: str) -> list[dict[str, object]]:
    """A Pagefind record for each person place of the site's searchable pages."""
    records: list[dict[str, object]] = []
    for page in sorted(site.rglob("index.html")):
        html = page.read_text(encoding="utf-8")
        if "data-pagefind-body" not in html or not any(
            f'id="{prefix}' in html for prefix in PERSON_PREFIXES
        ):
            continue
        parser = _PeopleOnAPage()
        parser.feed(html)
        folder = page.parent.relative_to(site).as_posix()
        url = "/" if folder == "." else f"/{folder}/"
        where = " ".join(parser.title.split())
        for place in parser.places:
            name = " ".join(place.name.split())
            if not name:
                continue
            text = " ".join(place.text)[:_EXCERPT_CHARACTERS]
            records.append(
                {
                    "url": f"{url}#{place.anchor}",
                    "content": f"{name} {where} {text}",
                    "language": language,
                    "meta": {"title": f"{name} · {where}", "names": name_keys([name])},
                }
            )
    return records


async def _index(site: Path, language: str, excluded: list[str]) -> int:
    config = IndexConfig(
        force_language=language, exclude_selectors=excluded, output_path=str(site / INDEX_DIR)
    )
    async with PagefindIndex(config=config) as index:  # writes the files as it closes
        added = await index.add_directory(str(site))
        records = people_records(site, language)
        for record in records:
            await index.add_custom_record(**record)  # type: ignore[arg-type]
        return int(added["page_count"]) + len(records)


def main(argv: list[str]) -> int:
    site, language, selectors = Path(argv[0]), argv[1], argv[2]
    excluded = [s.strip() for s in selectors.split(",") if s.strip()]
    try:
        count = asyncio.run(_index(site, language, excluded))
    except Exception as exc:  # Pagefind's service reports its own problems as exceptions
        print(f"Pagefind: {exc}", file=sys.stderr)
        return 1
    print(f"Indexed {count} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
