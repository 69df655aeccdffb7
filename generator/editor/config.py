"""The form editor (Decap CMS at ``admin/``): its configuration, derived from the model.

Every field of format 1 becomes a form widget here, with its label and hint in the
handbook's language, its requiredness and its pattern read from the model. Nothing in
this module is a second copy of the format: a field added to the model appears in the
form on the next build (and ``tests/test_editor.py`` fails if a type has no widget).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from enum import Enum
from typing import Any

import yaml
from pydantic import BaseModel

from ..format.fields import Field, Kind, Shape, UnknownType, fields_of
from ..format.labels import Translator, label_key
from ..format.model import (
    CURRENCY_PATTERN,
    DATE_PATTERN,
    MONTH_DAY_PATTERN,
    SLUG_PATTERN,
    URL_PATTERN,
    Client,
    Industry,
)

EDITOR_FOLDER = "admin"
API_PATH = "api/v1"
"""Where ``playbook serve`` answers the editor's local-backend protocol (under the site's root)."""
BUNDLE = "decap-cms.js"
FIELD_ORDER = "field-order.js"
DECAP_LOCALES = {"zh": "zh_Hans", "en": "en", "zh-Hant": "zh_Hant"}
"""Decap's own words (its buttons and notices) in the handbook's language."""
HOSTS = ("gitlab", "gitea", "github")

# Markdown fields get the editor's rich-text and raw modes, without its media shortcuts
# (the handbook stores no uploads).
_MARKDOWN = {
    "widget": "markdown",
    "buttons": [
        "bold",
        "italic",
        "link",
        "heading-three",
        "quote",
        "bulleted-list",
        "numbered-list",
    ],
    "editor_components": [],
    "modes": ["rich_text", "raw"],
}
_DATE = {"widget": "playbook-date"}
"""A date picker that stores the date as typed (``playbook-editor.js``): Decap's ``datetime``
parses each keystroke with dayjs, which reads the year ``0002`` typed on the way to 2027 as
1902, and the picker then starts again from there (2027 became 1907)."""
ID_FIELD = "playbook_id"
"""The form's field for a new entry's id (its file name); ``playbook-editor.js`` keeps it
out of the file it writes."""
FORMAT = "playbook-yaml"
"""The editor's file format: YAML as the loader reads it (``playbook-editor.js``)."""
_PATTERN_LABELS = {
    SLUG_PATTERN: label_key("editor_pattern_id"),
    MONTH_DAY_PATTERN: label_key("editor_pattern_month_day"),
    URL_PATTERN: label_key("editor_pattern_url"),
    CURRENCY_PATTERN: label_key("editor_pattern_currency"),
}


@dataclass(frozen=True)
class EditorHost:
    """The team's git host, from the plugin's ``editor`` options (see ``EditorConfig``)."""

    backend: str
    repo: str
    branch: str = "main"
    base_url: str | None = None
    api_root: str | None = None
    app_id: str | None = None
    auth_endpoint: str | None = None


def backend_config(host: EditorHost) -> dict[str, Any]:
    """Decap's ``backend`` section for a hosted handbook (saves become merge requests)."""
    backend: dict[str, Any] = {"name": host.backend, "repo": host.repo, "branch": host.branch}
    base = host.base_url.rstrip("/") if host.base_url else None
    if host.backend == "gitlab":
        # Self-hosted GitLab signs in with PKCE: an application id, no auth server.
        backend["auth_type"] = "pkce"
        if base:
            backend["base_url"] = base
            backend["api_root"] = host.api_root or f"{base}/api/v4"
        backend["auth_endpoint"] = host.auth_endpoint or "oauth/authorize"
    elif host.backend == "gitea":  # also Forgejo, which speaks Gitea's API
        if base:
            backend["base_url"] = base
            backend["api_root"] = host.api_root or f"{base}/api/v1"
        backend["auth_endpoint"] = host.auth_endpoint or "login/oauth/authorize"
    else:  # github: base_url is the team's OAuth client (GitHub has no PKCE sign-in)
        if base:
            backend["base_url"] = base
        if host.api_root:
            backend["api_root"] = host.api_root
        if host.auth_endpoint:
            backend["auth_endpoint"] = host.auth_endpoint
    if host.app_id:
        backend["app_id"] = host.app_id
    return backend


def _pattern(pattern: str, t: Translator) -> list[str]:
    return [pattern, t(_PATTERN_LABELS[pattern])]


