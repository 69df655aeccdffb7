"""Looking after the catalogs: reviewing them side by side, finding the keys the code uses,
and deriving Traditional Chinese from Simplified.

``python -m generator.format.catalog_tools table [TEXT]``
    every key with its zh, en and zh-Hant text, one row each (``--tsv`` for a spreadsheet);
    ``TEXT`` keeps the rows whose key or texts contain it.
``python -m generator.format.catalog_tools check``
    keys the code uses that a catalog lacks, and catalog keys nothing uses.
``python -m generator.format.catalog_tools convert``
    rewrites the zh-Hant catalog, guides and scaffolds from the zh ones: OpenCC's ``s2tw``
    (Taiwan's standard characters, no regional vocabulary), then the reviewed corrections of
    ``locales/zh_Hant/reviewed.txt``. Needs ``opencc`` (in the ``test`` extra).

Keys are found by Babel's extractor: in Python the calls of ``t``/``label_key`` (labels) and
``say``/``count_message``/``message_key`` (messages); in templates ``t("key")`` and
``label.key``; in the editor's scripts ``label("key")``. Field, choice, description and
example keys are the model's own (``Model.field``, ``Enum.value``) and are checked against it.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import escape, read_po

from .catalogs import (
    CHOICE,
    CONTEXTS,
    DESCRIPTION,
    EXAMPLE,
    FIELD,
    LABEL,
    LOCALES,
    MESSAGE,
    catalog_path,
    locale_name,
)
from .wording import LANGUAGES

PACKAGE = LOCALES.parent
TEMPLATES = PACKAGE.parent / "templates"
if not TEMPLATES.is_dir():  # an installed package keeps them inside
    TEMPLATES = PACKAGE / "_templates"
GUIDES = PACKAGE / "guides"
SCAFFOLDS = PACKAGE / "scaffolds"
REVIEWED = LOCALES / "zh_Hant" / "reviewed.txt"
OPENCC_CONFIG = "s2tw"

PLURAL_FORMS = {"zh": "nplurals=1; plural=0;", "zh-Hant": "nplurals=1; plural=0;"}
"""Each catalog's ``Plural-Forms`` (English's is gettext's default)."""
DEFAULT_PLURAL_FORMS = "nplurals=2; plural=(n != 1);"

KEYWORDS = {
    LABEL: {"t": None, "label_key": None, "label": None},
    # ``problem``: the audiences' helper in mkdocs_plugin/options.py, ``say`` with a place
    MESSAGE: {"say": None, "count_message": None, "message_key": None, "problem": None},
}


@dataclass
class Entry:
    """One key of a catalog: its texts (one per plural form) and its comments."""

    context: str
    key: str
    texts: tuple[str, ...]
    plural: bool = False
    comments: tuple[str, ...] = ()


def read_entries(language: str) -> list[Entry]:
    """The entries of a catalog, in its order."""
    with catalog_path(language).open("rb") as file:
        po = read_po(file, abort_invalid=True)
    entries = []
    for message in po:
        if not message.id:
            continue
        plural = isinstance(message.id, tuple)
        key = message.id[0] if plural else message.id
        texts = tuple(message.string) if plural else (message.string,)
        entries.append(
            Entry(message.context or LABEL, key, texts, plural, tuple(message.user_comments))
        )
    return entries


def po_text(language: str, header: Iterable[str], entries: Iterable[Entry]) -> str:
    """A catalog file: our header, then each entry (its texts on one line each)."""
    lines = [f"# {line}".rstrip() for line in header]
    lines += ['msgid ""', 'msgstr ""']
    for field in (
        f"Language: {locale_name(language)}",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=UTF-8",
        "Content-Transfer-Encoding: 8bit",
        f"Plural-Forms: {PLURAL_FORMS.get(language, DEFAULT_PLURAL_FORMS)}",
    ):
        lines.append(escape(field + "\n"))
    for entry in entries:
        lines.append("")
        lines += [f"# {comment}".rstrip() for comment in entry.comments]
        if entry.context:
            lines.append(f"msgctxt {escape(entry.context)}")
        lines.append(f"msgid {escape(entry.key)}")
        if entry.plural:
            lines.append(f"msgid_plural {escape(entry.key)}")
            lines += [f"msgstr[{i}] {escape(text)}" for i, text in enumerate(entry.texts)]
        else:
            lines.append(f"msgstr {escape(entry.texts[0])}")
    return "\n".join(lines) + "\n"


