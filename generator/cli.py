"""Kept at this path: `python -m generator.cli …` runs the command line; the module is ``generator.hosts.cli``."""

from __future__ import annotations

import sys

from generator.hosts.cli import main

__all__ = ["main"]

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
