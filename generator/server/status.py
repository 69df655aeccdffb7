"""What the server is doing, for the people who look after it: ``/<audience>/admin/status``
(a page) and ``/<audience>/admin/status.json`` (the same for monitoring): whether every
commit is on the remote (and if not, why, and which files), each site's last render, the
last full build, and what the start found."""

from __future__ import annotations

import dataclasses
from html import escape
from typing import Any

from ..format.wording import html_lang, say
from .pushing import Pusher
from .saving import Recorder
from .sites import Sites


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
        push: dict[str, Any] = {"state": "off", "said": say("server_push_off").text(language)}
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
            said = say("server_status_site_error", audience=name, error=record["error"]).text(
                language
            )
        elif not record["when"]:
            said = say("server_status_site_waiting", audience=name).text(language)
        else:
            said = say(
                "server_status_site_row",
                audience=name,
                when=record["when"],
                seconds=record["seconds"],
                commit=record["commit"][:10],
            ).text(language)
        rows.append(f"<li>{escape(said)}</li>")
    full = found["full_build"]
    if full is None:
        said = say("server_status_no_sites").text(language)
    elif full["error"]:
        said = say("server_status_full_build_error", error=full["error"]).text(language)
    elif full["when"]:
        said = say("server_status_full_build", when=full["when"], seconds=full["seconds"]).text(
            language
        )
    else:
        said = say("server_status_full_build_never").text(language)
    rows.append(f"<li>{escape(said)}</li>")
    notes = "".join(f"<li>{escape(note)}</li>" for note in found["notes"])
    title = escape(say("server_status_title").text(language))
    pushing = escape(say("server_status_push").text(language))
    sites = escape(say("server_status_sites").text(language))
    noted = escape(say("server_status_notes").text(language))
    return (
        f'<!doctype html>\n<html lang="{html_lang(language)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="robots" content="noindex">\n'
        f"<title>{title} · {escape(site_name)}</title>\n</head>\n<body>\n<main>\n"
        f"<h1>{title}</h1>\n"
        f"<h2>{pushing}</h2>\n"
        f"<p>{escape(found['push'].get('said', ''))}</p>\n"
        f"<h2>{sites}</h2>\n<ul>\n{''.join(rows)}\n</ul>\n"
        + (f"<h2>{noted}</h2>\n<ul>\n{notes}\n</ul>\n" if notes else "")
        + "</main>\n</body>\n</html>\n"
    )
