"""A Python-Markdown extension that runs Playbook's HTML safety pass on every page.

The MkDocs plugin defuses generated pages itself (``on_page_content``). A handbook
exported with ``playbook render --out`` is built without the plugin — by plain MkDocs
or by Zensical — so the exported ``mkdocs.yml`` lists this extension instead::

    markdown_extensions:
      - generator.pages.markdown_safety
"""

from __future__ import annotations

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

from .text import neutralize_html

# After Python-Markdown puts raw HTML back (its RawHtmlPostprocessor runs at 30).
PRIORITY = 5


class NeutralizeHtml(Postprocessor):
    """Unsafe link targets, images from other origins and event handlers lose their effect."""

    def run(self, text: str) -> str:
        return neutralize_html(text)


class MarkdownSafetyExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.postprocessors.register(NeutralizeHtml(md), "playbook_safety", PRIORITY)


def makeExtension(**kwargs: object) -> MarkdownSafetyExtension:
    return MarkdownSafetyExtension(**kwargs)
