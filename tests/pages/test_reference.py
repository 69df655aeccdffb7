"""The format reference is generated from the model: every field, both languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.format.model import Client, Industry
from generator.pages.reference import sections
from tests.format.test_model import all_models


@pytest.mark.parametrize("language", ["zh", "en"])
def test_every_field_is_in_the_reference_with_meaning_and_example(language: str) -> None:
    listed = {(s.model, row.key): row for s in sections(language) for row in s.rows}
    for root in (Client, Industry):
        for model in all_models(root):
            for name in model.model_fields:
                row = listed.get((model, name))
                assert row is not None, f"{model.__name__}.{name} is missing from the reference"
                assert row.meaning, f"{model.__name__}.{name} has no {language} meaning"
                assert row.example, f"{model.__name__}.{name} has no example"
                assert row.type


def test_allowed_values_and_requiredness_come_from_the_model() -> None:
    rows = {(s.model.__name__, r.key): r for s in sections("en") for r in s.rows}
    assert rows[("Client", "tier")].allowed == ("A", "B", "C") and rows[("Client", "tier")].required
    assert rows[("Contact", "birthday")].type == 'yearly date "MM-DD"'
    assert not rows[("Client", "since")].required
    assert rows[("Contact", "role")].allowed[0] == "decision_maker"


def test_the_sample_site_has_the_reference_page(sample_site: Path) -> None:
    page = (sample_site / "playbook/format/index.html").read_text("utf-8")
    for key in ("taboos", "reports_to", "response_time_hours", "retrospective", "pitfalls"):
        assert f"<code>{key}</code>" in page
    assert "绝对不能做或说的事" in page  # the Chinese description of taboos


@pytest.mark.parametrize(
    "language, heading, words",
    [
        ("zh", "编辑与发布", ["看懂检查结果", "playbook new client", "不含个人信息的网站"]),
        (
            "en",
            "Editing and publishing",
            ["Reading what the check says", "playbook new client", "a site without it"],
        ),
    ],
)
def test_the_editing_guide_follows_the_language(handbook, language, heading, words) -> None:
    from tests.conftest import MINIMAL_CLIENT, MINIMAL_INDUSTRY, page_text, run_cli

    root = handbook(
        clients={"a.yaml": MINIMAL_CLIENT},
        industries={"fmcg.yaml": MINIMAL_INDUSTRY},
        language=language,
    )
    assert run_cli("build", "--root", str(root)).exit_code == 0
    text = page_text((root / "site/playbook/editing/index.html").read_text("utf-8"))
    assert text.startswith(heading)
    assert all(word in text for word in words)
    reference = page_text((root / "site/playbook/format/index.html").read_text("utf-8"))
    assert ("What must never be done or said." in reference) == (language == "en")
    # both reached from the navigation that Playbook builds when mkdocs.yml has none
    home = (root / "site/index.html").read_text("utf-8")
    assert 'href="playbook/editing/"' in home and 'href="playbook/format/"' in home


def test_a_hand_written_guide_wins(handbook) -> None:
    from tests.conftest import MINIMAL_CLIENT, MINIMAL_INDUSTRY, run_cli

    root = handbook(clients={"a.yaml": MINIMAL_CLIENT}, industries={"fmcg.yaml": MINIMAL_INDUSTRY})
    (root / "docs/playbook").mkdir()
    (root / "docs/playbook/editing.md").write_text("# Our own guide\n", encoding="utf-8")
    assert run_cli("build", "--root", str(root)).exit_code == 0
    assert "Our own guide" in (root / "site/playbook/editing/index.html").read_text("utf-8")
