"""The plugin's options in ``mkdocs.yml``, and the two the CLI reads before a build."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig

from ..editor.config import HOSTS
from ..format.model import FormatValueError
from ..format.wording import Message, did_you_mean, say
from ..reading.redaction import Audience

SEARCH_ENGINES = ("pagefind", "theme")


class EditorConfig(base.Config):
    """The form editor at ``admin/`` (see the editing guide)."""

    enabled = c.Type(bool, default=True)
    backend = c.Optional(c.Choice(HOSTS))
    """The team's git host: gitlab, gitea (also Forgejo) or github. Unset: edit locally only."""
    repo = c.Optional(c.Type(str))
    """The handbook's repository on that host, e.g. ``account-team/handbook``."""
    branch = c.Type(str, default="main")
    base_url = c.Optional(c.Type(str))
    """The host's address, e.g. ``https://git.agency.example`` (GitHub: the OAuth client)."""
    api_root = c.Optional(c.Type(str))
    app_id = c.Optional(c.Type(str))
    """The OAuth application id (GitLab: an application with PKCE, no secret)."""
    auth_endpoint = c.Optional(c.Type(str))


class PlaybookConfig(base.Config):
    language = c.Optional(c.Choice(("zh", "en")))
    """Language of generated labels; defaults to the theme's language (zh or en)."""
    clients_dir = c.Type(str, default="clients")
    industries_dir = c.Type(str, default="industries")
    templates_dir = c.Type(str, default="templates")
    redact = c.Type(bool, default=False)
    """Leave out personal data (email, phone, wechat, birthday) and confidential clients."""
    pdf = c.Type(bool, default=False)
    """The site offers the new colleague's pack and each client's brief as PDF downloads."""
    audiences = c.Type(dict, default={})
    """Sites for different readers, by name: ``playbook build`` writes each into
    ``site/<name>/``; each says whether it sees ``personal_data``, ``confidential``
    clients, or only some ``clients``. See :func:`read_audiences`."""
    offline = c.Type(bool, default=True)
    """The site must load nothing from other origins: web fonts are turned off."""
    review_days = c.Type(int, default=90)
    """A profile not reviewed for longer than this shows on the health page."""
    today = c.Optional(c.Type(str))
    """The day health is checked against (YYYY-MM-DD); default: the day of the build."""
    editor = c.SubConfig(EditorConfig)
    search = c.Choice(SEARCH_ENGINES, default="pagefind")
    """``pagefind``: Playbook indexes the built site with Pagefind (a chunked index: fast at
    any size, Chinese segmented); list no ``search`` plugin then. ``theme``: the theme's
    own search plugin (one index of the whole site, loaded on every page)."""


def parse_today(option: str | None) -> dt.date:
    """The day the handbook is checked against: the ``today`` option if given, else the day
    of ``SOURCE_DATE_EPOCH`` (the reproducible-builds variable MkDocs also reads for the
    sitemap's dates), else the real today."""
    if not option:
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        if epoch:
            try:
                return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
            except (ValueError, OverflowError, OSError):
                raise FormatValueError(say("bad_epoch", value=epoch)) from None
        return dt.date.today()
    try:
        return dt.date.fromisoformat(option)
    except ValueError:
        raise FormatValueError(say("bad_today", value=option)) from None


def handbook_language(option: str | None, config: MkDocsConfig) -> str:
    if option:
        return option
    theme_language = str(config.theme.get("language") or "en")
    return "zh" if theme_language.lower().startswith("zh") else "en"


AUDIENCE_VARIABLE = "PLAYBOOK_AUDIENCE"
"""Names the audience a plain ``mkdocs build`` is for (default: the first one listed)."""
AUDIENCE_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
AUDIENCE_KEYS = ("personal_data", "confidential", "clients")


def _where(config_file: str | None, *keys: str) -> str:
    """``mkdocs.yml:line:col`` of the last of ``keys`` found in turn below ``audiences:``."""
    name = Path(config_file).name if config_file else "mkdocs.yml"
    try:
        lines = Path(config_file).read_text("utf-8").splitlines() if config_file else []
    except OSError:
        lines = []
    found, start = None, 0
    for key in ("audiences", *keys):
        pattern = re.compile(rf"^(\s*(?:-\s*)?|.*[{{,]\s*)({re.escape(key)})\s*:")
        for number in range(start, len(lines)):
            match = pattern.match(lines[number])
            if match:
                found, start = (number + 1, match.start(2) + 1), number
                break
        else:
            break
    return f"{name}:{found[0]}:{found[1]}" if found else name


def read_audiences(
    raw: object, config_file: str | None
) -> tuple[dict[str, Audience], list[Message]]:
    """The ``audiences`` option as audiences by name, and what is wrong with it (every problem)."""
    if not isinstance(raw, dict):
        return {}, [say("audiences_not_mapping", where=_where(config_file), at="audiences")]
    audiences: dict[str, Audience] = {}
    problems: list[Message] = []

    def problem(kind: str, *keys: str, **values: object) -> None:
        """A problem at ``audiences.<keys>``, located in the file (read only when one is found)."""
        at = ".".join(("audiences", *keys))
        problems.append(say(kind, where=_where(config_file, *keys), at=at, **values))

    for name, settings in raw.items():
        if not isinstance(name, str) or not AUDIENCE_NAME.match(name):
            problem("audience_bad_name", str(name))
            continue
        if settings is None:
            settings = {}
        if not isinstance(settings, dict):
            problem("audiences_not_mapping", name)
            continue
        wrong = False
        for key, value in settings.items():
            if key not in AUDIENCE_KEYS:
                hint = did_you_mean(key, AUDIENCE_KEYS)
                problem("audience_unknown_key", name, str(key), key=key, hint=hint)
                wrong = True
            elif key != "clients" and not isinstance(value, bool):
                problem("audience_not_bool", name, str(key), value=str(value))
                wrong = True
            elif key == "clients" and not (
                isinstance(value, list) and all(isinstance(v, str) for v in value)
            ):
                problem("audience_bad_clients", name, str(key))
                wrong = True
        if not wrong:
            clients = settings.get("clients")
            audiences[name] = Audience(
                personal_data=settings.get("personal_data", True),
                confidential=settings.get("confidential", True),
                clients=tuple(clients) if clients is not None else None,
            )
    return audiences, problems


def unknown_clients(
    audiences: dict[str, Audience], known: set[str], config_file: str | None
) -> list[Message]:
    """Clients an audience names that the handbook does not have."""
    return [
        say(
            "audience_unknown_client",
            where=_where(config_file, name, "clients"),
            at=f"audiences.{name}.clients",
            client=client,
            hint=did_you_mean(client, known),
        )
        for name, audience in audiences.items()
        for client in audience.clients or ()
        if client not in known
    ]
