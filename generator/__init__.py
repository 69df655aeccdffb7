"""Playbook: an agency account team's handbook, generated from client YAML files."""

from __future__ import annotations

__version__ = "0.1.0"
