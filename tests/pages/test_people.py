"""The people directory, in a real strict build of the sample."""

from __future__ import annotations

import re
from pathlib import Path

from generator.reading.loader import load_handbook
from tests.conftest import (
    REPO,
    page_html,
)

SAMPLE = load_handbook(REPO)


def test_people_directory_lists_every_contact(sample_site: Path) -> None:
    page = page_html(sample_site, "people")
    contacts = [(e.id, c) for e in SAMPLE.clients.values() for c in e.data.contacts]
    assert len(re.findall(r"<tr>", page)) == len(contacts) + 1
    for client_id, contact in contacts:
        assert f'href="../accounts/{client_id}/#contact-{contact.id}"' in page
    assert "jiang.siqi@example.com" not in page  # a directory of roles, not of addresses
