"""The new hire's pack as a PDF: ``playbook pdf``.

The pack is the first-week path in its order: the house norms, how we work, each tier-A
client's brief, then the industries' notes, behind a cover and a table of contents. Its
pages are the site's own: the same generated and hand-written Markdown, for the same
audience, converted with the site's Markdown extensions; pandoc turns that HTML into Typst,
and Typst sets it as a tagged A4 PDF (PDF/UA-1) with the fonts embedded. Charts stay
vector graphics. See docs/playbook/pdf.md for why these engines.
"""

from __future__ import annotations

import datetime as dt
import functools
import html as html_lib
import os
import re
import secrets
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from ..format.labels import Translator
from ..format.wording import is_chinese, say
from ..pages import places
from ..pages.text import neutralize_html
from ..reading.redaction import Audience
from ..writing.atomic import write_atomically
from .paper import PagesBeingMade, PaperLink, page_html

_ARTICLE_SVG = re.compile(r"(?:<figure\b[^>]*>\s*)?(<svg\b.*?</svg>)(?:\s*</figure>)?", re.DOTALL)
_SITE_STYLES = Path(__file__).resolve().parents[1] / "assets" / "playbook.css"
_ON_PAPER = {
    "var(--md-default-fg-color--lightest)": "#dddddd",
    "var(--md-default-fg-color--lighter)": "#bbbbbb",
    "var(--md-default-fg-color--light)": "#666666",
    "var(--md-default-fg-color)": "#222222",
    "var(--md-default-bg-color)": "#ffffff",
}
_PERMALINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.DOTALL)
_LINK = re.compile(r"<a\b[^>]*>(.*?)</a>", re.DOTALL)
"""Links mean nothing on paper (and a defused one has no address): their text stays."""
_PICTURE = re.compile(r"<img\b[^>]*>", re.DOTALL)
_ALT = re.compile(r'\balt="([^"]*)"')


def _picture_as_words(match: re.Match[str]) -> str:
    """A picture of a hand-written page (the pack draws only the charts): its words stay."""
    alt = _ALT.search(match.group(0))
    return f"[{alt.group(1)}]" if alt and alt.group(1) else ""


_SVG_LABEL = re.compile(r'aria-label="([^"]*)"')
TEXT_WIDTH_PT = 480
"""The width of an A4 page's text between the pack's margins (2 cm each side)."""
CJK_FONT_FOLDERS = (
    "/usr/share/fonts/opentype/noto",  # Debian's fonts-noto-cjk
    "/usr/share/fonts/noto-cjk",
    "/usr/share/fonts/google-noto-cjk",
    "/System/Library/Fonts",
    "C:/Windows/Fonts",
)
CJK_FONTS = ("Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans SC", "Microsoft YaHei")


class PackStop(Exception):
    """An expected stop of the pack (an unknown client, no CJK font, a path it may not
    write): its message is for a person, in the handbook's language; never a traceback.
    A build that offers the pack says it as the build's stop."""


@dataclass(frozen=True)
class PackSetting:
    """What the pack needs to know of the build it comes from (the plugin gives it)."""

    first_week: tuple[str, ...]
    """The tier-A clients the first-week page lists, in its order (their briefs go in)."""
    language: str
    """The handbook's language: the pack's words."""
    messages_language: str
    """The language of the messages."""
    today: dt.date


@dataclass(frozen=True)
class Chapter:
    """One part of the pack: a page of the site, by its docs path, under a heading."""

    path: str
    part: str
    """The pack's section it belongs to (a bookmark above its pages)."""


def font_folders() -> list[str]:
    """Folders to find a CJK font in: ``PLAYBOOK_FONTS``, then the systems' usual places."""
    extra = [p for p in os.environ.get("PLAYBOOK_FONTS", "").split(os.pathsep) if p]
    return [p for p in (*extra, *CJK_FONT_FOLDERS) if Path(p).is_dir()]


