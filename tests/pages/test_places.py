"""Where every page lives, and the links between them, in one place."""

from __future__ import annotations

import re

import pytest

from generator.pages import places
from generator.pages.views import BUILTIN_TEMPLATES


@pytest.mark.parametrize(
    ("here", "target", "anchor", "link"),
    [
        ("accounts/index.md", places.account("acme"), "", "acme.md"),
        ("briefs/acme.md", places.account("acme"), "contacts", "../accounts/acme.md#contacts"),
        ("lessons/by-industry/fmcg.md", places.industry("fmcg"), "", "../../industries/fmcg.md"),
        ("lessons/by-industry/fmcg.md", places.LESSONS_BY_TAG, "tag-1", "../tags.md#tag-1"),
        ("team/index.md", places.person("周航"), "", places.person("周航").removeprefix("team/")),
        (
            "accounts/acme.md",
            places.editor_entry("clients", "acme"),
            "",
            "../admin/index.html#/collections/clients/entries/acme",
        ),
    ],
)
def test_links_are_relative_to_the_page_they_are_on(here, target, anchor, link) -> None:
    assert places.link(here, target, anchor) == link


@pytest.mark.parametrize(
    ("page", "directory_urls", "address"),
    [
        ("accounts/acme.md", True, "accounts/acme/#x"),
        ("accounts/acme.md", False, "accounts/acme.html#x"),
        ("accounts/index.md", True, "accounts/#x"),
        ("accounts/index.md", False, "accounts/index.html#x"),
    ],
)
def test_addresses_follow_use_directory_urls(page, directory_urls, address) -> None:
    assert places.url(page, "x", directory_urls) == address


def test_a_name_without_latin_letters_still_gets_a_stable_page() -> None:
    assert places.person("周航") == places.person("周航")
    assert places.person("周航") != places.person("周杭")
    assert places.person("Anna Li").startswith("team/anna-li-")


def test_no_built_in_template_spells_a_page_path() -> None:
    spelled = re.compile(r"\]\((?!\{\{)[^)]*\.md|\.\./|\]\(\{\{ [\w.]+ \}\}\.md")
    for template in sorted(BUILTIN_TEMPLATES.glob("*.j2")):
        for number, line in enumerate(template.read_text("utf-8").splitlines(), 1):
            assert not spelled.search(line), f"{template.name}:{number}: {line.strip()}"
