"""Kept at this path: exported mkdocs.yml files name it as a Markdown extension; the module is ``generator.pages.markdown_safety``."""

from __future__ import annotations

from generator.pages.markdown_safety import *  # noqa: F403
from generator.pages.markdown_safety import makeExtension  # noqa: F401