def _nav_paths(nav) -> list[str]:
    """The docs paths of a MkDocs navigation, in its order."""
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, dict):
        return [path for value in nav.values() for path in _nav_paths(value)]
    if isinstance(nav, list):
        return [path for item in nav for path in _nav_paths(item)]
    return []


def norms_pages(files, nav) -> list[str]:
    """The house norms, whole: every hand-written page of ``norms/`` this audience sees, in
    the navigation's order (pages it leaves out after them, by path)."""
    hand_written = sorted(
        f.src_uri
        for f in files
        if f.src_uri.startswith("norms/")
        and f.src_uri.endswith(".md")
        and f.generated_by is None
        and not f.inclusion.is_excluded()
    )
    in_nav = [path for path in dict.fromkeys(_nav_paths(nav)) if path in hand_written]
    if places.NORMS in hand_written and places.NORMS not in in_nav:
        in_nav.insert(0, places.NORMS)
    return in_nav + [path for path in hand_written if path not in in_nav]


def chapters(files, setting: PackSetting, client: str | None, nav=None) -> list[Chapter]:
    """The pack's pages in the first-week order, or one client's brief."""
    t = Translator(setting.language)
    files = [f for f in files if not f.inclusion.is_excluded()]
    handbook_clients = {
        f.src_uri.removeprefix("briefs/").removesuffix(".md")
        for f in files
        if f.src_uri.startswith("briefs/")
    }
    if client is not None:
        if client not in handbook_clients:
            raise PackStop(say("pdf_unknown_client", client=client).text(setting.messages_language))
        return [Chapter(places.brief(client), t("brief"))]
    found = {f.src_uri for f in files}
    parts = [
        Chapter(path, t("pdf_part_norms"))
        for path in (*norms_pages(files, nav), "onboarding/index.md")
        if path in found
    ]
    parts += [
        Chapter(places.brief(client_id), t("pdf_part_briefs"))
        for client_id in setting.first_week
        if places.brief(client_id) in found
    ]
    industries = sorted(
        f.src_uri for f in files if re.fullmatch(r"industries/[^/]+\.md", f.src_uri)
    )
    parts += [
        Chapter(path, t("pdf_part_industries"))
        for path in industries
        if path != places.INDUSTRIES_INDEX
    ]
    return parts


@dataclass
class PackPages:
    """The pages' Typst (by docs path) and what their link tokens stand for."""

    bodies: dict[str, str]
    links: dict[str, PaperLink]
    labels: dict[str, dict[str, str]]
    """Each page's Typst labels: its ids (``""``: the page's title) → a heading's label."""
    token: str
    """The links' tokens: this word, the link's number, ``Z``."""


_CHART_RULES = (
    ".pb-svg", ".pb-edge", ".pb-person", ".pb-role", ".pb-tick", ".pb-today", ".pb-bar",
    ".pb-project", ".pb-milestone", ".pb-target", ".pb-actual",
)  # fmt: skip
"""The selectors of the charts' own rules (each selector of a rule must be one of them)."""
_ON_SCREEN_ONLY = re.compile(r":(?:hover|focus|active)")


def css_rules(css: str) -> list[tuple[str, str]]:
    """The top-level rules of a stylesheet, in order: (selectors, declarations), whatever
    lines they span, each with its runs of white space made one space. Comments and
    at-rules (``@media print { … }`` whole, ``@import …;``) are left out. Read with tinycss2,
    the CSS Syntax Level 3 parser of WeasyPrint's authors."""
    import tinycss2

    rules = []
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type != "qualified-rule":
            continue
        prelude = " ".join(tinycss2.serialize(rule.prelude).split())
        body = " ".join(tinycss2.serialize(rule.content).split())
        rules.append((prelude, body))
    return rules


