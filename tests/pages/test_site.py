"""Every generated page of one build: titles, descriptions, search, in a real strict build."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.reading.loader import load_handbook
from tests.conftest import (
    REPO,
    page_html,
    search_fragments,
)

SAMPLE = load_handbook(REPO)


def test_accounts_index_can_be_narrowed(sample_site: Path) -> None:
    page = page_html(sample_site, "accounts")
    assert '<div class="pb-filter" data-columns="1,2,3" data-all="全部"></div>' in page
    assert "assets/playbook/playbook.js" in page
    assert (sample_site / "assets/playbook/playbook.js").is_file()


@pytest.mark.parametrize(
    "alias, client_id",
    [
        ("DSB", "dingsheng-beverage"),
        ("Galaxy Tech", "xinghe-tech"),
        ("北风汽车", "boreas-motors"),
    ],
)
def test_search_index_knows_every_alias(sample_site: Path, alias: str, client_id: str) -> None:
    page = search_fragments(sample_site)[f"/accounts/{client_id}/"]
    assert alias in page["content"].replace("\u200b", "")
    assert "".join(alias.lower().split()) in page["meta"]["names"].split()


@pytest.mark.parametrize(
    "page",
    [
        "accounts",
        "industries",
        "lessons",
        "lessons/tags",
        "lessons/retrospectives",
        "lessons/by-industry/fmcg",
        "results",
        "results/by-tag",
        "people",
        "calendar",
        "health",
        "norms/accounts",
        "onboarding/first-week",
        "briefs/dingsheng-beverage",
        "accounts/dingsheng-beverage",
    ],
)
def test_every_generated_page_has_title_and_description(sample_site: Path, page: str) -> None:
    built = page_html(sample_site, page)
    title = re.search(r"<title>(.*?) - 青岚传播", built)
    assert title and title.group(1).strip()
    assert re.search(r'<meta name="description" content="[^"]+">', built)


def test_search_finds_clients_by_every_tail_of_their_names(sample_site: Path) -> None:
    """The browser cuts 北风汽车 where its dictionary says; each piece begins a tail."""
    names = search_fragments(sample_site)["/accounts/boreas-motors/"]["meta"]["names"].split()
    assert {"北风汽车", "风汽车", "汽车", "车", "boreas", "boreasmotors"} <= set(names)


def test_search_leads_to_client_pages_not_to_their_summaries(sample_site: Path) -> None:
    locations = set(search_fragments(sample_site))
    assert "/accounts/dingsheng-beverage/" in locations
    assert "/norms/" in locations  # hand-written pages are searched too
    assert "/calendar/" not in locations
    assert not any(location.startswith("/briefs/") for location in locations)
    assert (sample_site / "briefs/dingsheng-beverage/index.html").is_file()
