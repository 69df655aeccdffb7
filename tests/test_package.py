"""The package as others install it: a wheel and an sdist, the wheel in a clean environment.

The wheel is built from this checkout (no download: the build tools are pinned in the
test environment), installed into a new virtual environment, and used there to build
the sample handbook: templates, assets, guides, scaffolds and the editor's bundle must
all come from inside it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO, copy_sample

EDITOR_HOST = """\
      editor:
        backend: gitlab
        repo: team/handbook
"""


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--no-isolation",
            "--sdist",
            "--wheel",
            "--outdir",
            str(out),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return out


def test_the_distribution_has_a_name_of_its_own(dist: Path) -> None:
    wheel = next(dist.glob("*.whl"))
    assert wheel.name.startswith("agency_playbook-")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points = next(n for n in names if n.endswith("entry_points.txt"))
        assert "playbook = generator.cli:main" in archive.read(entry_points).decode()
    for inside in (
        "generator/_templates/client.md.j2",
        "generator/assets/playbook.css",
        "generator/assets/playbook-editor.js",
        "generator/assets/decap/decap-cms.js",
        "generator/guides/zh/editing.md",
        "generator/scaffolds/client.zh.yaml.j2",
        "generator/py.typed",
    ):
        assert inside in names, inside
    sdist = next(dist.glob("*.tar.gz"))
    with tarfile.open(sdist) as archive:
        members = archive.getnames()
    assert any(m.endswith("generator/assets/decap/decap-cms.js") for m in members)


def test_the_wheel_alone_builds_the_sample_with_its_editor(dist: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "env"
    venv.create(env_dir, with_pip=False)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    wheel = next(dist.glob("*.whl"))
    install = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--no-index",
            "--quiet",
            "--target",
            purelib,
            str(wheel),
        ],
        capture_output=True,
        text=True,
    )
    assert install.returncode == 0, install.stderr
    # The dependencies (MkDocs, Material …) come from the test environment's site-packages,
    # appended after the clean one's: this checkout itself is never on the path.
    ours = sysconfig.get_path("purelib")
    Path(purelib, "dependencies.pth").write_text(ours + "\n", encoding="utf-8")

    root = copy_sample(tmp_path / "handbook")
    config = root / "mkdocs.yml"
    text = config.read_text("utf-8").replace(
        "      language: zh\n", "      language: zh\n" + EDITOR_HOST
    )
    config.write_text(text, encoding="utf-8")
    where = subprocess.run(
        [str(python), "-c", "import generator; print(generator.__file__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert where.startswith(purelib), where
    result = subprocess.run(
        [str(python), "-m", "generator.cli", "build", "--root", str(root)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    site = root / "site"
    assert (site / "accounts/dingsheng-beverage/index.html").is_file()
    assert (site / "playbook/editing/index.html").is_file()
    assert (site / "assets/playbook/playbook.css").is_file()
    assert (site / "admin/decap-cms.js").stat().st_size > 1_000_000
    new = subprocess.run(
        [
            str(python),
            "-m",
            "generator.cli",
            "new",
            "industry",
            "retail",
            "--root",
            str(root),
            "--name",
            "零售",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert new.returncode == 0, new.stderr
    assert (root / "industries/retail.yaml").read_text("utf-8").startswith("# yaml-language-server")


BROWSER_TEST_MODULES = {
    "tests.test_browser",
    "tests.test_accessibility",
    "tests.editor.test_in_browser",
}


def test_tests_that_need_no_browser_import_no_browser_module() -> None:
    """Without Playwright, every other test module still imports (and its tests run)."""
    modules = sorted(
        ".".join(path.relative_to(REPO).with_suffix("").parts)
        for path in (REPO / "tests").rglob("test_*.py")
        if "node_modules" not in path.parts
    )
    others = [m for m in modules if m not in BROWSER_TEST_MODULES]
    code = (
        "import importlib, sys\n"
        "sys.modules['playwright'] = None  # any import of it fails\n"
        f"for name in {others!r}:\n"
        "    importlib.import_module(name)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-2000:]