@functools.cache
def chart_styles() -> str:
    """The site's chart rules, on paper: the light scheme's colours instead of the theme's
    variables (the PDF has no theme), the dark scheme, screen-only and print-only rules
    left out. Whole rules, however many lines each spans."""
    rules = ["text { font-family: sans-serif; font-size: 13px; fill: #222222; }"]
    for selectors, declarations in css_rules(_SITE_STYLES.read_text("utf-8")):
        each = [selector.strip() for selector in selectors.split(",")]
        if not all(
            selector.startswith(_CHART_RULES) and not _ON_SCREEN_ONLY.search(selector)
            for selector in each
        ):
            continue
        for variable, colour in _ON_PAPER.items():
            declarations = declarations.replace(variable, colour)
        rules.append(f"{', '.join(each)} {{ {declarations} }}")
    return "\n".join(rules)


def _with_charts_as_files(html: str, folder: Path, stem: str) -> tuple[str, dict[str, str]]:
    """Each inline chart written to an SVG file, and a token where it stood: the HTML, and
    the Typst image (with its alternative text, which pandoc would drop) for each token."""
    images: dict[str, str] = {}

    def swap(match: re.Match[str]) -> str:
        token = f"PLAYBOOKCHART{stem.upper()}X{len(images)}Z"
        path = folder / f"{token.lower()}.svg"
        svg = match.group(1)
        styled = re.sub(
            r"(<svg\b[^>]*>)",
            lambda m: f"{m.group(1)}<style>{chart_styles()}</style>",
            svg,
            count=1,
        )
        path.write_text(styled, encoding="utf-8")
        label = _SVG_LABEL.search(svg)
        alt = html_lib.unescape(label.group(1)) if label else ""
        width = re.search(r'\bwidth="([\d.]+)"', svg)
        # its own size on paper (a CSS pixel is 0.75 pt), at most the text's width
        points = min(float(width.group(1)) * 0.75, TEXT_WIDTH_PT) if width else TEXT_WIDTH_PT
        em = points / 10  # in the text's size (10 pt), so that a brief set smaller shrinks it
        images[token] = f"#image({_string(path.name)}, alt: {_string(alt)}, width: {em:.2f}em)"
        return f"<p>{token}</p>"

    return _ARTICLE_SVG.sub(swap, html), images


def typst_pages(config: MkDocsConfig, files, paths: Iterable[str], folder: Path) -> PackPages:
    """The Typst of each page (by docs path), its charts written into ``folder``.

    All pages go through one pandoc run, each after a marker line of its own (a random
    word: no page's text can hold it), and the output is cut at the markers again. Each
    page starts with its label (``pb`` and its number); its links are tokens that
    :func:`pack_source` says on paper once it knows which pages its document holds.
    """
    import pypandoc

    made = PagesBeingMade(files)
    order = sorted(set(paths))
    marker = f"PLAYBOOKPAGE{secrets.token_hex(8).upper()}X"
    html_parts, images = [], {}
    for index, path in enumerate(order):
        file = made.by_path[path]
        paper = (made, path, index, file.generated_by is not None)
        html = _PERMALINK.sub("", neutralize_html(page_html(config, file.content_string, paper)))
        html = _PICTURE.sub(_picture_as_words, _LINK.sub(r"\1", html))  # links of raw HTML
        html, charts = _with_charts_as_files(html, folder, f"c{index}")
        images.update(charts)
        html_parts.append(f"<p>{marker}{index}</p>\n{html}")
    text = pypandoc.convert_text(
        "\n".join(html_parts), "typst", format="html", extra_args=["--wrap=preserve"]
    )
    text = re.sub(r"PLAYBOOKCHARTC\d+X\d+Z", lambda m: images[m.group(0)], text)
    pieces = re.split(rf"^{marker}(\d+)$", text, flags=re.MULTILINE)[1:]
    bodies = {
        order[int(index)]: f"#metadata(none) <pb{index}>\n{body}"
        for index, body in zip(pieces[::2], pieces[1::2], strict=True)
    }
    return PackPages(bodies, made.links, made.labels, made.token)


