"""Run a large alternation regex (`(A)|(B)|…`) only where one of its branches can start.

Python's `re` tries every branch of an alternation at every position of the text. With a
hundred phrase patterns that is most of the extraction time, although almost every position
starts with a character no branch can begin with. `prefiltered(pattern)` returns an object
whose `finditer` yields exactly the matches of `pattern.finditer` (same spans, same
`lastindex`, same groups): it jumps to the positions whose character can start some branch,
then tries only those branches, in their original order.

Anything the analysis does not understand (backreferences, inline flags, verbose mode, a
branch that may match the empty string or start with any character) makes `prefiltered`
return the pattern unchanged, so the result is never different, at worst not faster.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

try:  # Python 3.11+
    from re import _constants as _c
    from re import _parser
except ImportError:  # pragma: no cover - older layouts
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _parser  # type: ignore[no-redef]

_MAX_CODE = 0x10FFFF
_UNSUPPORTED_FLAGS = re.VERBOSE | re.LOCALE | re.ASCII | re.DEBUG


class _Unsupported(Exception):
    """The pattern uses something the first-character analysis does not model."""


def _first(items) -> tuple[list[tuple[int, int]], bool]:
    """Return (code-point ranges a match of the sequence can start with, whether it can match empty)."""
    ranges: list[tuple[int, int]] = []
    for op, arg in items:
        if op in (_c.ASSERT, _c.ASSERT_NOT, _c.AT):
            continue  # zero-width: ignoring it only widens the candidate set
        if op is _c.LITERAL:
            return ranges + [(arg, arg)], False
        if op is _c.IN:
            return ranges + _class_ranges(arg), False
        if op is _c.SUBPATTERN:
            _group, add_flags, del_flags, sub = arg
            if add_flags or del_flags:
                raise _Unsupported("inline flags")
            found, nullable = _first(sub.data)
        elif op is _c.ATOMIC_GROUP:
            found, nullable = _first(arg.data)
        elif op is _c.BRANCH:
            found, nullable = [], False
            for alt in arg[1]:
                alt_found, alt_nullable = _first(alt.data)
                found += alt_found
                nullable = nullable or alt_nullable
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
            low, _high, sub = arg
            found, nullable = _first(sub.data)
            nullable = nullable or low == 0
        else:  # ANY, NOT_LITERAL, GROUPREF, …
            raise _Unsupported(str(op))
        ranges += found
        if not nullable:
            return ranges, False
    return ranges, True


def _class_ranges(items) -> list[tuple[int, int]]:
    out = []
    for op, arg in items:
        if op is _c.LITERAL:
            out.append((arg, arg))
        elif op is _c.RANGE:
            out.append(arg)
        else:  # NEGATE, CATEGORY (\s, \w): too wide to be worth it
            raise _Unsupported(str(op))
    return out


def _not_after(items) -> tuple[tuple[int, int], ...]:
    """Return the class of a leading one-character negative lookbehind (`(?<![A-Za-z0-9])`), or ()."""
    while items:
        op, arg = items[0]
        if op is _c.SUBPATTERN and not (arg[1] or arg[2]):
            items = arg[3].data
            continue
        if op is _c.ASSERT_NOT and arg[0] == -1:
            body = arg[1].data
            try:
                if len(body) == 1 and body[0][0] is _c.IN:
                    return tuple(sorted(set(_class_ranges(body[0][1]))))
                if len(body) == 1 and body[0][0] is _c.LITERAL:
                    return ((body[0][1], body[0][1]),)
            except _Unsupported:
                return ()
        return ()
    return ()


def _class_source(ranges) -> str:
    """Return the regex source of a one-character class of code-point `ranges`."""
    parts = []
    for lo, hi in sorted(set(ranges)):
        parts.append(re.escape(chr(lo)) if lo == hi else f"{re.escape(chr(lo))}-{re.escape(chr(hi))}")
    return "[" + "".join(parts) + "]"


def _class_regex(ranges: list[tuple[int, int]], flags: int) -> re.Pattern:
    """Compile a one-character class of `ranges` with the pattern's flags (so case folding is the same)."""
    return re.compile(_class_source(ranges), flags)


