"""What the server is doing, for the people who look after it: ``/<audience>/admin/status``
(a page) and ``/<audience>/admin/status.json`` (the same for monitoring): whether every
commit is on the remote (and if not, why, and which files), each site's last render, the
last full build, and what the start found."""

from __future__ import annotations

import dataclasses
from html import escape
from typing import Any

from .pushing import Pusher
from .saving import Recorder
from .sites import Sites
from .words import word


@dataclasses.dataclass
class StatusSources:
    """Where the status is read from."""

    recorder: Recorder
    sites: Sites | None
    pusher: Pusher | None
    notes: list[str]
    head: Any


def status(sources: StatusSources, language: str) -> dict[str, Any]:
    """The status as JSON."""
    pusher = sources.pusher
    if pusher is None:
        push: dict[str, Any] = {"state": "off", "said": word("push_off", language)}
    else:
        push = dataclasses.asdict(pusher.status)
        push["remote"] = pusher.remote
    sites = sources.sites
    return {
        "head": sources.head(),
        "commits": sources.recorder.commits,
        "push": push,
        "sites": {name: dataclasses.asdict(site.record) for name, site in sites.audiences.items()}
        if sites is not None
        else {},
        "full_build": {**dataclasses.asdict(sites.full.record), "builds": sites.full.builds}
        if sites is not None
        else None,
        "notes": sources.notes,
    }


def status_page(sources: StatusSources, language: str, site_name: str) -> str:
    """The status as a page."""
    found = status(sources, language)
    rows = []
    for name, record in found["sites"].items():
        if record["error"]:
            said = word("status_site_error", language, audience=name, error=record["error"])
        elif not record["when"]:
            said = word("status_site_waiting", language, audience=name)
        else:
            said = word(
                "status_site_row",
                language,
                audience=name,
                when=record["when"],
                seconds=record["seconds"],
                commit=record["commit"][:10],
            )
        rows.append(f"<li>{escape(said)}</li>")
    full = found["full_build"]
    if full is None:
        rows.append(f"<li>{escape(word('status_no_sites', language))}</li>")
    elif full["error"]:
        rows.append(
            f"<li>{escape(word('status_full_build_error', language, error=full['error']))}</li>"
        )
    elif full["when"]:
        said = word("status_full_build", language, when=full["when"], seconds=full["seconds"])
        rows.append(f"<li>{escape(said)}</li>")
    else:
        rows.append(f"<li>{escape(word('status_full_build_never', language))}</li>")
    notes = "".join(f"<li>{escape(note)}</li>" for note in found["notes"])
    title = word("status_title", language)
    lang = "zh-Hans" if language == "zh" else "en"
    return (
        f'<!doctype html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="robots" content="noindex">\n'
        f"<title>{escape(title)} · {escape(site_name)}</title>\n</head>\n<body>\n<main>\n"
        f"<h1>{escape(title)}</h1>\n"
        f"<h2>{escape(word('status_push', language))}</h2>\n"
        f"<p>{escape(found['push'].get('said', ''))}</p>\n"
        f"<h2>{escape(word('status_sites', language))}</h2>\n<ul>\n{''.join(rows)}\n</ul>\n"
        + (
            f"<h2>{escape(word('status_notes', language))}</h2>\n<ul>\n{notes}\n</ul>\n"
            if notes
            else ""
        )
        + "</main>\n</body>\n</html>\n"
    )
