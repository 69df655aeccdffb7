"""Redaction on the loaded handbook, before any page exists."""

from __future__ import annotations

from generator.format.model import PERSONAL_FIELDS, DateKind, Tier
from generator.reading.loader import load_handbook
from generator.reading.redaction import redact, redact_client
from tests.conftest import REPO

SAMPLE = load_handbook(REPO)


def test_personal_fields_and_birthdays_go_and_everything_else_stays() -> None:
    source = SAMPLE.clients["dingsheng-beverage"].data
    redacted = redact_client(source)
    assert any(getattr(c, f) for c in source.contacts for f in PERSONAL_FIELDS)
    for before, after in zip(source.contacts, redacted.contacts, strict=True):
        assert all(getattr(after, f) is None for f in PERSONAL_FIELDS)
        kept = before.model_dump(exclude=set(PERSONAL_FIELDS))
        assert after.model_dump(exclude=set(PERSONAL_FIELDS)) == kept
    assert [d for d in redacted.dates if d.kind is DateKind.birthday] == []
    assert [d for d in source.dates if d.kind is not DateKind.birthday] == redacted.dates
    assert redacted.projects == source.projects and redacted.lessons == source.lessons
    assert source.contacts[0].phone or source.contacts[0].email  # the source is untouched


def test_confidential_clients_are_left_out_and_industries_kept() -> None:
    confidential = {i for i, e in SAMPLE.clients.items() if e.data.confidential}
    assert confidential, "the sample has a confidential client"
    redacted = redact(SAMPLE)
    assert set(redacted.clients) == set(SAMPLE.clients) - confidential
    assert redacted.industries == SAMPLE.industries
    assert redacted.root == SAMPLE.root


def test_an_unchanged_client_gets_the_same_copy_under_serve() -> None:
    kept: dict = {}
    first, second = redact(SAMPLE, kept), redact(SAMPLE, kept)
    for client_id, entry in first.clients.items():
        assert second.clients[client_id].data is entry.data
    changed = SAMPLE.clients["dingsheng-beverage"].data.model_copy(update={"tier": Tier.B})
    clients = dict(SAMPLE.clients)
    clients["dingsheng-beverage"] = clients["dingsheng-beverage"].__class__(
        "dingsheng-beverage", SAMPLE.clients["dingsheng-beverage"].path, changed
    )
    third = redact(SAMPLE.__class__(SAMPLE.root, clients, dict(SAMPLE.industries)), kept)
    assert third.clients["dingsheng-beverage"].data is not first.clients["dingsheng-beverage"].data
    assert third.clients["dingsheng-beverage"].data.tier is Tier.B
