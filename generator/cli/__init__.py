"""The ``playbook`` command: the commands that read and build (``commands.py``), the ones
that write the handbook's files (``file_commands.py``), and what they share (``support.py``)."""

from __future__ import annotations

from .commands import main

__all__ = ["main"]