# --- keys the code uses ----------------------------------------------------------------------


def extract_jinja(
    fileobj: Any, keywords: dict[str, Any], comment_tags: Any, options: dict[str, Any]
) -> Iterator[tuple[int, str, str, list[str]]]:
    """Babel extraction method for templates: ``t("key", …)`` and ``label.key``."""
    import jinja2
    from jinja2 import nodes

    source = fileobj.read().decode("utf-8")
    tree = jinja2.Environment(trim_blocks=True, lstrip_blocks=True).parse(source)
    for node in tree.find_all((nodes.Call, nodes.Getattr)):
        name = getattr(node.node, "name", None) if isinstance(node.node, nodes.Name) else None
        if name not in keywords:
            continue
        if isinstance(node, nodes.Getattr):
            yield node.lineno, name, node.attr, []
        elif (
            node.args
            and isinstance(node.args[0], nodes.Const)
            and isinstance(node.args[0].value, str)
        ):
            yield node.lineno, name, node.args[0].value, []


def used_keys(context: str) -> dict[str, list[str]]:
    """The keys of ``context`` (labels or messages) written in the code, templates and
    scripts, each with where (``path:line``)."""
    keywords = KEYWORDS[context]
    found: dict[str, list[str]] = {}
    places: list[tuple[Path, list[tuple[str, Any]]]] = [
        (PACKAGE, [("**.py", "python")]),
        (TEMPLATES, [("**.j2", extract_jinja)]),
    ]
    if context == LABEL:
        places.append((PACKAGE / "assets", [("playbook*.js", "javascript")]))
    for folder, methods in places:
        for filename, line, key, _, _ in extract_from_dir(
            str(folder), methods, {}, keywords, (), None, False
        ):
            path = (folder / filename).relative_to(PACKAGE.parent)
            found.setdefault(str(key), []).append(f"{path}:{line}")
    return found


def model_keys() -> dict[str, set[str]]:
    """The keys the model gives the other contexts: every field, every allowed value."""
    from .fields import all_models, fields_of

    fields: set[str] = set()
    choices: set[str] = set()
    for model in all_models():
        for each in fields_of(model):
            fields.add(f"{model.__name__}.{each.name}")
            if each.shape.choices is not None:
                choices |= {f"{each.shape.choices.__name__}.{m.value}" for m in each.shape.choices}
    # a file's id is its name, not a field: the form and the sheets still label it
    ids = {f"{root}.id" for root in ("Client", "Industry")}
    return {FIELD: fields | ids, CHOICE: choices, DESCRIPTION: fields, EXAMPLE: fields}


def unused_and_missing(language: str = "en") -> tuple[list[str], list[str]]:
    """``(catalog keys nothing uses, keys used that the catalog lacks)``, as
    ``context:key`` (with where, for the missing ones)."""
    from .fields import all_models, fields_of

    entries = read_entries(language)
    have = {(entry.context, entry.key) for entry in entries}
    unused, missing = [], []
    for context in (LABEL, MESSAGE):
        used = used_keys(context)
        if context == LABEL:  # a field without a form label of its own is named by its page label
            for model in all_models():
                for each in fields_of(model):
                    if (FIELD, f"{model.__name__}.{each.name}") not in have:
                        used.setdefault(each.name, []).append(f"the field {model.__name__}")
        missing += [
            f"{context or 'label'}:{key} ({', '.join(where)})"
            for key, where in sorted(used.items())
            if (context, key) not in have
        ]
        unused += [
            f"{context or 'label'}:{key}"
            for c, key in sorted(have)
            if c == context and key not in used
        ]
    for context, keys in model_keys().items():
        unused += [
            f"{context}:{key}" for c, key in sorted(have) if c == context and key not in keys
        ]
        if context in (CHOICE, DESCRIPTION):  # every field is described, every value labelled
            missing += [f"{context}:{key}" for key in sorted(keys) if (context, key) not in have]
    return unused, missing


# --- Traditional Chinese -----------------------------------------------------------------------


