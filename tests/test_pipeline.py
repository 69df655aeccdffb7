"""The serve cache: unchanged files are not re-read and their pages not re-rendered."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import sys

import pytest

from generator.pages.freshness import FileHistory, RepoHistory
from generator.pages.places import brief_pdf
from generator.pages.places import person as person_page
from generator.pages.site import SiteContext
from generator.pipeline import GenerationCache, generate, release_free_memory
from generator.reading.redaction import REDACTED
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
    """Redaction makes a new copy of every client; an unchanged file's is kept, so its
    pages are too."""
    with_email = MINIMAL_CLIENT + (
        "contacts:\n  - id: zhao-lei\n    name: 赵磊\n    email: zhao.lei@example.com\n"
    )
    root = handbook(
        clients={"a.yaml": with_email, "b.yaml": with_email.replace("测试客户", "乙客户")},
        industries={"fmcg.yaml": MINIMAL_INDUSTRY},
    )
    cache = GenerationCache()
    first = generate(root, OPTIONS, "zh", CONTEXT, cache, REDACTED).pages
    assert "赵磊" in first["accounts/a.md"].markdown
    # the email (written zhao.lei&#64;example.com) is on the page but for redaction
    assert "zhao.lei" in generate(root, OPTIONS, "zh", CONTEXT).pages["accounts/a.md"].markdown
    assert "zhao.lei" not in first["accounts/a.md"].markdown
    path = root / "clients" / "b.yaml"
    path.write_text(with_email.replace("测试客户", "丙客户"), encoding="utf-8")
    os.utime(path, ns=(path.stat().st_mtime_ns + 10**9,) * 2)
    second = generate(root, OPTIONS, "zh", CONTEXT, cache, REDACTED).pages
    assert second["accounts/a.md"] is first["accounts/a.md"]
    assert second["accounts/b.md"] is not first["accounts/b.md"]
    assert "丙客户" in second["accounts/b.md"].markdown
    assert "zhao.lei" not in second["accounts/b.md"].markdown


def test_a_changed_pdf_option_renders_the_client_pages_again(handbook) -> None:
    """`pdf: true` toggled under `serve`: the client page links its brief's PDF at once."""
    root = handbook(clients={"a.yaml": MINIMAL_CLIENT}, industries={"fmcg.yaml": MINIMAL_INDUSTRY})
    cache = GenerationCache()
    link = brief_pdf("a")  # downloads/briefs/a.pdf
    assert link not in generate(root, OPTIONS, "zh", CONTEXT, cache).pages["accounts/a.md"].markdown
    with_pdf = dataclasses.replace(CONTEXT, pdf=True)
    page = generate(root, OPTIONS, "zh", with_pdf, cache).pages["accounts/a.md"].markdown
    assert page == generate(root, OPTIONS, "zh", with_pdf).pages["accounts/a.md"].markdown
    assert link in page
    again = generate(root, OPTIONS, "zh", CONTEXT, cache).pages["accounts/a.md"].markdown
    assert link not in again


def test_a_files_new_history_renders_only_its_own_pages_again(handbook) -> None:
    root = handbook(
        clients={"a.yaml": MINIMAL_CLIENT, "b.yaml": MINIMAL_CLIENT.replace("测试客户", "乙客户")},
        industries={"fmcg.yaml": MINIMAL_INDUSTRY},
    )
    cache = GenerationCache()
    known = dataclasses.replace(CONTEXT, history=RepoHistory(available=True))
    first = generate(root, OPTIONS, "zh", known, cache).pages
    b_edited = RepoHistory(available=True, files={"clients/b.yaml": FileHistory(uncommitted=True)})
    second = generate(root, OPTIONS, "zh", dataclasses.replace(known, history=b_edited), cache)
    assert second.pages["accounts/a.md"] is first["accounts/a.md"]
    assert second.pages["accounts/b.md"] is not first["accounts/b.md"]


CHANGED = {
    "today": dt.date(2027, 1, 1),
    "review_days": 30,
    "hand_written": frozenset({"norms.md"}),
    "site_url": "https://handbook.example/",
    "directory_urls": False,
    "editor": True,
    "pdf": True,
    "history": RepoHistory(available=True),  # git's history can be read now
    "repo_url": "https://git.example/agency/handbook",
}
"""A value other than ``CONTEXT``'s for each setting of the site the pages are rendered with."""
NOT_KEYS = {"source_url"}
"""A function, made anew by every build: not part of the key."""


@pytest.mark.parametrize(
    "name", [f.name for f in dataclasses.fields(SiteContext) if f.name not in NOT_KEYS]
)
def test_every_setting_of_the_site_renders_the_pages_again(handbook, name: str) -> None:
    """A setting added to ``SiteContext`` is part of the serve cache's key by itself."""
    assert name in CHANGED, f"a new SiteContext field: say here how {name!r} changes"
    root = handbook(clients={"a.yaml": MINIMAL_CLIENT}, industries={"fmcg.yaml": MINIMAL_INDUSTRY})
    cache = GenerationCache()
    first = generate(root, OPTIONS, "zh", CONTEXT, cache).pages
    changed = dataclasses.replace(CONTEXT, **{name: CHANGED[name]})
    assert getattr(changed, name) != getattr(CONTEXT, name)
    second = generate(root, OPTIONS, "zh", changed, cache).pages
    assert second["accounts/a.md"] is not first["accounts/a.md"]
    assert second["briefs/a.md"] is not first["briefs/a.md"]
