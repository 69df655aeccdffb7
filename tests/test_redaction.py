"""Redacted builds: no personal data and no confidential client in any built file."""

from __future__ import annotations

import datetime as dt
import gzip
import html
import json
from pathlib import Path

import pytest

from generator.format.model import PERSONAL_FIELDS, Contact, DateKind
from generator.pages.glance import next_yearly
from generator.reading.loader import load_handbook
from tests.conftest import REPO, TODAY, copy_sample, mkdocs_build_strict, run_cli, set_today

# Every field of a contact is either personal (left out of redacted builds) or public.
# A new field must be added to one of the two, or this module's first test fails.
PUBLIC_CONTACT_FIELDS = {
    "id",
    "name",
    "title",
    "role",
    "reports_to",
    "channels",
    "left",
    "style",
    "notes",
}


def test_every_contact_field_is_classified() -> None:
    assert set(Contact.model_fields) == PERSONAL_FIELDS | PUBLIC_CONTACT_FIELDS
    assert not PERSONAL_FIELDS & PUBLIC_CONTACT_FIELDS


def redacted_values() -> set[str]:
    """Every personal value, and every text of every confidential client, in the sample."""
    handbook = load_handbook(REPO)
    values: set[str] = set()
    for entry in handbook.clients.values():
        client = entry.data
        for contact in client.contacts:
            values |= {str(getattr(contact, f)) for f in PERSONAL_FIELDS if getattr(contact, f)}
        values |= {d.title for d in client.dates if d.kind is DateKind.birthday}
        if client.confidential:
            values |= {client.name, *client.aliases, entry.id}
            values |= {c.name for c in client.contacts} | {p.name for p in client.projects}
            values |= {lesson.title for lesson in client.lessons}
            if client.preferences:
                values |= set(client.preferences.taboos)
    return values


def build_redacted(root: Path, today: str = TODAY) -> Path:
    copy_sample(root)
    set_today(root, today)
    result = run_cli("build", "--root", str(root), "--redact")
    assert result.exit_code == 0, result.output
    return root / "site"


@pytest.fixture(scope="module")
def redacted_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_redacted(tmp_path_factory.mktemp("redacted"))


def care_days(year: int) -> list[str]:
    """Each day of ``year`` on which a care date of the sample falls (birthdays included)."""
    days = set()
    for entry in load_handbook(REPO).clients.values():
        for date in entry.data.dates:
            day = (
                date.date
                if isinstance(date.date, dt.date)
                else next_yearly(date.date, dt.date(year, 1, 1))
            )
            if day is not None and day.year == year:
                days.add(day.isoformat())
        for contact in entry.data.contacts:
            if contact.birthday:
                days.add(f"{year}-{contact.birthday}")
    return sorted(days)


def every_built_text(site: Path) -> dict[str, str]:
    texts = {}
    for path in site.rglob("*"):
        if path.is_file():
            raw = path.read_bytes()
            if path.suffix == ".gz" or path.suffix.startswith(".pf_"):  # Pagefind's index
                raw = gzip.decompress(raw)
            text = raw.decode("utf-8", errors="ignore")
            # as a reader (or a search) would see it: `&#64;` is "@", and Pagefind keeps
            # zero-width spaces between the words it cut
            texts[str(path.relative_to(site))] = html.unescape(text).replace("\u200b", "")
    return texts


def test_sample_has_values_to_redact() -> None:
    values = redacted_values()
    assert "jiang.siqi@example.com" in values and "汇通银行" in values and "08-16" in values


def leaks(site: Path, today: str) -> list[tuple[str, str]]:
    """Each (file, value) where a redacted value shows in a built file.

    The build shows its own day ("as of 2026-11-30", the sitemap's dates); on a day that
    equals a birthday, that date is the build's, not the birthday: it is taken out before
    looking, and nothing else is.
    """
    values = redacted_values()
    found = []
    for name, text in every_built_text(site).items():
        text = text.replace(today, "").replace(today.replace("-", ""), "")
        found += [(name, value) for value in values if value in text]
    return found


def test_no_redacted_value_in_any_built_file(redacted_site: Path) -> None:
    assert leaks(redacted_site, TODAY) == []


# Each sample care date (three are birthdays), a year's last day, a leap day: the pages
# show the build day and count days to the next dates, so these are the days they differ.
BUILD_DAYS = sorted({*care_days(2026), "2026-12-31", "2028-02-29"})


def test_build_days_cover_the_sample_birthdays() -> None:
    assert {"2026-03-09", "2026-08-16", "2026-11-30"} <= set(BUILD_DAYS)


@pytest.mark.parametrize("today", BUILD_DAYS)
def test_redacted_on_chosen_days(tmp_path: Path, today: str) -> None:
    site = build_redacted(tmp_path / "handbook", today)
    assert leaks(site, today) == []
    home = (site / "index.html").read_text("utf-8")
    assert today in home  # the upcoming list says which day it was built for
    upcoming = json.loads((site / "calendar/upcoming/index.json").read_text("utf-8"))
    assert upcoming["built"] == today
    for data in (site / "calendar/upcoming").glob("*.json"):
        assert "生日" not in data.read_text("utf-8")


def test_unredacted_build_still_has_them(sample_site: Path) -> None:
    """The same search finds the values in a normal build, so it can fail."""
    texts = "\n".join(every_built_text(sample_site).values())
    assert "jiang.siqi@example.com" in texts and "汇通银行" in texts
    index = "\n".join(
        text for name, text in every_built_text(sample_site).items() if name.startswith("pagefind/")
    )
    assert "汇通银行" in index and "蒋思琪" in index  # the search index is read too


def test_redacted_search_index_exists(redacted_site: Path) -> None:
    assert list((redacted_site / "pagefind" / "fragment").glob("*.pf_fragment"))


def test_redacted_build_keeps_the_rest(redacted_site: Path) -> None:
    page = (redacted_site / "accounts" / "dingsheng-beverage" / "index.html").read_text("utf-8")
    assert "蒋思琪" in page and "市场中心总经理" in page
    assert not (redacted_site / "accounts" / "huitong-bank").exists()


def test_plugin_option_redacts_plain_mkdocs_builds(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "sample")
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace(
            "      language: zh\n", "      language: zh\n      redact: true\n"
        ),
        encoding="utf-8",
    )
    result = mkdocs_build_strict(root)
    assert result.returncode == 0, result.stderr
    texts = "\n".join(every_built_text(root / "site").values())
    assert "jiang.siqi@example.com" not in texts and "汇通银行" not in texts
