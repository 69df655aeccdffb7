"""Kept blocks under `serve`: the same HTML as a full conversion, for a fraction of the work."""

from __future__ import annotations

import shutil
from pathlib import Path

import markdown
import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.utils.meta import get_data

from generator.blockcache import BlockCache, BlockCacheExtension
from generator.crossviews import SiteContext
from generator.pipeline import generate
from tests.conftest import REPO, copy_sample, set_today

EXTENSIONS = ["tables", "admonition", "attr_list", "toc", "generator.cjk"]
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
    return markdown.Markdown(extensions=extensions, extension_configs=CONFIGS).convert(text)


def generated_pages(root: Path) -> dict[str, str]:
    pages = generate(root, OPTIONS, "zh", SiteContext(editor=True)).pages
    # without the front matter, as MkDocs converts them
    return {
        path: get_data(page.markdown)[0] for path, page in pages.items() if path.endswith(".md")
    }


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
        assert cache.converted == converted or "<" in text, path  # nothing new the second time
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
    for page in ("calendar", "people", "lessons", "team", "accounts", "health", "results"):
        # the article: a dirty build's navigation lacks the titles of pages it skipped
        served_html = article((served / page / "index.html").read_text("utf-8"))
        full_html = article((full / page / "index.html").read_text("utf-8"))
        assert served_html == full_html, page
        changed += "星河未来科技" in full_html
    assert changed >= 5
    shutil.rmtree(state.folder, ignore_errors=True)


def test_compiled_templates_follow_their_source() -> None:
    """serve keeps the theme's compiled templates; an edited override is compiled again."""
    import jinja2

    from generator.plugin import CompiledTemplates

    compiled = CompiledTemplates()
    sources = {"main.html": "<p>{{ page }}</p>"}

    def render() -> str:  # a new environment per build, as MkDocs makes
        env = jinja2.Environment(loader=jinja2.DictLoader(sources), bytecode_cache=compiled)
        return env.get_template("main.html").render(page="one")

    assert render() == "<p>one</p>" and (compiled.hits, compiled.misses) == (0, 1)
    assert render() == "<p>one</p>" and (compiled.hits, compiled.misses) == (1, 1)
    sources["main.html"] = "<h1>{{ page }}</h1>"
    assert render() == "<h1>one</h1>" and compiled.misses == 2