def _split_top_level(source: str) -> list[str]:
    """Split a regex source at its top-level `|` (outside groups, classes and escapes)."""
    parts, depth, start, i, n = [], 0, 0, 0, len(source)
    while i < n:
        ch = source[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            i += 1
            if i < n and source[i] == "^":
                i += 1
            if i < n and source[i] == "]":
                i += 1
            while i < n and source[i] != "]":
                i += 2 if source[i] == "\\" else 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(source[start:i])
            start = i + 1
        i += 1
    parts.append(source[start:])
    return parts


class PrefilteredPattern:
    """A compiled alternation that is only tried where a branch can start; `finditer` as in `re`.

    For each character that can start a match, the branches that can start with it are compiled
    into one smaller alternation (in their original order, with their original group numbers),
    on first use: a short run pays only for what its text needs.
    """

    def __init__(self, pattern: re.Pattern, sources: list[str], group_counts: list[int],
                 firsts: list[re.Pattern], anywhere: re.Pattern):
        self.pattern = pattern
        self._sources = sources
        self._counts = group_counts
        self._offsets = [sum(group_counts[:k]) for k in range(len(group_counts))]
        self._firsts = firsts
        self._anywhere = anywhere
        self._by_char: dict[str, re.Pattern | None] = {}
        self._by_branches: dict[tuple[int, ...], re.Pattern] = {}

    def _candidates(self, ch: str) -> re.Pattern | None:
        if ch not in self._by_char:
            branches = tuple(k for k, first in enumerate(self._firsts) if first.match(ch))
            if branches and branches not in self._by_branches:
                self._by_branches[branches] = self._compile(branches)
            self._by_char[ch] = self._by_branches.get(branches)
        return self._by_char[ch]

    def _compile(self, branches: tuple[int, ...]) -> re.Pattern:
        # Never-matching empty groups give each branch the group numbers it has in the whole pattern,
        # so lastindex, group(n) and groups() are those of a match of the whole pattern.
        parts, seen = [], 0
        for k in branches:
            parts.append(_padding(self._offsets[k] - seen) + self._sources[k])
            seen = self._offsets[k] + self._counts[k]
        source = "(?:" + "|".join(parts) + ")" + _padding(self.pattern.groups - seen)
        return re.compile(source, self.pattern.flags)

    def finditer(self, text: str, pos: int = 0) -> Iterator[re.Match]:
        """Yield the matches `self.pattern.finditer(text, pos)` would yield, in the same order."""
        search, candidates = self._anywhere.search, self._candidates
        while True:
            hit = search(text, pos)
            if hit is None:
                return
            start = hit.start()
            branches = candidates(text[start])
            m = branches.match(text, start) if branches is not None else None
            if m is not None:
                yield m
                pos = m.end()  # > start: no branch matches the empty string
            else:
                pos = start + 1

    def __getattr__(self, name):
        return getattr(self.pattern, name)


def prefiltered(pattern: re.Pattern | None) -> re.Pattern | PrefilteredPattern | None:
    """Return a faster equivalent of an alternation regex for `finditer`, or the pattern itself."""
    if pattern is None or not isinstance(pattern.pattern, str) or pattern.flags & _UNSUPPORTED_FLAGS:
        return pattern
    try:
        sources = _split_top_level(pattern.pattern)
        if len(sources) < 2:
            return pattern
        flags = pattern.flags & ~re.UNICODE
        firsts, group_counts = [], []
        starts: dict[tuple, list[tuple[int, int]]] = {}  # leading "not after" class → first characters
        for source in sources:
            tree = _parser.parse(source, flags)
            ranges, nullable = _first(tree.data)
            if nullable or not ranges:
                return pattern
            firsts.append(_class_regex(ranges, flags))
            starts.setdefault(_not_after(tree.data), []).extend(ranges)
            group_counts.append(tree.state.groups - 1)
        if sum(group_counts) != pattern.groups:
            return pattern
        anywhere = "|".join((f"(?<!{_class_source(lead)})" if lead else "") + _class_source(first)
                            for lead, first in starts.items())
        return PrefilteredPattern(pattern, sources, group_counts, firsts, re.compile(anywhere, flags))
    except (_Unsupported, re.error, RecursionError):
        return pattern


def _padding(groups: int) -> str:
    return "(?:(?!)" + "()" * groups + ")?" if groups else ""
