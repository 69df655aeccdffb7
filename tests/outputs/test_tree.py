"""`playbook render --out`: the handbook as a plain Markdown tree, built by plain MkDocs
and by Zensical (the second host), with no Playbook plugin in either build."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.outputs.tree import MARKER
from generator.reading.loader import load_handbook
from tests.conftest import (
    FIXTURES,
    MINIMAL_CLIENT,
    MINIMAL_INDUSTRY,
    REPO,
    copy_sample,
    mkdocs_build_strict,
    page_text,
    run_cli,
    set_today,
    write_handbook,
)
from tests.test_build import _external_loads, assert_every_value_shown, assert_inert

ZENSICAL = Path(sys.executable).parent / "zensical"
needs_zensical = pytest.mark.skipif(
    sys.version_info < (3, 11), reason="Zensical 0.0.73 needs Python 3.11 or newer"
)


def zensical_build(tree: Path) -> subprocess.CompletedProcess[str]:
    """`zensical build` in the tree, as a user of the second host runs it."""
    return subprocess.run(
        [str(ZENSICAL), "build"], cwd=tree, capture_output=True, text=True, timeout=300
    )


def render(root: Path, out: Path, *extra: str) -> Path:
    result = run_cli("render", "--root", str(root), "--out", str(out), *extra)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def sample_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_sample(tmp_path_factory.mktemp("sample"))
    set_today(root)
    return render(root, tmp_path_factory.mktemp("tree") / "out")


@pytest.fixture(scope="module")
def hostile_tree(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The hostile fixture's handbook and its exported tree."""
    root = write_handbook(
        tmp_path_factory.mktemp("hostile"),
        clients={"hostile.yaml": (FIXTURES / "hostile/clients/hostile.yaml").read_text("utf-8")},
        industries={
            "hostile.yaml": (FIXTURES / "hostile/industries/hostile.yaml").read_text("utf-8")
        },
    )
    return root, render(root, tmp_path_factory.mktemp("tree") / "out")


def test_tree_has_pages_assets_and_a_config_without_the_plugin(sample_tree: Path) -> None:
    docs = sample_tree / "docs"
    for path in (
        "index.md",  # hand-written
        "norms/escalation.md",
        "accounts/dingsheng-beverage.md",  # generated
        "briefs/dingsheng-beverage.md",
        "calendar/playbook.ics",
        "schemas/client.schema.json",
        "assets/playbook/playbook.css",
        "assets/playbook/playbook.js",
    ):
        assert (docs / path).is_file(), path
    assert (docs / "index.md").read_bytes() == (REPO / "docs/index.md").read_bytes()
    config = yaml.safe_load((sample_tree / "mkdocs.yml").read_text("utf-8"))
    assert config["docs_dir"] == "docs"
    assert "playbook" not in json.dumps(config["plugins"])
    assert config["theme"]["font"] is False
    assert "generator.pages.markdown_safety" in config["markdown_extensions"]
    assert "generator.search.cjk" in config["markdown_extensions"]
    assert "assets/playbook/playbook.css" in config["extra_css"]
    assert config["nav"] == yaml.safe_load((REPO / "mkdocs.yml").read_text("utf-8"))["nav"]


def test_tree_builds_with_plain_mkdocs_strict(sample_tree: Path, tmp_path: Path) -> None:
    result = mkdocs_build_strict(sample_tree)
    assert result.returncode == 0, result.stderr
    site = sample_tree / "site"
    assert_every_value_shown(site, load_handbook(REPO), "zh")


