"""Removing a key or a list item from a ruamel.yaml round-trip document, each comment kept
with the line it belongs to.

ruamel.yaml keeps the text between two lines of a block collection (the end-of-line comment
of the first, then full-line comments and blank lines) with the line *above*: on the
previous key or item (at its deepest last line when it is a collection), or, above the first
one, on the parent key's line. A plain ``del`` therefore takes the comments *above the next*
key or item with it and leaves those above the removed one in place. ``remove_key`` and
``remove_item`` remove one key or item with its comments instead, by this rule:

- the end-of-line comment on its last line goes with it (the ones on its other lines are
  inside it and go too);
- the full-line comments directly above it (the block that no blank line separates from it)
  describe it and go with it, also above the first one (under the parent key's line);
- everything else stays where it was in the text: the comments directly above the next key
  or item stay above it; a comment separated from the removed one by a blank line (a
  heading) stays; the comments after the last one (above what follows the collection)
  stay; so does the end-of-line comment of the line above;
- of the two runs of blank lines around the removed one, one stays: the one above it when it
  is the first, the one below it when it is the last, the longer one otherwise (a list whose
  items are separated by a blank line stays so).

This holds at any depth, for block collections. In flow collections (``[a, b]``) ruamel's
default is kept. The only entry of a collection is not removed (``ValueError``): ruamel
writes an emptied collection that had comments as text that is no longer YAML; remove the
key that holds it instead. After removing the first key of a mapping that is a list item, a
comment that was between its first and second keys is written on a line of its own under
the ``-`` (still YAML, the same data: ruamel has no other place for it).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from ruamel.yaml.comments import CommentedBase, CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString
from ruamel.yaml.tokens import CommentToken

Collection = CommentedMap | CommentedSeq

# ruamel's comment lists: a mapping's ``ca.items[key]`` is [after key, before key, after
# value, before value]; a sequence's ``ca.items[index]`` is [after item, before item]; a
# collection's ``ca.comment`` is [after its parent key's line, before its first entry].
_MAP_AFTER, _MAP_BEFORE = 2, 1
_SEQ_AFTER, _SEQ_BEFORE = 0, 1


def remove_key(mapping: CommentedMap, key: Hashable) -> None:
    """Remove ``key`` from ``mapping``, its comments with it, the others in place."""
    keys = list(mapping)
    if key not in mapping:
        raise KeyError(key)
    _remove(mapping, keys, keys.index(key))


def remove_item(sequence: CommentedSeq, index: int) -> None:
    """Remove item ``index`` from ``sequence``, its comments with it, the others in place."""
    count = len(sequence)
    if not -count <= index < count:
        raise IndexError(index)
    _remove(sequence, list(range(count)), index % count)


class _Piece:
    """One place ruamel keeps part of the text between two lines, read and written as text.

    The text between two lines is ``<end-of-line comment>\\n<line>\\n<line>\\n...``: the
    comment (or nothing) after the upper line's value, then whole lines (comments with their
    indentation, blank lines). ``after`` pieces hold such a text (a missing one: ``"\\n"``);
    ``before`` pieces hold whole lines only; ``block`` marks the text after a ``|`` or ``>``
    scalar, whose own line break the scalar writes.
    """

    def __init__(
        self,
        holder: Callable[[bool], list[Any] | None],
        index: int,
        *,
        after: bool,
        block: bool = False,
        shared: bool = False,
    ) -> None:
        self._holder = holder
        self._index = index
        self._after = after
        self._block = block
        self._shared = shared

    def _stored(self) -> Any:
        holder = self._holder(False)
        return holder[self._index] if holder is not None else None

    def text(self) -> str:
        stored = self._stored()
        if self._after:
            if stored is None:
                return "\n"
            return "\n" + _indented(stored) if self._block else stored.value
        return "".join(_indented(token) for token in stored or [])

    def set(self, text: str) -> None:
        stored = self._stored()
        if self._after:
            if self._block:
                if text == "\n":
                    if stored is not None:
                        self._store(None)
                else:
                    self._store(_token(text[1:]))
            elif stored is not None:
                stored.value = text  # in place: ruamel may share it with the parent
            elif text != "\n":
                self._store(_token(text))
        elif stored is not None and self._shared:
            # in place, as above; an empty list would make ruamel lose a line break, a
            # comment of no text writes nothing
            stored[:] = _tokens(text) or [_token("")]
        elif text or stored is not None:
            self._store(_tokens(text) or None)

    def _store(self, value: Any) -> None:
        holder = self._holder(True)
        assert holder is not None
        holder[self._index] = value


def _indented(token: CommentToken) -> str:
    """A token's text as it is written: from column 0."""
    value: str = token.value
    return value if value.startswith("\n") else " " * token.column + value


def _token(text: str) -> CommentToken:
    return CommentToken(text, CommentMark(0), None)


def _tokens(text: str) -> list[CommentToken]:
    return [_token(line + "\n") for line in _lines(text)]


def _lines(text: str) -> list[str]:
    lines = text.split("\n")
    return lines[:-1] if lines[-1] == "" else lines


def _is_comment(line: str) -> bool:
    return line.lstrip().startswith("#")


def _is_blank(line: str) -> bool:
    return not line.strip()


def _is_block(value: Any) -> bool:
    """Whether ``value`` is written as a block collection (its entries on lines of their own)."""
    return (
        isinstance(value, (CommentedMap, CommentedSeq))
        and len(value) > 0
        and value.fa.flow_style() is not True
    )


def _keys(collection: Collection) -> list[Any]:
    return (
        list(collection) if isinstance(collection, CommentedMap) else list(range(len(collection)))
    )


