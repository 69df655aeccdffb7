"""Kept blocks under `serve`: the same HTML as a full conversion, for a fraction of the work."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.utils.meta import get_data

from generator.pages.site import SiteContext
from generator.pipeline import generate
from generator.serving.blockcache import BlockCache, BlockCacheExtension
from tests.conftest import REPO, copy_sample, set_today

EXTENSIONS = ["tables", "admonition", "attr_list", "toc", "generator.search.cjk"]
CONFIGS = {"toc": {"permalink": True}}
OPTIONS = {
    "clients_dir": "clients",
    "industries_dir": "industries",
    "templates_dir": "templates",
    "redact": False,
}


def convert(text: str, cache: BlockCache | None = None, page: str = "page.md") -> str:
    extensions: list = list(EXTENSIONS)
    if cache is not None:
        cache.page = page
        extensions.append(BlockCacheExtension(cache))
    html = markdown.Markdown(extensions=extensions, extension_configs=CONFIGS).convert(text)
    if cache is not None and cache.spoiled:  # what the plugin does (on_page_content)
        cache.spoiled = False
        cache.whole_pages.add(page)
        return convert(text, cache, page)
    return html


def generated_pages(root: Path) -> dict[str, str]:
    pages = generate(root, OPTIONS, "zh", SiteContext(editor=True)).pages
    # without the front matter, as MkDocs converts them
    return {
        path: get_data(page.markdown)[0] for path, page in pages.items() if path.endswith(".md")
    }


def raw_html_blocks(text: str) -> int:
    """Blocks of a page's Markdown that start with an HTML tag (a chart, a details box)."""
    return sum(1 for block in re.split(r"\n\s*\n", text) if block.lstrip().startswith("<"))


@pytest.mark.parametrize(
    "root", [REPO, REPO / "tests" / "fixtures" / "hostile"], ids=["sample", "hostile"]
)
def test_every_generated_page_converts_the_same_with_kept_blocks(root: Path) -> None:
    cache = BlockCache()
    for path, text in generated_pages(root).items():
        expected = convert(text)
        assert convert(text, cache, path) == expected, f"{path}: first conversion differs"
        converted = cache.converted
        assert convert(text, cache, path) == expected, (
            f"{path}: conversion from kept blocks differs"
        )
        # the second time, only blocks of raw HTML (charts) are converted again: never kept
        again = cache.converted - converted
        assert again <= raw_html_blocks(text), (path, again, raw_html_blocks(text))
    assert cache.reused > 100


def test_changed_rows_are_converted_and_the_rest_reused() -> None:
    rows = [
        f"| 2026-0{i % 9 + 1}-01 | [客户 {i}](c{i}.md#x) | **{i}** &amp; &#124; |"
        for i in range(40)
    ]
    table = "| 日期 | 客户 | 备注 |\n|---|---|---:|\n" + "\n".join(rows)
    items = "\n".join(f"- [经验 {i}](l.md) · 客户 {i}" for i in range(30))
    text = f"# 标题\n\n介绍 *段落*。\n\n{table}\n\n## 列表\n\n{items}\n\n结尾 `code`。\n"
    cache = BlockCache()
    convert(text, cache)
    first = cache.converted
    assert first == 40 + 30 + 2 and cache.reused == 0  # rows, items, two paragraphs

    changed = text.replace("客户 7]", "客户 7 改名]").replace("客户 12\n", "客户 12 改名\n")
    assert convert(changed, cache) == convert(changed)
    assert cache.converted - first == 2  # the renamed row and the renamed item
    assert cache.reused == first - 2


def test_runs_of_kept_rows_leave_the_markdown() -> None:
    """The second time, the 199 unchanged rows of a 200-row table stand in two rows."""
    rows = [f"| 2026-01-{i % 28 + 1:02d} | [客户 {i}](c{i}.md#d) | 生日 |" for i in range(200)]
    text = "| 日期 | 客户 | 类型 |\n|---|---|---|\n" + "\n".join(rows) + "\n"
    cache = BlockCache()
    convert(text, cache)
    assert cache.stood_in == 0
    changed = text.replace("客户 100]", "客户 100 改名]")
    assert convert(changed, cache) == convert(changed)
    assert cache.stood_in == 199 and cache.converted == 201


TABLE = "| a | b |\n|---|---:|\n| x | *y* |\n| z | w |\n"


