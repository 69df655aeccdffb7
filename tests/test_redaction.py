"""Redacted builds: no personal data and no confidential client in any built file."""

from __future__ import annotations

import gzip
import html
from pathlib import Path

import pytest

from generator.loader import load_handbook
from generator.model import PERSONAL_FIELDS, Contact, DateKind
from tests.conftest import REPO, copy_sample, mkdocs_build_strict, run_cli

# Every field of a contact is either personal (left out of redacted builds) or public.
# A new field must be added to one of the two, or this module's first test fails.
PUBLIC_CONTACT_FIELDS = {"id", "name", "title", "role", "reports_to", "channels", "style", "notes"}


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


@pytest.fixture(scope="module")
def redacted_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_sample(tmp_path_factory.mktemp("redacted"))
    result = run_cli("build", "--root", str(root), "--redact")
    assert result.exit_code == 0, result.output
    return root / "site"


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
    assert "zhao.min@example.com" in values and "汇通银行" in values and "08-16" in values


def test_no_redacted_value_in_any_built_file(redacted_site: Path) -> None:
    values = redacted_values()
    leaks = [
        (name, value)
        for name, text in every_built_text(redacted_site).items()
        for value in values
        if value in text
    ]
    assert leaks == []


def test_unredacted_build_still_has_them(sample_site: Path) -> None:
    """The same search finds the values in a normal build, so it can fail."""
    texts = "\n".join(every_built_text(sample_site).values())
    assert "zhao.min@example.com" in texts and "汇通银行" in texts
    index = "\n".join(
        text for name, text in every_built_text(sample_site).items() if name.startswith("pagefind/")
    )
    assert "汇通银行" in index and "赵敏" in index  # the search index is read too


def test_redacted_search_index_exists(redacted_site: Path) -> None:
    assert list((redacted_site / "pagefind" / "fragment").glob("*.pf_fragment"))


def test_redacted_build_keeps_the_rest(redacted_site: Path) -> None:
    page = (redacted_site / "accounts" / "dingsheng-beverage" / "index.html").read_text("utf-8")
    assert "赵敏" in page and "市场中心总经理" in page
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
    assert "zhao.min@example.com" not in texts and "汇通银行" not in texts