def _on_paper(pages: PackPages, body: str, held: set[str], t: Translator) -> str:
    """A page's Typst with its links said on paper: a link to a page the document holds
    gets that page's number, any other says where it leads."""
    before, after = t("pdf_see_page", page="\0").split("\0")

    def say(match: re.Match[str]) -> str:
        link = pages.links[match.group(0)]
        if link.target in held and link.target.endswith(".md"):
            labels = pages.labels[link.target]
            label = f"<{labels.get(link.fragment) or labels['']}>"
            where = f"#{_string(before)};#context locate({label}).page();#{_string(after)};"
            return f"#link({label})[{where}];"
        if link.target is None:
            words = "" if link.same_text else t("pdf_address", address=link.where)
        elif link.same_text:
            words = t("pdf_online_same")
        else:
            words = t("pdf_online", title=link.where)
        return f"#{_string(words)};" if words else ""

    return re.sub(rf"{pages.token}\d+Z", say, body)


def _readers(audience: Audience | str | None, t: Translator) -> str:
    """Who the pack is for, on its cover, in words: the audience's label, else what it sees."""
    if audience == REDACTED_READERS:
        return t("pdf_readers_redacted")
    if not isinstance(audience, Audience) or (audience.sees_everything and not audience.label):
        return t("pdf_readers_all")
    if audience.label:
        return audience.label
    limits = []
    if not audience.personal_data:
        limits.append(t("pdf_limit_personal"))
    if not audience.confidential:
        limits.append(t("pdf_limit_confidential"))
    if audience.clients is not None:
        limits.append(t("pdf_limit_clients"))
    separator = "、" if is_chinese(t.language) else ", "
    return t("pdf_readers_limited", limits=separator.join(limits))


REDACTED_READERS = "\0redacted"
"""The audience of a ``--redact`` pack (a name no audience can have)."""


def _string(text: str) -> str:
    """A Typst string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


_ONE_PAGE = """#let one-page(body) = layout(size => {
  let fits(s) = measure(block(width: size.width, { set text(size: s); body })).height <= size.height
  let chosen = (10pt, 9.5pt, 9pt, 8.5pt, 8pt).find(fits)
  if chosen == none { body } else { set text(size: chosen); body }
})"""
"""A brief keeps to one page when it fits: set in the largest of these sizes that fits the
page (its charts, sized in em, shrink with its text); a brief too long for any runs on."""


def pack_source(
    config: MkDocsConfig,
    setting: PackSetting,
    parts: list[Chapter],
    pages: PackPages,
    *,
    audience: Audience | str | None,
    today: dt.date,
    single: bool,
) -> str:
    """The Typst document of the pack (or of one brief) from its pages' Typst."""
    t = Translator(setting.language)
    title = config.site_name
    lang = "zh" if is_chinese(setting.language) else "en"
    fonts = ", ".join(_string(font) for font in CJK_FONTS)
    lines = [
        f"#set document(title: {_string(title)}, date: datetime(year: {today.year}, "
        f"month: {today.month}, day: {today.day}))",
        f'#set text(lang: {_string(lang)}, font: ({fonts}, "Libertinus Serif"), size: 10pt)',
        "#set par(justify: false, leading: 0.75em)",
        "#show heading: set block(above: 1.2em, below: 0.6em)",
        "#set table(stroke: 0.4pt + luma(180), inset: 4pt)",
        "#show table: set text(size: 8.5pt)",
    ]
    header = f"{title} · " + t("pdf_internal")
    lines.append(
        '#set page(paper: "a4", margin: (x: 2cm, y: 2.2cm), '
        f"header: context {{ if here().page() > 1 {{ set text(size: 8pt, fill: luma(100)); "
        f"{_string(header)}; h(1fr); {_string(today.isoformat())} }} }}, "
        'numbering: "1 / 1")'
    )
    marking = t("pdf_internal_marking")
    cover_title = t("brief") if single else t("pdf_pack_title")
    readers = t("pdf_audience", audience=_readers(audience, t))
    lines += [
        "#align(center + horizon)[",
        f'  #text(size: 22pt, weight: "bold", {_string(title)})',
        "  #v(0.8em)",
        f"  #text(size: 16pt, {_string(cover_title)})",
        "  #v(2em)",
        f"  #text(size: 11pt, {_string(readers)})",
        "  #v(0.4em)",
        f"  #text(size: 11pt, {_string(today.isoformat())})",
        "  #v(3em)",
        f'  #box(stroke: 1pt + red, inset: 8pt, text(fill: red, weight: "bold", {_string(marking)}))',
        "]",
        "#pagebreak()",
    ]
    if not single:
        contents = t("pdf_contents")
        lines += [f"#outline(title: {_string(contents)}, depth: 2)", "#pagebreak()"]
    lines.append(_ONE_PAGE)
    part = None
    held = {chapter.path for chapter in parts}
    for index, chapter in enumerate(parts):
        one_page = chapter.path.startswith("briefs/")
        lines.append("#one-page[" if one_page else "#[")
        if chapter.part != part and not single:
            part = chapter.part
            lines.append(f"#heading(level: 1, outlined: true, bookmarked: true, {_string(part)})")
        # every page's own headings sit below its part
        lines.append("#set heading(offset: 1)" if not single else "")
        lines.append(_on_paper(pages, pages.bodies[chapter.path], held, t))
        lines.append("]")
        if index < len(parts) - 1:
            lines.append("#pagebreak(weak: true)")
    return "\n".join(lines) + "\n"


