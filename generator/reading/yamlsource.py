"""Reading one YAML file safely, keeping enough to point at any value in it.

Good files take the fast path: libyaml's parser (``CSafeLoader``) builds the node
graph once, a cheap walk checks it (duplicate keys, alias bombs, nesting), and
the safe constructor turns it into plain Python values. Only when something is
wrong do we look up line and column numbers, by walking the same node graph
along a field path.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import yaml

from ..format.wording import Message, message_key, say
from .problems import Loc

try:  # libyaml is nearly always there; the pure-Python parser is the fallback.
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader

MAX_NODES = 50_000
"""A file expanding to more values than this (through aliases) is refused."""
MAX_DEPTH = 40
"""Nesting deeper than this is refused; the format needs at most six levels."""


class SourceProblem(Exception):
    """The file cannot be read as YAML; ``line``/``column`` are 1-based."""

    def __init__(
        self, message: Message, line: int | None = None, column: int | None = None, loc: Loc = ()
    ):
        super().__init__(message.text("en"))
        self.message = message
        self.line = line
        self.column = column
        self.loc = loc


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Safe loader that refuses duplicate keys and locates impossible dates (2026-02-30)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        pairs = node.value[:]  # as written: merge keys (<<) are flattened in by super()
        mapping = super().construct_mapping(node, deep)
        if len(mapping) != len(pairs):  # fewer keys than pairs: one repeats (or a << merge)
            self._refuse_repeated_keys(pairs)
        return mapping

    @staticmethod
    def _refuse_repeated_keys(pairs: list[tuple[yaml.Node, yaml.Node]]) -> None:
        seen: dict[object, yaml.Node] = {}
        for key_node, _value in pairs:
            if isinstance(key_node, yaml.ScalarNode):
                first = seen.setdefault(key_node.value, key_node)
                if first is not key_node:
                    raise SourceProblem(
                        say(
                            "repeated_field",
                            name=key_node.value,
                            first=first.start_mark.line + 1,
                        ),
                        *_mark(key_node.start_mark),
                    )

    def construct_yaml_timestamp(self, node: yaml.Node) -> dt.date | dt.datetime:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as exc:
            raise SourceProblem(
                say("not_a_real_date", value=node.value, detail=str(exc)),
                *_mark(node.start_mark),
            ) from None


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)

# Plain values are read as YAML 1.2 reads them (its core schema), not as YAML 1.1 did:
# `no`, `yes`, `on`, `off` are text, not booleans (only true and false are); `10:00` is
# text, not the number 600; `0755` is 755, not the octal 493. PyYAML knows only 1.1, so
# its booleans, integers and floats are swapped for the 1.2 ones here; null and dates stay.
_BOOL_12 = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT_12 = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT_12 = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
_REPLACED = {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in _REPLACED]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", _BOOL_12, list("tTfF"))
_Loader.add_implicit_resolver("tag:yaml.org,2002:int", _INT_12, list("-+0123456789"))
_Loader.add_implicit_resolver("tag:yaml.org,2002:float", _FLOAT_12, list("-+.0123456789"))


def _construct_int_12(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    text = str(loader.construct_scalar(node))
    if text.startswith(("0o", "0x")):
        return int(text[2:], 8 if text[1] == "o" else 16)
    return int(text, 10)  # a leading zero is just a zero: 0755 is 755


_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int_12)


def plain_reads_as_text(value: str) -> bool:
    """Whether ``value`` written without quotes is read back as this text (not ``true``, a
    number, a date or nothing): where a writer must quote it."""
    return _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) == "tag:yaml.org,2002:str"


class _Resolver(yaml.resolver.Resolver):
    yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers


_RESOLVER = _Resolver()


_LIKELY_ENCODINGS = (("gb18030", message_key("encoding_gbk")), ("utf-16", None))
"""Encodings a file that is not UTF-8 may be in, each with the message that names it (else
its own name)."""


def decode(raw: bytes) -> str:
    """Bytes to text; anything but UTF-8 is a located problem naming the likely encoding."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        guess: Message | str = ""
        for encoding, kind in _LIKELY_ENCODINGS:
            try:
                raw.decode(encoding)
            except UnicodeDecodeError:
                continue
            guess = say("looks_like", encoding=say(kind) if kind else encoding.upper())
            break
        raise SourceProblem(
            say("not_utf8", byte=f"{raw[exc.start]:02x}", guess=guess), line, column
        ) from None


