"""The plugin's options in ``mkdocs.yml``, and the two the CLI reads before a build."""

from __future__ import annotations

import datetime as dt
import os

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig

from ..editor.config import HOSTS
from ..format.model import FormatValueError
from ..format.wording import say

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
                return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
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
