"""Where the format's starting files live: `playbook new`'s commented files and the
examples the import template shows (``generator/scaffolds/``)."""

from __future__ import annotations

from pathlib import Path

SCAFFOLDS = Path(__file__).resolve().parents[1] / "scaffolds"