def _summary(model: type[BaseModel]) -> str | None:
    """What a collapsed list item shows: its name, title or summary."""
    for key in ("name", "title", "summary", "goal"):
        if key in model.model_fields:
            return "{{fields." + key + "}}"
    return None


def _one(shape: Shape, t: Translator) -> dict[str, Any]:
    """The widget options for one value of ``shape`` (lists and parts aside)."""
    if shape.kind is Kind.markdown:
        return copy.deepcopy(_MARKDOWN)
    if shape.kind is Kind.text:
        if shape.pattern:
            return {"widget": "string", "pattern": _pattern(shape.pattern, t)}
        return {"widget": "string"}
    if shape.kind is Kind.date_or_month_day:
        either = f"^({DATE_PATTERN[1:-1]}|{MONTH_DAY_PATTERN[1:-1]})$"
        return {"widget": "string", "pattern": [either, t("editor_pattern_date_or_month_day")]}
    if shape.kind is Kind.choice and shape.choices is not None:
        return _select(shape.choices, t)
    if shape.kind is Kind.date:
        return dict(_DATE)
    if shape.kind is Kind.bool:
        return {"widget": "boolean"}  # no default: the key stays out until someone sets it
    if shape.kind is Kind.number:
        widget: dict[str, Any] = (
            {"widget": "number", "value_type": "int", "step": 1}
            if shape.whole
            else {"widget": "number", "value_type": "float", "step": 0.01}
        )
        if shape.minimum is not None:
            widget["min"] = shape.minimum
        return widget
    if shape.kind is Kind.constant:
        return {"widget": "hidden", "default": shape.constant}
    raise UnknownType(shape)


def _widget(field: Field, t: Translator, optional_part: bool = False) -> dict[str, Any]:
    """The widget options (without name, label, hint, required) for one field."""
    shape = field.shape
    if shape.kind is Kind.record and shape.record is not None:
        if shape.many:
            widget = {"widget": "list", "collapsed": True, "fields": _fields(shape.record, t)}
            summary = _summary(shape.record)
            if summary:
                widget["summary"] = summary
            return widget
        # Optional parts start folded; a required one (the team) shows its fields at once.
        folded = not field.required
        fields = _fields(shape.record, t, optional_part=optional_part or folded)
        return {"widget": "object", "collapsed": folded, "fields": fields}
    if not shape.many:
        return _one(shape, t)
    if shape.kind is Kind.choice:
        return {**_one(shape, t), "multiple": True}
    inner = _one(shape, t)
    if inner == {"widget": "string"}:
        # Short texts (aliases, taboos): one text box, one item per line.
        return {"widget": "playbook-lines"}
    return {
        "widget": "list",
        "collapsed": False,
        "field": {"name": "item", "label": t("editor_item"), **inner},
    }


def _select(enum: type[Enum], t: Translator) -> dict[str, Any]:
    return {
        "widget": "select",
        "options": [{"label": label, "value": value} for value, label in t.enum_options(enum)],
    }


def _joined(hint: str, more: str) -> str:
    return f"{hint} {more}".strip()


def _fields(
    model: type[BaseModel], t: Translator, optional_part: bool = False
) -> list[dict[str, Any]]:
    """The widgets of a model's fields.

    ``optional_part``: the model is an optional mapping (a project's budget). Decap checks
    the fields of a mapping even when it is left out, so they are optional in the form and
    their hint says they go together; the loader still refuses a budget without an amount.
    """
    fields = []
    for field in fields_of(model):
        name = field.name
        widget = _widget(field, t, optional_part)
        entry: dict[str, Any] = {"name": name, "label": t.field(model.__name__, name), **widget}
        hint = field.description(t.language)
        if widget.get("widget") == "playbook-lines":
            hint = _joined(hint, t("editor_lines_hint"))
        if hint:
            entry["hint"] = hint
        if not field.required:
            # Decap's default is "required": every optional field of the model says so.
            entry["required"] = False
        elif optional_part:
            entry["required"] = False
            entry["hint"] = _joined(hint, t("editor_required_in_part"))
        elif name == "id" and "name" in model.model_fields:
            # A contact's or project's id: made from its name when left empty (on save).
            entry["required"] = False
            entry["hint"] = _joined(hint, t("editor_item_id_hint"))
        if name == "industry" and model is Client:
            entry = {
                **{key: entry[key] for key in ("name", "label")},
                "hint": t("editor_industry_hint"),
                "widget": "relation",
                "collection": "industries",
                "value_field": "{{slug}}",
                "search_fields": ["name"],
                "display_fields": ["name"],
            }
        fields.append(entry)
    return fields


