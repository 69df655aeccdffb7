"""The "my clients" block: lets a reader narrow the lists to the clients they chose.

A static site has no login, so the choice is kept in the reader's browser (``localStorage``)
by ``assets/playbook/my-clients.js``. The pages that list clients (accounts, health,
results, calendar) carry this block: the clients that exist (a stored choice naming one
that no longer does drops it) and the words the script shows, in the handbook's language.
Rows and items of those lists carry ``data-client="<id>"``; the script hides the others.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Mapping


def block(names: Mapping[str, str], t: Callable[..., str]) -> str:
    """The HTML block (one line, so that Markdown passes it through as it is)."""
    known = json.dumps(sorted(names.items(), key=lambda pair: pair[1]), ensure_ascii=False)
    words = {
        "only": t("my_clients_only", count="{count}"),
        "all": t("my_clients_show_all"),
        "mine": t("my_clients_show_mine", count="{count}"),
        "pick": t("my_clients_pick"),
        "hint": t("my_clients_pick_hint"),
        "clear": t("my_clients_clear"),
    }
    attributes = " ".join(
        f'data-{key}="{html.escape(value)}"' for key, value in {"known": known, **words}.items()
    )
    return f'<div class="pb-mine" {attributes}></div>'