@needs_zensical
def test_zensical_builds_the_sample(sample_tree: Path) -> None:
    result = zensical_build(sample_tree)
    assert result.returncode == 0, result.stdout + result.stderr
    site = sample_tree / "site"
    client = (site / "accounts/dingsheng-beverage/index.html").read_text("utf-8")
    assert "<title>鼎盛饮料集团" in client
    text = page_text(client)
    for expected in ("联系人与决策链", "蒋思琪", "禁忌", "经验教训"):
        assert expected in text
    assert client.count('class="pb-svg pb-chain"') == 1
    assert client.count('class="pb-svg pb-kpis"') == 2
    assert_every_value_shown(site, load_handbook(REPO), "zh")
    assert _external_loads(site) == []
    index = json.loads((site / "search.json").read_text("utf-8"))
    locations = [item["location"] for item in index["items"]]
    assert any(loc.startswith("accounts/dingsheng-beverage/") for loc in locations)
    assert not any(loc.startswith(("briefs/", "calendar/")) for loc in locations)
    # The same Markdown extensions as a plugin build: wrapped Chinese lines are joined.
    assert "公共 CDN。因此 Playbook" in (site / "playbook/offline/index.html").read_text("utf-8")
    home = (site / "index.html").read_text("utf-8")
    assert 'href="accounts/"' in home or 'href="./accounts/"' in home


@needs_zensical
def test_zensical_keeps_hostile_text_inert(hostile_tree: tuple[Path, Path]) -> None:
    root, tree = hostile_tree
    result = zensical_build(tree)
    assert result.returncode == 0, result.stdout + result.stderr
    handbook = load_handbook(root)
    assert list(handbook.clients) == ["hostile"]
    assert_every_value_shown(tree / "site", handbook, "zh")
    for page in ("accounts/hostile/index.html", "industries/hostile/index.html"):
        assert_inert((tree / "site" / page).read_text("utf-8"))


def test_render_replaces_its_own_tree_and_refuses_other_folders(
    sample_tree: Path, tmp_path: Path
) -> None:
    (sample_tree / "docs" / "stale.md").write_text("old\n", encoding="utf-8")
    render(REPO, sample_tree)
    assert (sample_tree / MARKER).is_file()
    assert not (sample_tree / "docs" / "stale.md").exists()
    foreign = tmp_path / "notes"
    foreign.mkdir()
    (foreign / "keep.txt").write_text("mine\n", encoding="utf-8")
    result = run_cli("render", "--root", str(REPO), "--out", str(foreign))
    assert result.exit_code == 2
    assert "不是空文件夹" in result.output  # in the sample handbook's language
    assert [p.name for p in foreign.iterdir()] == ["keep.txt"]


def test_render_refuses_the_handbooks_own_folders(tmp_path: Path) -> None:
    """`--out` never replaces the hand-written pages, the handbook or a folder above it."""
    root = write_handbook(
        tmp_path / "handbook",
        clients={"acme.yaml": MINIMAL_CLIENT},
        industries={"fmcg.yaml": MINIMAL_INDUSTRY},
    )

    def everything() -> dict[Path, bytes | None]:
        return {path: path.read_bytes() if path.is_file() else None for path in tmp_path.rglob("*")}

    before = everything()
    for folder in (root / "docs", root, tmp_path):
        result = run_cli("render", "--root", str(root), "--out", str(folder))
        assert result.exit_code == 2 and "不是空文件夹" in result.output, folder
    assert everything() == before


def test_render_writes_what_others_can_read(tmp_path: Path) -> None:
    """The tree's folder has the umask's mode (0755 under 022), not `mkdtemp`'s 0700."""
    root = write_handbook(
        tmp_path / "handbook",
        clients={"acme.yaml": MINIMAL_CLIENT},
        industries={"fmcg.yaml": MINIMAL_INDUSTRY},
    )
    umask = os.umask(0o022)
    try:
        out = render(root, tmp_path / "out")
    finally:
        os.umask(umask)
    wrong = {
        path.as_posix(): oct(stat.S_IMODE(path.stat().st_mode))
        for path in [out, *out.rglob("*")]
        if stat.S_IMODE(path.stat().st_mode) != (0o755 if path.is_dir() else 0o644)
    }
    assert wrong == {}
    assert (out / MARKER).is_file() and (out / "docs" / "accounts" / "acme.md").is_file()