def _collection(
    name: str,
    folder: str,
    pages: str,
    model: type[BaseModel],
    t: Translator,
    **labels: object,
) -> dict[str, Any]:
    """A folder collection: one file per entry, its id (the file name) made from its name."""
    return {
        "name": name,
        **labels,
        "folder": folder,
        "extension": "yaml",
        "format": FORMAT,
        "create": True,
        "delete": True,
        "identifier_field": "name",
        "slug": "{{fields." + ID_FIELD + "}}",
        "summary": "{{name}}",
        "preview_path": pages + "/{{slug}}/",
        "fields": [
            {
                "name": ID_FIELD,
                "label": t.field(model.__name__, "id"),
                "widget": "playbook-id",
                "required": False,
                "hint": t("editor_id_hint"),
            },
            *_fields(model, t),
        ],
    }


def editor_config(
    language: str,
    *,
    clients_dir: str = "clients",
    industries_dir: str = "industries",
    host: EditorHost | None = None,
    local_api: str | None = None,
    site_url: str | None = None,
) -> dict[str, Any]:
    """Decap CMS's ``config.yml`` for this handbook.

    ``local_api`` (a root-relative URL) is set under ``playbook serve``: the editor then
    writes the working copy through the local backend. Otherwise ``host`` names the git
    host, and saves go through its editorial workflow (a merge request per change).
    """
    t = Translator(language)
    config: dict[str, Any] = {"locale": DECAP_LOCALES[language]}
    if local_api:
        config["backend"] = {"name": "proxy", "proxy_url": local_api, "branch": "main"}
    elif host:
        config["backend"] = backend_config(host)
        config["publish_mode"] = "editorial_workflow"
    if site_url:
        config["site_url"] = site_url
        config["display_url"] = site_url
    # Required by Decap; the handbook has no file or image fields, so nothing lands there.
    config["media_folder"] = f"{EDITOR_FOLDER}/uploads"
    config["slug"] = {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"}
    config["collections"] = [
        _collection(
            "clients",
            clients_dir,
            "accounts",
            Client,
            t,
            label=t("accounts"),
            label_singular=t("editor_client"),
            description=t("editor_clients_intro"),
            sortable_fields=["name", "tier", "status"],
        ),
        _collection(
            "industries",
            industries_dir,
            "industries",
            Industry,
            t,
            label=t("industries"),
            label_singular=t("industry"),
        ),
    ]
    return config


TEXT_KINDS = frozenset({Kind.text, Kind.markdown, Kind.date_or_month_day})
"""Kinds of value that are text in a file: where the loader takes a plain value as written."""


def text_paths(model: type[BaseModel], prefix: str = "") -> list[str]:
    """The key paths where the format wants text (``contacts.*.phone``; ``*`` is every item
    of a list), for the editor to read a file as the loader does: there, a plain value is
    its written text (``phone: 02161234567`` keeps its 0, ``0755`` and ``1e3`` stay as written).
    """
    paths = []
    for each in fields_of(model):
        path = prefix + each.name
        if each.shape.record is not None:
            paths += text_paths(each.shape.record, path + (".*." if each.shape.many else "."))
        elif each.shape.kind in TEXT_KINDS:
            paths.append(path + ".*" if each.shape.many else path)
    return paths


def field_order(model: type[BaseModel]) -> list[Any]:
    """The model's keys in order, with the order of nested parts: ``[[key, sub or None]]``.

    The editor writes keys in this order (the order of the format, as ``playbook new``
    writes them), so that a one-field change is a one-line change in a merge request.
    """
    return [
        [each.name, field_order(each.shape.record) if each.shape.record else None]
        for each in fields_of(model)
    ]


class _ConfigDumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def config_yaml(config: dict[str, Any]) -> str:
    """The configuration as YAML, as Decap reads it (no anchors: one block per field)."""
    header = "# Generated by Playbook from its model of the format; edits here are overwritten.\n"
    return header + yaml.dump(
        config, Dumper=_ConfigDumper, allow_unicode=True, sort_keys=False, width=100
    )
