"""Every problem a person reads, worded in the handbook's language.

A problem is found once, as a :class:`Message`: a kind (a key of the catalogs' ``message``
context, see ``catalogs.py``) and the values to fill in. It is worded only when shown, in
the reader's language, so ``playbook check``, the build, the form editor and the
spreadsheet import say the same thing in the same words. Values that need wording
themselves (what was found, a list of allowed values, a did-you-mean, a field's label) are
messages, :class:`Choices` or :class:`Localized` too.

Chinese texts speak to an account manager: fields are named as the form labels them,
and no text asks them to think in "keys", "mappings" or "YAML".
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .catalogs import LABEL, MESSAGE, catalog

LANGUAGES = ("zh", "en", "zh-Hant")
"""The handbook's languages, each with its catalog: Simplified Chinese, English and
Traditional Chinese (for agencies with Hong Kong or Taipei offices)."""

SOURCE_LANGUAGE = "en"
"""The catalog a key is looked up in to know that it exists (every catalog has every key)."""


def is_chinese(language: str) -> bool:
    """Whether ``language`` is written in Chinese (Simplified or Traditional)."""
    return language.startswith("zh")


def html_lang(language: str) -> str:
    """The language tag of a page in ``language``: ``zh-Hans``, ``en``, ``zh-Hant``."""
    return "zh-Hans" if language == "zh" else language


def language_of_locale(name: str) -> str:
    """The handbook language of a theme language or a system locale: ``zh-Hant``, ``zh_TW``,
    ``zh-HK`` → ``zh-Hant``; ``zh``, ``zh_CN.UTF-8`` → ``zh``; anything else ``en``."""
    name = name.split(".")[0].replace("_", "-").lower()
    if not is_chinese(name):
        return "en"
    parts = name.split("-")[1:]
    return "zh-Hant" if {"hant", "tw", "hk", "mo"} & set(parts) else "zh"


def message_key(key: str) -> str:
    """Marks a message kind kept for later (``say(kind)``), so that extraction finds it."""
    return key


def _worded(value: Any, language: str) -> Any:
    return value.text(language) if isinstance(value, Message | Choices | Localized) else value


@dataclass(frozen=True)
class Term:
    """A word of the catalogs, worded when shown: ``key`` in ``context`` (a label, a
    field's or an allowed value's label), then ``suffix`` (an item's number, `` 2``). With
    ``context`` ``None`` the key is shown as written (a key that is not in the format)."""

    key: str
    context: str | None = LABEL
    suffix: str = ""

    def text(self, language: str) -> str:
        word = self.key if self.context is None else catalog(language).text(self.key, self.context)
        return word + self.suffix


@dataclass(frozen=True)
class Localized:
    """Words in the reader's language: terms joined by `` › `` (``联系人 2 › 决策角色``)."""

    terms: tuple[Term, ...]

    @classmethod
    def of(cls, key: str, context: str | None = LABEL) -> Localized:
        return cls((Term(key, context),))

    def text(self, language: str) -> str:
        return " › ".join(term.text(language) for term in self.terms)


@dataclass(frozen=True)
class Choices:
    """Allowed values, worded with their labels: ``决策者(decision_maker)、影响者(…) 或 …``."""

    values: tuple[str, ...]
    labels: tuple[Localized, ...] = ()
    """The label of each value, in the same order; none where the value is its own label."""

    def text(self, language: str) -> str:
        shown = []
        for i, value in enumerate(self.values):
            label = self.labels[i].text(language) if i < len(self.labels) else value
            if label == value:
                shown.append(say("choice_plain", value=value).text(language))
            else:
                shown.append(say("choice_labelled", value=value, label=label).text(language))
        if len(shown) <= 1:
            return "".join(shown)
        first = catalog(language).text("list_sep").join(shown[:-1])
        return say("choices_or", first=first, last=shown[-1]).text(language)


@functools.total_ordering
@dataclass(frozen=True)
class Message:
    """One thing to tell a person, not yet worded: a kind of the catalogs and its values."""

    kind: str
    values: tuple[tuple[str, Any], ...] = ()

    def text(self, language: str = "en") -> str:
        """The message in ``language``; values that are messages are worded in it too.

        A kind with plural forms takes the form of its ``count`` value."""
        values = dict(self.values)
        template = catalog(language).form(self.kind, MESSAGE, values.get("count"))
        return template.format(**{key: _worded(value, language) for key, value in values.items()})

    def __str__(self) -> str:
        return self.text("en")

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Message):
            return NotImplemented
        return (self.kind, repr(self.values)) < (other.kind, repr(other.values))

    def get(self, key: str, default: Any = None) -> Any:
        return dict(self.values).get(key, default)


def say(kind: str, **values: Any) -> Message:
    """A message of ``kind`` with ``values`` (checked to be a known kind at once)."""
    if not catalog(SOURCE_LANGUAGE).has(kind, MESSAGE):
        raise KeyError(f"no message kind {kind!r}")
    return Message(kind, tuple(values.items()))


def count_message(kind: str, count: int) -> Message:
    """A summary line in its plural form: ``3 problems found.`` / ``发现 3 个问题。``."""
    return say(kind, count=count)


def did_you_mean(
    word: object, candidates: Iterable[str], labels: Mapping[str, Localized] | None = None
) -> Message | str:
    """A did-you-mean hint when a candidate is close to ``word``, else ``""``."""
    matches = difflib.get_close_matches(str(word), sorted(set(candidates)), n=1, cutoff=0.6)
    if not matches:
        return ""
    if labels and matches[0] in labels:
        return say("did_you_mean_label", word=matches[0], label=labels[matches[0]])
    return say("did_you_mean", word=matches[0])