def _map_entry(mapping: CommentedMap, key: Hashable, create: bool) -> list[Any] | None:
    entry: list[Any] | None = mapping.ca.items.get(key)
    if entry is None and create:
        entry = [None, None, None, None]
        value = mapping[key]
        if isinstance(value, CommentedBase) and value.ca.comment:
            entry[2 : 2 + len(value.ca.comment[:2])] = value.ca.comment[:2]  # what ruamel uses
        mapping.ca.items[key] = entry
    if entry is not None and len(entry) < 4:
        entry.extend([None] * (4 - len(entry)))
    return entry


def _seq_entry(sequence: CommentedSeq, index: int, create: bool) -> list[Any] | None:
    entry: list[Any] | None = sequence.ca.items.get(index)
    if entry is None and create:
        entry = sequence.ca.items[index] = [None, None]
    if entry is not None and len(entry) < 2:
        entry.extend([None] * (2 - len(entry)))
    return entry


def _own_comment(value: Any, slot: int) -> list[Any] | None:
    """A list item's own ``ca.comment`` when it holds ``slot``: ruamel writes it over the list's."""
    if isinstance(value, CommentedBase) and value.ca.comment and len(value.ca.comment) > slot:
        comment: list[Any] = value.ca.comment
        if comment[slot] is not None:
            return comment
    return None


def _after(collection: Collection, key: Any) -> _Piece:
    """Where the text after entry ``key`` is kept (at its deepest last line)."""
    value = collection[key]
    if _is_block(value):
        return _after(value, _keys(value)[-1])
    block = isinstance(value, (LiteralScalarString, FoldedScalarString))
    if isinstance(collection, CommentedMap):
        return _Piece(
            lambda create: _map_entry(collection, key, create), _MAP_AFTER, after=True, block=block
        )
    own = _own_comment(value, 0)
    if own is not None:
        return _Piece(lambda create: own, 0, after=True, block=block)
    return _Piece(
        lambda create: _seq_entry(collection, key, create), _SEQ_AFTER, after=True, block=block
    )


def _before(collection: Collection, key: Any) -> _Piece:
    """Where lines written directly above entry ``key`` may be kept (besides the text after
    the line above)."""
    if isinstance(collection, CommentedMap):
        return _Piece(lambda create: _map_entry(collection, key, create), _MAP_BEFORE, after=False)
    own = _own_comment(collection[key], 1)
    if own is not None:
        return _Piece(lambda create: own, 1, after=False)
    return _Piece(lambda create: _seq_entry(collection, key, create), _SEQ_BEFORE, after=False)


def _head(collection: Collection) -> list[_Piece]:
    """Where the text between the parent key's line and the first entry is kept: in
    ``ca.comment``, which ruamel shares with the parent (so it is only changed in place)."""

    def comment(create: bool) -> list[Any] | None:
        held: list[Any] | None = collection.ca.comment
        return held

    return [_Piece(comment, 0, after=True), _Piece(comment, 1, after=False, shared=True)]


def _split(text: str) -> tuple[str, list[str]]:
    """``(end-of-line comment, lines)`` of the text between two lines."""
    first, _, rest = text.partition("\n")
    return first, _lines(rest)


def _join(end_of_line: str, lines: list[str]) -> str:
    return end_of_line + "\n" + "".join(line + "\n" for line in lines)


def _leading_blanks(lines: list[str]) -> int:
    count = 0
    while count < len(lines) and _is_blank(lines[count]):
        count += 1
    return count


def _remove(collection: Collection, keys: list[Any], i: int) -> None:
    if len(keys) == 1:
        raise ValueError(
            "the only entry of a collection: ruamel would write the emptied collection and "
            "its comments as text that is not YAML; remove the key that holds it instead"
        )
    key, first, last = keys[i], i == 0, i == len(keys) - 1
    above = _head(collection) if first else [_after(collection, keys[i - 1])]
    below = [_after(collection, key)] + ([] if last else [_before(collection, keys[i + 1])])

    # the text above it: what stays, its own comments (the last comment lines), blank lines
    end_of_line, lines = _split("".join(p.text() for p in [*above, _before(collection, key)]))
    own = len(lines)
    while own and _is_comment(lines[own - 1]):
        own -= 1
    blanks_above = _leading_blanks(lines[:own][::-1])
    kept = lines[: own - blanks_above]
    # the text below it: its end-of-line comment, blank lines, what stays
    _, lines = _split("".join(p.text() for p in below))
    blanks_below = _leading_blanks(lines)
    if first:
        blanks = blanks_above
    elif last:
        blanks = blanks_below
    else:
        blanks = max(blanks_above, blanks_below)
    moved = [""] * blanks + lines[blanks_below:]

    # what stays above is a prefix of what was there: shorten the places that keep it (what
    # was kept on the removed one itself moves down with the rest)
    remaining = _join(end_of_line, kept)
    for piece in above:
        text = piece.text()
        if len(remaining) >= len(text):
            remaining = remaining[len(text) :]
        else:
            piece.set(remaining)
            remaining = ""
    moved = _lines(remaining) + moved

    del collection[key]  # a sequence renumbers the comments of the items below
    if isinstance(collection, CommentedMap):
        collection.ca.items.pop(key, None)
    text = "".join(line + "\n" for line in moved)
    if last:  # after the entry now last
        piece = _after(collection, keys[i - 1])
        piece.set(piece.text() + text)
    else:  # directly above the next entry
        _before(collection, keys[i + 1] if isinstance(collection, CommentedMap) else i).set(text)