@pytest.mark.parametrize(
    "later",
    [
        f"<div>\n\n{TABLE}\n</div>\n",  # the rows inside a raw HTML block
        f"```\n\n{TABLE}```\n",  # inside fenced code
        f"text\n{TABLE}",  # not a table's first line: a paragraph's
        TABLE.replace("---:", ":---"),  # other alignment: other HTML
        TABLE.replace("| a | b |", "| a | b"),  # header without the closing pipe
        f"> {TABLE}",
        f"{TABLE}\n{TABLE}",
        f"{TABLE.replace('*y*', '[y][ref]')}\n[ref]: https://example.com/\n",
    ],
    ids=["raw-html", "fenced", "paragraph", "aligned", "border", "quote", "twice", "reference"],
)
def test_kept_rows_elsewhere_convert_the_same(later: str) -> None:
    """Rows kept from a table, met next time where they are no table's rows."""
    cache = BlockCache()
    # with a reference link not defined on the page: kept as text
    convert(f"{TABLE}\n{TABLE.replace('*y*', '[y][ref]')}", cache)
    extensions = [*EXTENSIONS, "fenced_code"]
    cache.page = "page.md"
    kept = markdown.Markdown(extensions=[*extensions, BlockCacheExtension(cache)]).convert(later)
    if cache.spoiled:  # what the plugin does
        cache.spoiled = False
        cache.whole_pages.add("page.md")
        kept = markdown.Markdown(extensions=[*extensions, BlockCacheExtension(cache)]).convert(
            later
        )
    assert kept == markdown.Markdown(extensions=extensions).convert(later)


@pytest.mark.parametrize(
    "text",
    [
        "- a\n- b {: #kept-id }\n- c\n",  # an item with an id: anchors must be seen every time
        "<div>raw **html**</div>\n\n- a\n- <b>b</b>\n",  # raw HTML: placeholders of this run
        "- loose\n\n- list\n\n    nested para\n\n- end\n",
        "| a |\n|---|\n| x |\n\n| b |\n|---|\n| x |\n",  # the same row in two tables
        "1. one\n2. two\n    - inner\n3. three\n",
    ],
)
def test_awkward_blocks_convert_the_same(text: str) -> None:
    cache = BlockCache()
    expected = convert(text)
    assert convert(text, cache) == expected
    assert convert(text, cache) == expected
    assert convert(text + "\nmore\n", cache) == convert(text + "\nmore\n")


@pytest.mark.parametrize("extension", ["footnotes", "abbr"])
def test_page_wide_extensions_turn_the_cache_off(extension: str) -> None:
    """Footnote numbers and abbreviations depend on the whole page, not on one block."""
    first = "- a[^1] HTML\n- b\n\n[^1]: one\n*[HTML]: Hyper Text\n"
    second = "- c[^2]\n- a[^1] HTML\n- b\n\n[^1]: one\n[^2]: two\n"
    cache = BlockCache()
    for text in (first, second):
        cache.page = "page.md"
        plain = markdown.Markdown(extensions=[*EXTENSIONS, extension]).convert(text)
        kept = markdown.Markdown(
            extensions=[*EXTENSIONS, extension, BlockCacheExtension(cache)]
        ).convert(text)
        assert kept == plain
    assert cache.reused == 0


def test_reference_links_defined_later_are_followed() -> None:
    """A kept item's link reference gets defined elsewhere on the page: the item changes."""
    text = "- [y][ref]\n- b\n"
    cache = BlockCache()
    convert(text, cache)
    defined = text + "\n[ref]: https://example.com/\n"
    assert convert(defined, cache) == convert(defined)
    assert 'href="https://example.com/"' in convert(defined, cache)


def test_blocks_with_ids_are_never_kept() -> None:
    cache = BlockCache()
    convert("- a\n- b {: #anchor }\n", cache)
    kept = next(iter(cache.pages.values())).values()
    assert not any('id="anchor"' in html for html in kept)


def test_hand_written_pages_are_not_touched() -> None:
    cache = BlockCache()  # no page set: the extension does nothing
    md = markdown.Markdown(extensions=[*EXTENSIONS, BlockCacheExtension(cache)])
    md.convert("- a\n- b\n")
    assert cache.pages == {} and cache.converted == 0


def article(page_html: str) -> str:
    start = page_html.index("<article")
    return page_html[start : page_html.index("</article>", start)]


def _build(root: Path, site: Path, serve: bool = False, start: bool = False):
    """What `mkdocs serve --dirty` does for each build (``start``: its first)."""
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site))
    if start:
        config.plugins.on_startup(command="serve" if serve else "build", dirty=serve)
    build(config, dirty=serve)
    return config


