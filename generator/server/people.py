"""Who is saving: the ``X-Remote-User`` login nginx passes, believed only from the proxy's
addresses, and ``editor.people`` of ``mkdocs.yml``, which maps a login to how commits
name the person (``chen.jing: 陈静 <chen.jing@agency.example>``).

The map is read with MkDocs' own configuration loading, the plugin's options as MkDocs
validated them, and read again when ``mkdocs.yml`` changes: adding a person needs no
restart. The option itself is declared with the plugin's others (``mkdocs_plugin/options.py``).
"""

from __future__ import annotations

import ipaddress
import logging
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.exceptions import ConfigurationError, MkDocsException

from .git import Signature

log = logging.getLogger("playbook.server")

REMOTE_USER = "HTTP_X_REMOTE_USER"
"""``X-Remote-User`` in the WSGI environment (waitress drops any header spelt with ``_``)."""
LOOPBACK = ("127.0.0.0/8", "::1/128")
"""Where the proxy is by default: nginx on the same machine."""
_PERSON = re.compile(r"^\s*(?P<name>[^<>]*?\S)\s*<(?P<email>[^<>\s]+@[^<>\s]+)>\s*$")

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class Person:
    """A login of ``editor.people`` and how its commits name the person."""

    login: str
    signature: Signature


def parse_person(login: str, value: object) -> Person | None:
    """``陈静 <chen.jing@agency.example>`` as a person (``None``: not written that way)."""
    match = _PERSON.match(value) if isinstance(value, str) else None
    if match is None:
        return None
    return Person(login, Signature(match["name"], match["email"]))


class PeopleProblem(Exception):
    """An entry of ``editor.people`` that is not ``Name <email>``."""

    def __init__(self, login: str, value: object) -> None:
        super().__init__(f"editor.people.{login}: {value!r}")
        self.login = login
        self.value = value


def read_people(config_file: Path) -> dict[str, Person]:
    """``editor.people`` of the ``playbook`` plugin in ``config_file``, checked."""
    config = load_config(config_file=str(config_file))
    plugin = config.plugins.get("playbook")
    editor = plugin.config.get("editor") if plugin is not None else None
    raw = editor.get("people") if editor is not None else None
    people: dict[str, Person] = {}
    for login, value in (raw or {}).items():
        person = parse_person(str(login), value)
        if person is None:
            raise PeopleProblem(str(login), value)
        people[str(login)] = person
    return people


class People:
    """``editor.people``, read again when ``mkdocs.yml`` changes (a broken edit of the file
    keeps the list as it was, and says why in the log)."""

    def __init__(self, config_file: Path) -> None:
        self.config_file = config_file
        self._lock = threading.Lock()
        self._stamp = self._stamp_now()
        self._people = read_people(config_file)

    def _stamp_now(self) -> tuple[int, int]:
        stat = self.config_file.stat()
        return (stat.st_mtime_ns, stat.st_size)

    def __len__(self) -> int:
        return len(self._people)

    def get(self, login: str) -> Person | None:
        """The person ``login`` stands for, or ``None`` if not listed."""
        with self._lock:
            try:
                stamp = self._stamp_now()
            except OSError:
                stamp = self._stamp
            if stamp != self._stamp:
                self._stamp = stamp
                try:
                    self._people = read_people(self.config_file)
                except (PeopleProblem, ConfigurationError, MkDocsException) as exc:
                    log.error("mkdocs.yml changed but cannot be read (%s): people unchanged", exc)
            return self._people.get(login)


def trusted_networks(values: Iterable[str]) -> tuple[Network, ...]:
    """The proxy's addresses (``127.0.0.1``, ``10.0.0.0/24``, ``::1``), as networks;
    raises ``ValueError`` naming a value that is none."""
    networks = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(value.strip(), strict=False))
        except ValueError:
            raise ValueError(value) from None
    return tuple(networks)


def from_proxy(address: str, networks: tuple[Network, ...]) -> bool:
    """Whether the peer ``address`` (``REMOTE_ADDR``) is one of the proxy's."""
    try:
        peer = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(peer, ipaddress.IPv6Address) and peer.ipv4_mapped is not None:
        peer = peer.ipv4_mapped
    return any(peer in network for network in networks)