def reviewed_corrections() -> list[tuple[str, str]]:
    """``(OpenCC's text, ours)`` from ``reviewed.txt``, in order: ``旧 → 新  # why``."""
    corrections = []
    for line in REVIEWED.read_text("utf-8").splitlines():
        text = line.split("#", 1)[0].strip()
        if text:
            before, after = (part.strip() for part in text.split("→"))
            corrections.append((before, after))
    return corrections


def converter() -> Any:
    """Simplified → Traditional: OpenCC, then the reviewed corrections."""
    import opencc

    opencc_converter = opencc.OpenCC(OPENCC_CONFIG)
    corrections = reviewed_corrections()

    def convert(text: str) -> str:
        text = opencc_converter.convert(text)
        for before, after in corrections:
            text = text.replace(before, after)
        return text

    return convert


def traditional_files() -> list[tuple[Path, Path]]:
    """``(zh file, its zh-Hant file)``: the guides and the scaffolds."""
    pairs = [
        (path, GUIDES / "zh-Hant" / path.name) for path in sorted((GUIDES / "zh").glob("*.md"))
    ]
    for path in sorted(SCAFFOLDS.glob("*.zh.*")):
        pairs.append((path, path.with_name(path.name.replace(".zh.", ".zh-Hant.", 1))))
    handbook = SCAFFOLDS / "handbook"  # `playbook init`'s starting files, one folder a language
    for path in sorted(p for p in (handbook / "zh").rglob("*") if p.is_file()):
        pairs.append((path, handbook / "zh-Hant" / path.relative_to(handbook / "zh")))
    return pairs


def traditional_catalog(convert: Any) -> str:
    entries = read_entries("zh")
    converted = [
        Entry(e.context, e.key, tuple(convert(text) for text in e.texts), e.plural, e.comments)
        for e in entries
    ]
    header = [
        "Playbook's words in Traditional Chinese (zh-Hant), derived from zh: do not edit.",
        "python -m generator.format.catalog_tools convert rewrites it (OpenCC s2tw, then the",
        "reviewed corrections in reviewed.txt beside this file).",
    ]
    return po_text("zh-Hant", header, converted)


def convert_all() -> list[Path]:
    """Rewrite every zh-Hant file from its zh file; returns the files that changed."""
    convert = converter()
    outputs = [(catalog_path("zh-Hant"), traditional_catalog(convert))]
    outputs += [
        (target, convert(source.read_text("utf-8"))) for source, target in traditional_files()
    ]
    changed = []
    for target, text in outputs:
        if not target.is_file() or target.read_text("utf-8") != text:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            changed.append(target)
    return changed


# --- side by side --------------------------------------------------------------------------


def side_by_side(contains: str = "") -> list[list[str]]:
    """Rows ``context, key, zh, en, zh-Hant`` (plural forms joined by `` | ``)."""
    by_language = {language: read_entries(language) for language in LANGUAGES}
    texts = {
        language: {(e.context, e.key): " | ".join(e.texts) for e in entries}
        for language, entries in by_language.items()
    }
    order = sorted(by_language["zh"], key=lambda e: CONTEXTS.index(e.context))
    rows = []
    for entry in order:
        row = [entry.context or "label", entry.key]
        row += [texts[language].get((entry.context, entry.key), "—") for language in LANGUAGES]
        if contains.lower() in " ".join(row).lower():
            rows.append(row)
    return rows


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    command = args.pop(0) if args else "table"
    out = io.StringIO()
    if command == "table":
        tsv = "--tsv" in args
        words = [arg for arg in args if arg != "--tsv"]
        header = ["context", "key", *LANGUAGES]
        for row in [header, *side_by_side(" ".join(words))]:
            if tsv:
                out.write("\t".join(cell.replace("\t", " ") for cell in row) + "\n")
            else:
                out.write("| " + " | ".join(c.replace("|", "\\|") for c in row) + " |\n")
                if row is header:
                    out.write("|" + "---|" * len(row) + "\n")
    elif command == "check":
        unused, missing = unused_and_missing()
        for line in missing:
            out.write(f"missing: {line}\n")
        for line in unused:
            out.write(f"unused: {line}\n")
        sys.stdout.write(out.getvalue())
        return 1 if unused or missing else 0
    elif command == "convert":
        for path in convert_all():
            out.write(f"rewrote {path.relative_to(PACKAGE.parent)}\n")
    else:
        sys.stderr.write(__doc__ or "")
        return 2
    sys.stdout.write(out.getvalue())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
