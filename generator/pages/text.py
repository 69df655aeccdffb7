"""Putting user text into generated Markdown so that it shows exactly as written.

Two kinds of field exist. *Plain* fields (names, titles, list items) must show
literally: HTML, Markdown syntax, table pipes and template syntax are turned
into character references that Markdown passes through untouched. *Markdown*
fields (marked md in the format) keep their emphasis, lists and links, but raw
HTML shows as text, attribute lists cannot be injected, and links can only go to
safe places (checked again on the finished HTML by :func:`neutralize_html`).
"""

from __future__ import annotations

import functools
import html
import json
import re
from urllib.parse import quote, urlsplit

# Characters that mean something to Markdown, its common extensions, or HTML.
_ALWAYS = set("\\`*_{}[]()#!|<>&\"'~^=:$%@")
# Characters that only mean something at the start of a line (lists, rules, headings).
_AT_START = set("-+.0123456789 ")


def _ref(char: str) -> str:
    return f"&#{ord(char)};"


_PLAIN_TABLE = {ord(c): _ref(c) for c in _ALWAYS}


def plain(value: object) -> str:
    """Inline text that shows literally wherever Markdown puts it, table cells included."""
    if value is None:
        return ""
    return _plain(str(value))


@functools.lru_cache(maxsize=1 << 16)  # names recur on every cross-account page
def _plain(value: str) -> str:
    text = " ".join(value.split())
    if not text:
        return ""
    head = _ref(text[0]) if text[0] in _AT_START and text[0] != " " else ""
    rest = text[1:] if head else text
    return head + rest.translate(_PLAIN_TABLE)


_CODE = re.compile(
    r"(^(?P<fence>`{3,}|~{3,}).*?^(?P=fence)[ \t]*$|(?P<ticks>`+).+?(?P=ticks))",
    re.DOTALL | re.MULTILINE,
)
_MD_ESCAPE = {ord("<"): "&lt;", ord("{"): "&#123;", ord("}"): "&#125;"}


def markdown(value: object) -> str:
    """A Markdown field's text: its Markdown kept, its raw HTML and attribute lists made inert."""
    if value is None:
        return ""
    text = str(value).replace("\r\n", "\n").strip("\n")
    out: list[str] = []
    last = 0
    for match in _CODE.finditer(text):
        out.append(text[last : match.start()].translate(_MD_ESCAPE))
        out.append(match.group(0))  # code shows its content literally already
        last = match.end()
    out.append(text[last:].translate(_MD_ESCAPE))
    return "".join(out)


def indent(text: str, spaces: int = 4) -> str:
    """Indent every line but the first, for Markdown nested in a list item or admonition."""
    pad = " " * spaces
    return "\n".join(
        line if i == 0 or not line else pad + line for i, line in enumerate(text.split("\n"))
    )


def url(value: str) -> str:
    """A validated web address, percent-quoted so it cannot end a Markdown link early."""
    return quote(value, safe=":/?#@!$&'*+,;=%~-._")


def front_matter(*, searchable: bool = True, **meta: object) -> str:
    """YAML front matter for a page; values are HTML-escaped, since themes print them raw.

    ``searchable=False`` keeps the page out of the search index (``search.exclude``).

    Each value is written as a JSON string, which YAML reads as the same string (and
    which is much faster to write than YAML's own quoting rules for thousands of pages).
    """
    lines = [
        f"{key}: {json.dumps(html.escape(' '.join(str(value).split())), ensure_ascii=False)}"
        for key, value in meta.items()
        if value
    ]
    if not searchable:
        lines.append("search:\n  exclude: true")
    return "---\n" + "".join(line + "\n" for line in lines) + "---\n"


_SAFE_SCHEMES = {"", "http", "https", "mailto", "tel"}
# Only tags with a link, a source or an event handler can need a fix; most tags of a
# page (table cells, chart shapes) have none, and skipping them in the regex engine
# makes the pass several times faster.
_TAG = re.compile(r"<[a-zA-Z][^<>]*?(?i:\s(?:href|src|on[a-z]+)\s*=)[^<>]*>")
_URL_ATTR = re.compile(r'\s(href|src)="([^"]*)"')
_EVENT_ATTR = re.compile(r"""\son[a-z]+\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""", re.IGNORECASE)


def _safe_url(attribute: str, raw: str) -> bool:
    if ":" not in raw and "&" not in raw:
        return True  # no scheme, even once unescaped: a link within the site
    url = html.unescape(raw)
    url = "".join(ch for ch in url if ch > " ")  # browsers ignore control chars and spaces
    scheme = urlsplit(url).scheme.lower() if ":" in url else ""
    if scheme not in _SAFE_SCHEMES:
        return False
    # An image from another origin would make the page reach outside the intranet.
    return not (attribute == "src" and scheme in ("http", "https"))


def _fix_url(match: re.Match[str]) -> str:
    attribute, value = match.group(1), match.group(2)
    return match.group(0) if _safe_url(attribute, value) else f' {attribute}=""'


def _fix_tag(match: re.Match[str]) -> str:
    return _EVENT_ATTR.sub("", _URL_ATTR.sub(_fix_url, match.group(0)))


def neutralize_html(page_html: str) -> str:
    """Defuse what user Markdown could still smuggle into a generated page's HTML.

    Within tags only: links to ``javascript:``, ``data:`` and other unsafe schemes
    lose their target, images from other origins lose their source, and
    event-handler attributes go.
    """
    return _TAG.sub(_fix_tag, page_html)
