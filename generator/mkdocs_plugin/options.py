"""The plugin's options in ``mkdocs.yml``, as MkDocs ``config_options``.

MkDocs validates them when it loads the configuration and says each problem with the
option's path; the ``audiences`` option adds the line and column in ``mkdocs.yml``
(from the YAML parser's marks) and words its problems in the handbook's language.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig

from ..editor.config import HOSTS
from ..format.model import FormatValueError
from ..format.wording import LANGUAGES, Message, did_you_mean, language_of_locale, say
from ..reading.redaction import EVERYTHING, REDACTED, Audience

SEARCH_ENGINES = ("pagefind", "theme")
AUDIENCE_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
AUDIENCE_KEYS = ("personal_data", "confidential", "clients", "label")


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
    people = c.DictOfItems(c.Type(str), default={})
    """``playbook server``: each login nginx passes → how its commits name the person,
    ``陈静 <chen.jing@agency.example>`` (see the server guide)."""


class Audiences(c.BaseConfigOption[dict[str, Audience]]):
    """``audiences``: sites for different readers, by name, each saying whether it sees
    ``personal_data``, ``confidential`` clients, or only some ``clients``.

    Every problem is said in one run, located ``mkdocs.yml:line:col`` and worded in the
    handbook's language (MkDocs says it as the option's error and builds nothing).
    """

    def __init__(self) -> None:
        super().__init__()
        self.default: dict[str, Audience] = {}

    def run_validation(self, value: object) -> object:
        return {} if value is None else value  # read in post_validation: it needs the file

    def post_validation(self, config: base.Config, key_name: str) -> None:
        raw = config[key_name]
        if isinstance(raw, dict) and all(isinstance(v, Audience) for v in raw.values()):
            return  # already read (a configuration validated twice)
        located = _Located(config.config_file_path)
        audiences, problems = read_audiences(raw, located)
        if problems:
            language = messages_language(config, located.theme_language())
            raise c.ValidationError("\n" + "\n".join(p.text(language) for p in problems))
        config[key_name] = audiences


class PlaybookConfig(base.Config):
    language = c.Optional(c.Choice(LANGUAGES))
    """Language of generated labels; defaults to the theme's language."""
    messages = c.Optional(c.Choice(LANGUAGES))
    """Language of the messages people read (the build's stops, serve's log, the form's
    refusals); defaults to the handbook's. ``playbook … --lang`` sets it for one run."""
    clients_dir = c.Type(str, default="clients")
    industries_dir = c.Type(str, default="industries")
    templates_dir = c.Type(str, default="templates")
    redact = c.Type(bool, default=False)
    """Leave out personal data (email, phone, wechat, birthday) and confidential clients."""
    pdf = c.Type(bool, default=False)
    """The site offers the new colleague's pack and each client's brief as PDF downloads."""
    audiences = Audiences()
    """Sites for different readers, by name: ``playbook build`` writes each into
    ``site/<name>/`` (see :class:`Audiences`)."""
    audience = c.Optional(c.Type(str))
    """The audience this build is for (default: the first of ``audiences``); ``playbook
    build`` sets it for each audience in turn."""
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


def language_of_theme(theme_language: object) -> str:
    """The handbook language a theme language stands for (Material's ``zh-Hant`` → ``zh-Hant``,
    ``zh`` → ``zh``, anything else → ``en``)."""
    return language_of_locale(str(theme_language or "en"))


def handbook_language(option: str | None, config: MkDocsConfig) -> str:
    """The ``language`` option, else the one the theme's language stands for."""
    return option or language_of_theme(config.theme.get("language"))


def messages_language(options: base.Config | dict[str, Any], theme_language: object) -> str:
    """The ``messages`` option, else the handbook's language."""
    return options.get("messages") or options.get("language") or language_of_theme(theme_language)


def chosen_audience(options: base.Config) -> Audience | None:
    """The audience a build is for: ``redact``, else the ``audience`` named (``None`` when
    ``audiences`` has no such one), else the first of ``audiences``, else everything."""
    audiences: dict[str, Audience] = options["audiences"]
    if options["redact"]:
        return REDACTED
    if options["audience"] is not None:
        return audiences.get(options["audience"])
    return next(iter(audiences.values()), EVERYTHING)


class _Located:
    """Where a key of the playbook plugin's options stands in ``mkdocs.yml``: the YAML
    parser's own marks (``yaml.compose`` builds nodes without constructing tags, so MkDocs'
    ``!ENV`` and ``!!python/name`` values do not stop it)."""

    def __init__(self, config_file: str | None):
        self.name = Path(config_file).name if config_file else "mkdocs.yml"
        self._root: yaml.Node | None = None
        if config_file:
            try:
                self._root = yaml.compose(Path(config_file).read_text("utf-8"))
            except (OSError, UnicodeDecodeError, yaml.YAMLError):
                self._root = None

    def theme_language(self) -> object:
        node = _child(self._root, "theme")
        language = _child(node, "language")
        return language.value if isinstance(language, yaml.ScalarNode) else None

    def __call__(self, *keys: str) -> str:
        """``mkdocs.yml:line:col`` of the last of ``keys`` found below ``audiences:``."""
        node, found = self._options(), None
        for key in ("audiences", *keys):
            entry = _entry(node, key)
            if entry is None:
                break
            found, node = entry
        if found is None:
            return self.name
        return f"{self.name}:{found.start_mark.line + 1}:{found.start_mark.column + 1}"

    def _options(self) -> yaml.Node | None:
        plugins = _child(self._root, "plugins")
        if isinstance(plugins, yaml.SequenceNode):
            for item in plugins.value:
                options = _child(item, "playbook")
                if options is not None:
                    return options
        return _child(plugins, "playbook")


def _entry(node: yaml.Node | None, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    """The key's node and its value's node in the mapping ``node``, if it has ``key``."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
                return key_node, value
    return None


def _child(node: yaml.Node | None, key: str) -> yaml.Node | None:
    entry = _entry(node, key)
    return entry[1] if entry else None


def read_audiences(raw: object, located: _Located) -> tuple[dict[str, Audience], list[Message]]:
    """The ``audiences`` option as audiences by name, and what is wrong with it (every problem)."""
    if not isinstance(raw, dict):
        return {}, [say("audiences_not_mapping", where=located(), at="audiences")]
    audiences: dict[str, Audience] = {}
    problems: list[Message] = []

    def problem(kind: str, *keys: str, **values: object) -> None:
        at = ".".join(("audiences", *keys))
        problems.append(say(kind, where=located(*keys), at=at, **values))

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
            elif key == "label" and not (isinstance(value, str) and value.strip()):
                problem("audience_bad_label", name, str(key))
                wrong = True
            elif key not in ("clients", "label") and not isinstance(value, bool):
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
                label=settings["label"].strip() if "label" in settings else None,
            )
    return audiences, problems


def unknown_clients(
    audiences: dict[str, Audience], known: set[str], config_file: str | None
) -> list[Message]:
    """Clients an audience names that the handbook does not have."""
    located = _Located(config_file)
    return [
        say(
            "audience_unknown_client",
            where=located(name, "clients"),
            at=f"audiences.{name}.clients",
            client=client,
            hint=did_you_mean(client, known),
        )
        for name, audience in audiences.items()
        for client in audience.clients or ()
        if client not in known
    ]