def _mark(mark: yaml.Mark | None) -> tuple[int | None, int | None]:
    if mark is None:
        return None, None
    return mark.line + 1, mark.column + 1


_LONG_LINE = re.compile(r"[^\n]{1000}")
_ANCHOR = re.compile(r"(?:^|[\s\[\]{},:])&[^\s\[\]{},]")
"""Where an anchor (``&name``) could start: after a space, a line start or a flow sign.

"R&D", "A & B" and URLs with ``&`` are not anchors; without an anchor there is no
alias, so most files skip the alias check."""


def _check_depth(text: str) -> None:
    """Refuse absurd nesting before the composer, which recurses in C, ever sees it.

    Only texts that could nest deeply (many brackets or very long lines) are read
    as events here; libyaml's event parser keeps an explicit stack, so this is safe.
    """
    if text.count("[") + text.count("{") < 200 and not _LONG_LINE.search(text):
        return
    depth = 0
    for event in yaml.parse(text, Loader=_BaseLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise SourceProblem(
                    say("nested_too_deep", depth=MAX_DEPTH), *_mark(event.start_mark)
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _check_aliases(root: yaml.Node) -> None:
    """Refuse alias bombs (and recursive aliases): values that expand beyond reason."""
    sizes: dict[int, int] = {}

    def size(node: yaml.Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        sizes[key] = MAX_NODES + 1  # a node met again while still being walked is recursive
        total = 1
        children = (
            [part for pair in node.value for part in pair]
            if isinstance(node, yaml.MappingNode)
            else node.value
            if isinstance(node, yaml.SequenceNode)
            else []
        )
        for child in children:
            total += size(child)
            if total > MAX_NODES:
                raise SourceProblem(
                    say("aliases_too_big", limit=f"{MAX_NODES:,}"), *_mark(node.start_mark)
                )
        sizes[key] = total
        return total

    size(root)


@dataclass
class YamlDocument:
    """A parsed file: its data and, for locating problems, its node graph."""

    data: object
    root: yaml.Node = field(repr=False)

    def position(self, loc: Loc) -> tuple[int | None, int | None, int]:
        """Line and column of the value at ``loc``, and how many parts of ``loc`` matched.

        For a key that exists, points at the value; for a key that is missing or
        unknown, at the nearest enclosing value that exists (an unknown key's own
        position is found by :meth:`key_position`).
        """
        node = self.root
        matched = 0
        for part in loc:
            child = _child(node, part)
            if child is None:
                break
            node = child
            matched += 1
        line, column = _mark(node.start_mark)
        return line, column, matched

    def keep_text_as_written(self, locs: list[Loc]) -> bool:
        """Put the written text of each plain scalar at ``locs`` in place of its value.

        Whether one was changed; quoted values, collections and values already text are
        left as they are.
        """
        changed = False
        for loc in locs:
            node: yaml.Node | None = self.root
            for part in loc:
                node = _child(node, part) if node is not None else None
            if (
                not (isinstance(node, yaml.ScalarNode) and not node.style) or not loc
            ):  # plain: "" or None
                continue
            parent = self.data
            for part in loc[:-1]:
                parent = parent[part]  # type: ignore[index]
            if not isinstance(parent[loc[-1]], str):  # type: ignore[index]
                parent[loc[-1]] = node.value  # type: ignore[index]
                changed = True
        return changed

    def key_position(self, loc: Loc) -> tuple[int | None, int | None] | None:
        """Line and column of the key that ends ``loc``, if it is written in the file."""
        *parent_loc, last = loc
        _line, _column, matched = self.position(tuple(parent_loc))
        if matched != len(parent_loc):
            return None
        node = self.root
        for part in parent_loc:
            node = _child(node, part)  # type: ignore[assignment]
        if isinstance(node, yaml.MappingNode):
            for key_node, _value in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(last):
                    return _mark(key_node.start_mark)
        return None


def _child(node: yaml.Node, part: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode) and isinstance(part, str):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == part:
                return value_node
    if (
        isinstance(node, yaml.SequenceNode)
        and isinstance(part, int)
        and 0 <= part < len(node.value)
    ):
        return node.value[part]
    return None


def parse(text: str) -> YamlDocument:
    """Parse one YAML document safely, or raise :class:`SourceProblem`."""
    loader = _Loader(text)
    root = None
    try:
        _check_depth(text)
        root = loader.get_single_node()
        if root is None:
            raise SourceProblem(say("empty_file"), 1, 1)
        if _ANCHOR.search(text):  # without anchors there are no aliases to expand
            _check_aliases(root)
        data = loader.construct_document(root)
    except SourceProblem as exc:
        if root is not None and exc.line is not None and not exc.loc:
            exc.loc = _loc_at(root, exc.line - 1, (exc.column or 1) - 1)
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context == "while scanning a quoted scalar" and exc.context_mark is not None:
            mark = exc.context_mark
            raise SourceProblem(say("unclosed_quote"), *_mark(mark)) from None
        if root is not None and isinstance(exc, yaml.constructor.ConstructorError) and mark:
            raise SourceProblem(
                _yaml_message(exc), *_mark(mark), loc=_loc_at(root, mark.line, mark.column)
            ) from None
        message = _yaml_message(exc)
        if mark is not None and text[mark.index : mark.index + 1] == "\t":
            message = say("tab_indent")
        raise SourceProblem(message, *_mark(mark)) from None
    except RecursionError:
        raise SourceProblem(say("nested_too_deep", depth=MAX_DEPTH)) from None
    except yaml.YAMLError as exc:  # e.g. a reader error on a control character
        raise SourceProblem(say("syntax_other", detail=str(exc))) from None
    finally:
        loader.dispose()
    return YamlDocument(data, root)


def _loc_at(root: yaml.Node, line: int, column: int) -> Loc:
    """The field path of the key or value written at (0-based) ``line``/``column``."""

    def walk(node: yaml.Node, path: Loc, depth: int) -> Loc | None:
        if depth > MAX_DEPTH:
            return None
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                here = (*path, str(key_node.value))
                if (key_node.start_mark.line, key_node.start_mark.column) == (line, column):
                    return here
                found = walk(value_node, here, depth + 1)
                if found is not None:
                    return found
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                found = walk(item, (*path, i), depth + 1)
                if found is not None:
                    return found
        if (node.start_mark.line, node.start_mark.column) == (line, column):
            return path
        return None

    return walk(root, (), 0) or ()


def _yaml_message(exc: yaml.MarkedYAMLError) -> Message:
    """What is wrong on the line, and what to look at there."""
    problem = str(exc.problem or exc.context or "not valid YAML")
    text = problem
    if exc.context and exc.problem:
        text = f"{exc.context}, {exc.problem}"
    if "could not determine a constructor for the tag" in problem:
        tag = problem.rsplit(" ", 1)[-1].strip("'").replace("tag:yaml.org,2002:", "!!")
        return say("tag_not_allowed", tag=tag)
    if "found unexpected end of stream" in text:
        return say("syntax_open_end", detail=text)
    if "expected a single document" in text:
        return say("two_documents")
    if isinstance(exc, yaml.constructor.ConstructorError):
        return say("cannot_construct", detail=problem)
    for clue, kind in _SYNTAX_CLUES:
        if clue in text:
            return say(kind, detail=text)
    return say("syntax_other", detail=text)


_SYNTAX_CLUES = (
    ("flow sequence", message_key("syntax_list")),
    ("flow mapping", message_key("syntax_braces")),
    ("mapping values are not allowed", message_key("syntax_colon")),
    ("could not find expected ':'", message_key("syntax_no_colon")),
    ("simple key", message_key("syntax_no_colon")),
    ("expected <block end>", message_key("syntax_indent")),
    ("expected <document start>", message_key("syntax_indent")),
    ("cannot start any token", message_key("syntax_start")),
)
"""PyYAML's words for a syntax error → the kind of message that explains it."""


def compose(text: str) -> YamlDocument:
    """The node graph only (no values built): enough to locate fields in a good file."""
    loader = _Loader(text)
    try:
        return YamlDocument(None, loader.get_single_node())
    finally:
        loader.dispose()