def typst_timestamp(day: dt.date) -> int:
    """The clock Typst is given (its ``datetime.today()``; the PDF's date, were the
    document's own unset): the build's day at 00:00 UTC, whatever the machine's time zone
    (its local midnight would make one SOURCE_DATE_EPOCH a different instant in each)."""
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())


def make_pdfs(
    config: MkDocsConfig,
    files,
    setting: PackSetting,
    documents: Sequence[str | None],
    *,
    audience: Audience | str | None,
) -> list[bytes]:
    """Each document asked for, as PDF bytes: ``None`` is the pack, a client's id its brief.

    Their pages are converted once, together; Typst then sets each document.
    """
    import typst

    today = setting.today  # the build's day (``today``, SOURCE_DATE_EPOCH, or the clock)
    contents = [chapters(files, setting, client, config.nav) for client in documents]
    folders = font_folders()
    if is_chinese(setting.language) and not folders:
        raise PackStop(say("pdf_no_cjk_font").text(setting.messages_language))
    with tempfile.TemporaryDirectory(prefix="playbook-pdf-") as work:
        folder = Path(work)
        paths = {chapter.path for parts in contents for chapter in parts}
        pages = typst_pages(config, files, paths, folder)
        made = []
        for client, parts in zip(documents, contents, strict=True):
            source = pack_source(
                config, setting, parts, pages,
                audience=audience, today=today, single=client is not None,
            )  # fmt: skip
            (folder / "pack.typ").write_text(source, encoding="utf-8")
            try:
                made.append(
                    typst.compile(
                        str(folder / "pack.typ"),
                        root=str(folder),
                        font_paths=folders,
                        pdf_standards=["ua-1"],
                        timestamp=typst_timestamp(today),
                    )
                )
            except (typst.TypstError, RuntimeError) as exc:
                message = say("pdf_failed", detail=str(exc))
                raise PackStop(message.text(setting.messages_language)) from None
        return made


def write_pdf(out: Path, pdf: bytes, language: str) -> int:
    """Write ``pdf`` to ``out`` (whole, or not at all); the number of its pages.

    Raises :class:`PackStop` for a path that cannot be written.
    """
    from pypdf import PdfReader

    if out.is_file() and not out.read_bytes().startswith(b"%PDF-"):
        # never over a file it did not make (a hand-written page, a spreadsheet …)
        raise PackStop(say("pdf_not_ours", path=str(out)).text(language))
    try:
        write_atomically(out, pdf)
    except OSError as exc:
        detail = exc.strerror or str(exc)
        raise PackStop(say("pdf_unwritable", path=str(out), detail=detail).text(language)) from None
    return len(PdfReader(out).pages)
