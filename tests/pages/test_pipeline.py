"""The serve cache: unchanged files are not re-read and their pages not re-rendered."""

from __future__ import annotations

import datetime as dt
import os
import sys

import pytest

from generator.pages.pipeline import GenerationCache, generate, release_free_memory
from generator.pages.places import person as person_page
from generator.pages.site import SiteContext
from tests.conftest import MINIMAL_CLIENT, MINIMAL_INDUSTRY

OPTIONS = {"clients_dir": "clients", "industries_dir": "industries", "templates_dir": "templates"}
CONTEXT = SiteContext(today=dt.date(2026, 11, 21))


def test_unchanged_files_and_pages_are_reused(handbook) -> None:
    root = handbook(
        clients={"a.yaml": MINIMAL_CLIENT, "b.yaml": MINIMAL_CLIENT.replace("测试客户", "乙客户")},
        industries={"fmcg.yaml": MINIMAL_INDUSTRY},
    )
    cache = GenerationCache()
    first = generate(root, OPTIONS, "zh", CONTEXT, cache).pages
    model_a = cache.files.models["clients/a.yaml"][1]

    path = root / "clients" / "b.yaml"
    path.write_text(MINIMAL_CLIENT.replace("测试客户", "丙客户"), encoding="utf-8")
    os.utime(path, ns=(path.stat().st_mtime_ns + 10**9,) * 2)
    second = generate(root, OPTIONS, "zh", CONTEXT, cache).pages

    assert cache.files.models["clients/a.yaml"][1] is model_a
    assert second["accounts/a.md"] is first["accounts/a.md"]
    assert second["accounts/b.md"] is not first["accounts/b.md"]
    assert "丙客户" in second["accounts/b.md"].markdown
    assert "丙客户" in second["accounts/index.md"].markdown


def test_team_pages_and_templates_are_reused_until_what_they_show_changes(handbook) -> None:
    b_text = MINIMAL_CLIENT.replace("测试客户", "乙客户").replace("王芳", "李雷")
    root = handbook(
        clients={"a.yaml": MINIMAL_CLIENT, "b.yaml": b_text},
        industries={"fmcg.yaml": MINIMAL_INDUSTRY},
    )
    cache = GenerationCache()
    first = generate(root, OPTIONS, "zh", CONTEXT, cache).pages
    templates = cache.templates
    wang, li = person_page("王芳"), person_page("李雷")

    # b changes: the page of a colleague not on b is not rendered again; b's lead's is.
    path = root / "clients" / "b.yaml"
    path.write_text(b_text.replace("乙客户", "丙客户"), encoding="utf-8")
    os.utime(path, ns=(path.stat().st_mtime_ns + 10**9,) * 2)
    second = generate(root, OPTIONS, "zh", CONTEXT, cache).pages
    assert cache.templates is templates
    assert second[wang] is first[wang]
    assert second[li] is not first[li]
    assert "丙客户" in second[li].markdown
    assert second[li].markdown == generate(root, OPTIONS, "zh", CONTEXT).pages[li].markdown


def test_a_new_language_or_day_renders_everything_again(handbook) -> None:
    root = handbook(clients={"a.yaml": MINIMAL_CLIENT}, industries={"fmcg.yaml": MINIMAL_INDUSTRY})
    cache = GenerationCache()
    first = generate(root, OPTIONS, "zh", CONTEXT, cache).pages
    english = generate(root, OPTIONS, "en", CONTEXT, cache).pages
    assert english["accounts/a.md"] is not first["accounts/a.md"]
    assert "Our team" in english["accounts/a.md"].markdown
    later = generate(root, OPTIONS, "en", SiteContext(today=dt.date(2027, 1, 1)), cache).pages
    assert later["accounts/a.md"] is not english["accounts/a.md"]


def test_results_equal_an_uncached_run(handbook) -> None:
    root = handbook(clients={"a.yaml": MINIMAL_CLIENT}, industries={"fmcg.yaml": MINIMAL_INDUSTRY})
    cache = GenerationCache()
    generate(root, OPTIONS, "zh", CONTEXT, cache)
    cached = generate(root, OPTIONS, "zh", CONTEXT, cache).pages
    fresh = generate(root, OPTIONS, "zh", CONTEXT).pages
    assert {p: page.markdown for p, page in cached.items()} == {
        p: page.markdown for p, page in fresh.items()
    }


def _resident_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_freed_memory_goes_back_to_the_system() -> None:
    # 80 MB of 1 KB blocks (glibc's heap, not Python's small-object arenas), then a block
    # after them, so that freeing them leaves a hole that only malloc_trim returns.
    blocks = [bytes(1024) + i.to_bytes(4, "little") for i in range(80_000)]
    keep = [bytes(1024) for _ in range(10)]
    before = _resident_mb()
    del blocks
    assert release_free_memory() is True
    assert _resident_mb() < before - 50
    assert keep


def test_a_template_in_a_subfolder_is_read_again_when_it_changes(handbook) -> None:
    root = handbook(clients={"a.yaml": MINIMAL_CLIENT}, industries={"fmcg.yaml": MINIMAL_INDUSTRY})
    partial = root / "templates" / "parts" / "note.md.j2"
    partial.parent.mkdir(parents=True)
    partial.write_text("第一版说明\n", encoding="utf-8")
    (root / "templates" / "client.md.j2").write_text(
        '{% extends "builtin/client.md.j2" %}\n'
        '{% block extra %}{% include "parts/note.md.j2" %}{% endblock %}\n',
        encoding="utf-8",
    )
    cache = GenerationCache()
    assert (
        "第一版说明"
        in generate(root, OPTIONS, "zh", CONTEXT, cache).pages["accounts/a.md"].markdown
    )
    partial.write_text("第二版说明\n", encoding="utf-8")
    os.utime(partial, ns=(partial.stat().st_mtime_ns + 10**9,) * 2)
    page = generate(root, OPTIONS, "zh", CONTEXT, cache).pages["accounts/a.md"].markdown
    assert "第二版说明" in page and "第一版说明" not in page


def test_unchanged_pages_are_reused_in_redacted_builds_too(handbook) -> None:
    root = handbook(
        clients={"a.yaml": MINIMAL_CLIENT, "b.yaml": MINIMAL_CLIENT.replace("测试客户", "乙客户")},
        industries={"fmcg.yaml": MINIMAL_INDUSTRY},
    )
    options = {**OPTIONS, "redact": True}
    cache = GenerationCache()
    first = generate(root, options, "zh", CONTEXT, cache).pages
    path = root / "clients" / "b.yaml"
    path.write_text(MINIMAL_CLIENT.replace("测试客户", "丙客户"), encoding="utf-8")
    os.utime(path, ns=(path.stat().st_mtime_ns + 10**9,) * 2)
    second = generate(root, options, "zh", CONTEXT, cache).pages
    assert second["accounts/a.md"] is first["accounts/a.md"]
    assert "丙客户" in second["accounts/b.md"].markdown