def test_render_of_an_invalid_handbook_reports_and_writes_nothing(handbook, tmp_path: Path) -> None:
    root = handbook(
        clients={"acme.yaml": "name: A\nindustry: fmcg\ntier: Z\nstatus: active\n"},
        industries={"fmcg.yaml": MINIMAL_INDUSTRY},
    )
    out = tmp_path / "out"
    result = run_cli("render", "--root", str(root), "--out", str(out))
    assert result.exit_code == 1
    assert "clients/acme.yaml:3:7: tier:" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_redacted_tree_leaves_out_personal_data(tmp_path: Path) -> None:
    tree = render(REPO, tmp_path / "out", "--redact")
    handbook = load_handbook(REPO)
    texts = "".join(p.read_text("utf-8") for p in (tree / "docs").rglob("*.md"))
    emails = [c.email for e in handbook.clients.values() for c in e.data.contacts if c.email]
    assert emails and not any(email in texts for email in emails)


def test_hooks_and_theme_overrides_travel_with_the_tree(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "sample")
    (root / "hooks").mkdir()
    (root / "hooks" / "stamp.py").write_text(
        "import pathlib\n\n"
        "def on_post_build(config):\n"
        "    pathlib.Path(config.site_dir, 'hooked.txt').write_text('yes')\n",
        encoding="utf-8",
    )
    (root / "overrides").mkdir()
    (root / "overrides" / "main.html").write_text(
        '{% extends "base.html" %}\n{% block footer %}<p id="house-footer">内部资料</p>{% endblock %}\n',
        encoding="utf-8",
    )
    config = root / "mkdocs.yml"
    text = config.read_text("utf-8").replace(
        "  name: material\n", "  name: material\n  custom_dir: overrides\n"
    )
    config.write_text(text + "hooks:\n  - hooks/stamp.py\n", encoding="utf-8")
    tree = render(root, tmp_path / "tree")
    exported = yaml.safe_load((tree / "mkdocs.yml").read_text("utf-8"))
    assert exported["hooks"] == ["hooks/stamp.py"]
    assert exported["theme"]["custom_dir"] == "overrides"
    result = mkdocs_build_strict(tree)
    assert result.returncode == 0, result.stderr
    assert (tree / "site" / "hooked.txt").read_text() == "yes"
    assert 'id="house-footer"' in (tree / "site" / "index.html").read_text("utf-8")


def test_the_handbooks_own_scripts_keep_their_type_and_loading(tmp_path: Path) -> None:
    """An `extra_javascript` entry may be `{path, type, defer, async}`: the tree's
    mkdocs.yml names it as the handbook wrote it (`type: module` was dropped)."""
    root = write_handbook(
        tmp_path / "handbook",
        clients={"acme.yaml": MINIMAL_CLIENT},
        industries={"fmcg.yaml": MINIMAL_INDUSTRY},
    )
    (root / "docs" / "js").mkdir()
    (root / "docs" / "js" / "house.js").write_text("export const house = 1;\n", encoding="utf-8")
    (root / "docs" / "js" / "later.js").write_text("void 0;\n", encoding="utf-8")
    (root / "docs" / "js" / "plain.js").write_text("void 0;\n", encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8") + "extra_javascript:\n"
        "  - path: js/house.js\n    type: module\n"
        "  - path: js/later.js\n    defer: true\n    async: true\n"
        "  - js/plain.js\n",
        encoding="utf-8",
    )
    tree = render(root, tmp_path / "tree")
    scripts = yaml.safe_load((tree / "mkdocs.yml").read_text("utf-8"))["extra_javascript"]
    assert {"path": "js/house.js", "type": "module"} in scripts
    assert {"path": "js/later.js", "defer": True, "async": True} in scripts
    assert "js/plain.js" in scripts
    assert (tree / "docs" / "js" / "house.js").read_bytes() == b"export const house = 1;\n"
    result = mkdocs_build_strict(tree)
    assert result.returncode == 0, result.stderr
    home = (tree / "site" / "index.html").read_text("utf-8")
    assert '<script src="js/house.js" type="module"></script>' in home
    assert '<script src="js/later.js" defer async></script>' in home
