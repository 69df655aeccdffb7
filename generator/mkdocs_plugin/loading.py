"""The handbook's MkDocs configuration, loaded by MkDocs with the choices of a command
given as the `playbook` plugin's options (for the command line and the team server)."""

from __future__ import annotations

import copy
import logging
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError
from mkdocs.utils.yaml import yaml_load


class ConfigRefused(Exception):
    """MkDocs refused the configuration; the message says every problem it found."""


class _ConfigErrors(logging.Filter):
    """Keeps the errors MkDocs logs while it validates a configuration (each option's
    problem, with its path), so that the command says them once, as its own stop."""

    def __init__(self) -> None:
        super().__init__()
        self.errors: list[str] = []

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.ERROR:
            self.errors.append(record.getMessage())
            return False
        return True


def handbook_config(
    config_file: Path, options: dict[str, object] | None = None, **overrides: object
) -> MkDocsConfig:
    """The handbook's MkDocs configuration; ``options`` are given to the `playbook` plugin
    as if ``mkdocs.yml`` said them (how a command passes its choices to a build). Raises
    :class:`ConfigRefused` with what MkDocs found wrong."""
    if options:
        overrides["plugins"] = with_playbook_options(config_file, options)
    errors = _ConfigErrors()
    logger = logging.getLogger("mkdocs.config")
    logger.addFilter(errors)
    try:
        return load_config(config_file=str(config_file), **overrides)
    except ConfigurationError as exc:
        raise ConfigRefused(f"{config_file}: {exc}") from None
    except Abort as exc:
        raise ConfigRefused("\n".join(errors.errors) or f"{config_file}: {exc.message}") from None
    finally:
        logger.removeFilter(errors)


class _Plugins(dict[str, object]):
    """``plugins`` by name, read afresh each time MkDocs reads them: MkDocs changes a
    plugin's options as it takes them (``enabled``), and ``serve`` loads the configuration
    again on every rebuild."""

    def items(self):  # type: ignore[override]
        return [(name, copy.deepcopy(options)) for name, options in super().items()]


def with_playbook_options(config_file: Path, options: dict[str, object]) -> dict[str, object]:
    """``mkdocs.yml``'s ``plugins``, read as MkDocs reads them (``INHERIT``, ``!ENV``), with
    ``options`` added to the `playbook` plugin's."""
    with config_file.open("rb") as source:
        raw = yaml_load(source) or {}
    plugins = raw.get("plugins") if isinstance(raw, dict) else None
    named: dict[str, object] = {}
    if isinstance(plugins, dict):
        named.update(plugins)
    else:
        for item in plugins or []:
            if isinstance(item, dict):
                named.update(item)
            else:
                named[str(item)] = {}
    named["playbook"] = {**(named.get("playbook") or {}), **options}  # type: ignore[dict-item]
    return _Plugins(named)