def test_a_rename_under_serve_gives_the_pages_of_a_full_build(tmp_path: Path) -> None:
    """In-process, as `playbook serve` runs it: a dirty rebuild after a rename writes the
    very pages a full `mkdocs build` of the renamed handbook writes, and converts only
    the blocks that name the client."""
    root = copy_sample(tmp_path / "handbook")
    set_today(root)
    served = tmp_path / "served"
    config = _build(root, served, serve=True, start=True)
    plugin = config.plugins["playbook"]
    state = plugin.serve_state
    cache = state.blocks
    before = cache.converted, cache.reused
    assert before[0] > 300
    templates = state.templates
    compiled = templates.misses
    assert compiled > 5 and templates.hits == 0

    client = root / "clients" / "xinghe-tech.yaml"
    client.write_text(client.read_text("utf-8").replace("name: 星河科技", "name: 星河未来科技", 1))
    config = _build(root, served, serve=True)
    assert config.plugins["playbook"] is plugin  # serve keeps the plugin, and its cache
    converted, reused = cache.converted - before[0], cache.reused - before[1]
    assert 0 < converted < reused / 4, (converted, reused)  # 8 clients: 1 in 8 rows changed
    # the theme's templates were compiled by the first build only
    assert templates.misses == compiled and templates.hits >= compiled

    full = tmp_path / "full"
    _build(root, full, start=True)
    changed = 0
    for page in (
        "calendar",
        "people",
        "lessons",
        "lessons/by-industry/consumer-electronics",
        "lessons/retrospectives",
        "team",
        "accounts",
        "health",
        "results",
        "results/by-industry",
    ):
        # the article: a dirty build's navigation lacks the titles of pages it skipped
        served_html = article((served / page / "index.html").read_text("utf-8"))
        full_html = article((full / page / "index.html").read_text("utf-8"))
        assert served_html == full_html, page
        changed += "星河未来科技" in full_html
    assert changed >= 5
    state.sources.remove()


def test_compiled_templates_follow_their_source() -> None:
    """serve keeps the theme's compiled templates; an edited override is compiled again."""
    import jinja2

    from generator.serving.state import CompiledTemplates

    compiled = CompiledTemplates()
    sources = {"main.html": "<p>{{ page }}</p>"}

    def render() -> str:  # a new environment per build, as MkDocs makes
        env = jinja2.Environment(loader=jinja2.DictLoader(sources), bytecode_cache=compiled)
        return env.get_template("main.html").render(page="one")

    assert render() == "<p>one</p>" and (compiled.hits, compiled.misses) == (0, 1)
    assert render() == "<p>one</p>" and (compiled.hits, compiled.misses) == (1, 1)
    sources["main.html"] = "<h1>{{ page }}</h1>"
    assert render() == "<h1>one</h1>" and compiled.misses == 2


def test_rows_met_outside_a_table_under_serve_give_the_full_builds_page(tmp_path: Path) -> None:
    """An override puts the people table inside a raw HTML block between two saves: the
    kept rows' stand-ins are found outside any table, and the page is converted again."""
    root = copy_sample(tmp_path / "handbook")
    set_today(root)
    # Another plugin (here a hook) that changes pages' HTML before Playbook sees it: what
    # it did must survive the conversion again.
    (root / "hooks.py").write_text(
        "from mkdocs.plugins import event_priority\n\n\n"
        "@event_priority(50)\n"
        "def on_page_content(html, page, config, files):\n"
        '    return html + "<p>added-by-another-plugin</p>"\n',
        encoding="utf-8",
    )
    with (root / "mkdocs.yml").open("a", encoding="utf-8") as config_file:
        config_file.write("hooks:\n  - hooks.py\n")
    served = tmp_path / "served"
    config = _build(root, served, serve=True, start=True)
    state = config.plugins["playbook"].serve_state
    template = (REPO / "templates" / "people.md.j2").read_text("utf-8")
    table = template.index("| {{ label.name }}")
    (root / "templates").mkdir(exist_ok=True)
    (root / "templates" / "people.md.j2").write_text(
        template[:table] + "<div>\n\n" + template[table:] + "\n</div>\n", encoding="utf-8"
    )
    _build(root, served, serve=True)
    assert "people/index.md" in state.blocks.whole_pages
    full = tmp_path / "full"
    _build(root, full, start=True)
    served_html = article((served / "people" / "index.html").read_text("utf-8"))
    assert served_html == article((full / "people" / "index.html").read_text("utf-8"))
    assert "playbook-row" not in served_html and "| [" in served_html  # the rows, as text
    assert "added-by-another-plugin" in served_html
    state.sources.remove()


def test_the_anchors_of_kept_rows_reach_the_link_check() -> None:
    """A row with an id (a person in the people directory) is kept like any other; MkDocs'
    own anchor collector still learns its id on the conversion that reuses it."""
    from mkdocs.structure.pages import _ExtractAnchorsTreeprocessor

    text = "| a | b |\n|---|---|\n" + "".join(
        f"| [name {n}](#x){{: #person-{n} }} | {n} |\n" for n in range(5)
    )
    cache = BlockCache()

    def anchors() -> set[str]:
        cache.page = "people.md"
        md = markdown.Markdown(
            extensions=[*EXTENSIONS, BlockCacheExtension(cache)], extension_configs=CONFIGS
        )
        collector = _ExtractAnchorsTreeprocessor(None, None, None)  # type: ignore[arg-type]
        collector._register(md)
        md.convert(text)
        return collector.present_anchor_ids

    assert {f"person-{n}" for n in range(5)} <= anchors()
    converted = cache.converted
    assert {f"person-{n}" for n in range(5)} <= anchors()
    assert cache.converted == converted  # the second time, every row was kept
