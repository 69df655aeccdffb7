"""The package as others install it: a wheel and an sdist, the wheel in a clean environment.

The wheel is built from this checkout (no download: the build tools are pinned in the
test environment), installed into a new virtual environment, and used there to build
the sample handbook: templates, assets, guides, scaffolds and the editor's bundle must
all come from inside it.
"""

from __future__ import annotations

import os
import shutil
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


# --- the first hour, as a new agency has it -------------------------------------------------

FIRST_HOUR_CLIENTS = 50
FIRST_HOUR_TIMES = REPO / "test-artifacts" / "first-hour.json"
"""Each step's seconds, for the guide's table (``generator/guides/*/first-hour.md``)."""


def _uncomment_audiences(config: Path) -> None:
    """What the guide asks before publishing: the two audiences init wrote, commented out."""
    lines = config.read_text("utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.strip() == "# audiences:")
    for i in range(start, start + 3):
        lines[i] = lines[i].replace("# ", "", 1)
    config.write_text("".join(lines), encoding="utf-8")


@pytest.mark.skipif(
    (shutil.which("chromium") is None or shutil.which("htpasswd") is None)
    and not os.environ.get("CI"),
    reason="Debian's chromium, nginx and apache2-utils (make test installs them)",
)
def test_the_first_hour_from_the_wheel_to_a_search_behind_nginx(dist: Path, browser) -> None:
    """pip install of the wheel into a new environment, `playbook init`, the agency's own
    list of 50 clients imported through the proposed map, check, build (two audiences),
    `playbook nginx` as the hosting guide says, and a client found by the search in
    Chromium on the site nginx serves; each step timed (test-artifacts/first-hour.json)."""
    import json
    import tempfile
    import time

    from tests.browsing import Visit
    from tests.outputs.test_nginx import NGINX, _free_port, _server_user, start_nginx
    from tests.search.test_pagefind import search
    from tests.spreadsheets.agency_lists import agency_clients, write_agency_list

    assert NGINX, "apt-get install nginx"
    times: dict[str, float] = {}
    # not under pytest's 0700 basetemp: nginx's own user reads the site
    work = Path(tempfile.mkdtemp(prefix="playbook-first-hour-"))
    work.chmod(0o755)
    umask = os.umask(0o022)
    process = None
    try:
        started = time.monotonic()
        env_dir = work / "env"
        venv.create(env_dir, with_pip=False)
        python = env_dir / "bin" / "python"
        purelib = subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
        wheel = next(dist.glob("*.whl"))
        pip = [sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--quiet"]
        installed = subprocess.run(
            [*pip, "--target", purelib, str(wheel)], capture_output=True, text=True
        )
        assert installed.returncode == 0, installed.stderr
        Path(purelib, "dependencies.pth").write_text(
            sysconfig.get_path("purelib") + "\n", encoding="utf-8"
        )
        times["install"] = time.monotonic() - started

        def playbook(*args: str, expect: int = 0) -> str:
            begun = time.monotonic()
            result = subprocess.run(
                [str(python), "-m", "generator.cli", *args],
                cwd=work, capture_output=True, text=True,
            )  # fmt: skip
            assert result.returncode == expect, result.stdout[-3000:] + result.stderr[-3000:]
            step = args[0] if args[0] != "import" else ("propose" if expect else "import")
            times[step] = time.monotonic() - begun
            return result.stdout + result.stderr

        playbook("init", "handbook", "--name", "星海广告")
        root = work / "handbook"
        assert str(root) not in subprocess.run(
            [str(python), "-c", "import generator; print(generator.__file__)"],
            capture_output=True, text=True, cwd=work,
        ).stdout  # fmt: skip
        clients = agency_clients(FIRST_HOUR_CLIENTS)
        source = write_agency_list(work / "客户名单.xlsx", clients)
        proposed = playbook("import", str(source), "--root", "handbook", "--map", "客户名单.map.yaml", expect=1)  # fmt: skip
        assert "已把列的对应建议写到 客户名单.map.yaml" in proposed
        imported = playbook("import", str(source), "--root", "handbook", "--map", "客户名单.map.yaml")  # fmt: skip
        industries = len({client.industry for client in clients})
        assert f"新建 {FIRST_HOUR_CLIENTS + industries} 个" in imported
        checked = playbook("check", "--root", "handbook")
        assert f"{FIRST_HOUR_CLIENTS} 个客户、{industries} 个行业:没有错误" in checked

        _uncomment_audiences(root / "mkdocs.yml")
        playbook("build", "--root", "handbook")
        site = root / "site"
        assert (site / "team/index.html").is_file() and (site / "company/index.html").is_file()
        port = _free_port()
        passwords = work / "passwords"
        passwords.mkdir()
        server = work / "playbook.conf"
        playbook(
            "nginx", "--root", "handbook", "--open", "company", "--listen", f"127.0.0.1:{port}",
            "--htpasswd-dir", str(passwords), "--out", str(server),
        )  # fmt: skip
        subprocess.run(
            ["htpasswd", "-bc", str(passwords / "team.htpasswd"), "wang.fang", "secret"],
            check=True, capture_output=True,
        )  # fmt: skip
        process = start_nginx(work, server, _server_user(), port)

        begun = time.monotonic()
        visit = Visit(browser, f"http://127.0.0.1:{port}/company/")
        wanted = clients[7]  # a client in the middle of the list, found by its Chinese name
        paths = search(visit, wanted.name)
        times["search"] = time.monotonic() - begun
        account = next(p for p in paths if p.startswith("/company/accounts/"))
        assert account == paths[0], paths
        page = visit.open(account.removeprefix("/company/"))
        assert wanted.name in page.locator("article h1").first.inner_text()
        assert visit.errors == [] and visit.foreign_requests() == []
        visit.close()
        times["total"] = time.monotonic() - started
        FIRST_HOUR_TIMES.parent.mkdir(parents=True, exist_ok=True)
        FIRST_HOUR_TIMES.write_text(
            json.dumps({k: round(v, 2) for k, v in times.items()}, indent=2) + "\n", "utf-8"
        )
    finally:
        os.umask(umask)
        if process is not None:
            process.terminate()
            process.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)
