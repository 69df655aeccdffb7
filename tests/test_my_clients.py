"""The "my clients" choice in a real Chromium: a reader's clients, kept in their browser."""

from __future__ import annotations

import json
from pathlib import Path

from generator.pages.places import person_key
from tests.browsing import NEEDS_CHROMIUM, Visit, serve

pytestmark = NEEDS_CHROMIUM

KEY = "playbook-my-clients:/"
ROWS = "article tbody tr:has(td[data-client])"
SHOWN = "article tbody tr:has(td[data-client]):not(.pb-mine-hidden)"


def test_my_clients_narrow_the_accounts_and_survive_a_reload(browser, sample_site: Path) -> None:
    base, server = serve(sample_site)
    visit = Visit(browser, base)
    try:
        page = visit.open(f"team/{person_key('郑楠')}/")
        page.get_by_role("button", name="这是我:只看我的客户").click()
        page = visit.open("accounts/")
        total = page.locator(ROWS).count()
        shown = page.locator(SHOWN)
        assert sorted(shown.nth(i).inner_text().split("\t")[0] for i in range(shown.count())) == [
            "汇通银行",
            "青峰汽车",
        ]
        assert "只显示我的客户 (2) · 显示全部" in page.locator(".pb-mine-note").inner_text()
        page.reload(wait_until="networkidle")
        assert page.locator(SHOWN).count() == 2 < total
        # A client that no longer exists is dropped quietly; the page still narrows.
        stale = json.dumps({"clients": ["gone-client", "lvye-dairy"], "on": True})
        page.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY, stale])
        page.reload(wait_until="networkidle")
        assert page.locator(SHOWN).count() == 1
        assert json.loads(page.evaluate("k => localStorage.getItem(k)", KEY))["clients"] == [
            "lvye-dairy"
        ]
        # Undo with the keyboard: everything shows again, the choice is kept.
        page.locator(".pb-mine-note button").focus()
        page.keyboard.press("Enter")
        assert page.locator(SHOWN).count() == total
        # The picker lists every client, labelled; ticking one narrows at once.
        page.locator(".pb-mine-picker summary").click()
        page.get_by_label("星河科技").check()
        assert page.locator(SHOWN).count() == 2
        # The script makes no request of its own and throws nothing (others' 404s aside).
        thrown = [e for e in visit.problems() if not e.startswith("Failed to load resource")]
        assert thrown == [] and not [u for u in visit.failed if "my-clients" in u]
    finally:
        visit.close()
        server.shutdown()
