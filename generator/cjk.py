"""Kept at this path: exported mkdocs.yml files name it as a Markdown extension; the module is ``generator.search.cjk``."""

from __future__ import annotations

from generator.search.cjk import *  # noqa: F403
from generator.search.cjk import makeExtension  # noqa: F401
