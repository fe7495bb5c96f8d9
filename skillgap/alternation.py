"""Run a regex (typically a large alternation `(A)|(B)|…`) only where one of its branches can start.

Python's `re` tries a pattern that begins with a lookbehind or an alternation at every position
of the text, and every branch there. With a hundred phrase patterns that was most of the
extraction time, although almost every position starts with a character no branch can begin
with. `prefiltered(pattern)` returns an object whose `finditer` and `search` return exactly
what the pattern's own would (the very same Match objects): a one-character prefilter that `re`
scans for in C finds the positions where some branch can start; the branches that can start
with that character are tried there, in their order; the first that matches means the whole
pattern matches there, and the whole pattern's match is returned.

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


# Character categories inside a class, written back as themselves (their meaning depends on the flags).
_CATEGORIES = {_c.CATEGORY_DIGIT: r"\d", _c.CATEGORY_NOT_DIGIT: r"\D", _c.CATEGORY_SPACE: r"\s",
               _c.CATEGORY_NOT_SPACE: r"\S", _c.CATEGORY_WORD: r"\w", _c.CATEGORY_NOT_WORD: r"\W"}


def _refers_to_groups(items) -> bool:
    """Tell whether a parsed pattern uses a backreference or a conditional (numbers change when split)."""
    for op, arg in items:
        if op in (_c.GROUPREF, _c.GROUPREF_EXISTS):
            return True
        for part in arg if isinstance(arg, (tuple, list)) else (arg,):
            if isinstance(part, _parser.SubPattern) and _refers_to_groups(part.data):
                return True
            if isinstance(part, list) and any(isinstance(p, _parser.SubPattern) and _refers_to_groups(p.data)
                                               for p in part):
                return True
    return False


def _class_ranges(items) -> list:
    """Return the members of a character class: (low, high) code-point ranges and category escapes."""
    out = []
    for op, arg in items:
        if op is _c.LITERAL:
            out.append((arg, arg))
        elif op is _c.RANGE:
            out.append(arg)
        elif op is _c.CATEGORY and arg in _CATEGORIES:
            out.append(_CATEGORIES[arg])
        else:  # NEGATE and anything else: not worth modelling
            raise _Unsupported(str(op))
    return out


def _lead(items) -> tuple[str, ...]:
    r"""Return the leading zero-width conditions the prefilter can share, as lookbehinds over 2 characters.

    The prefilter consumes the first character, then checks the conditions looking back over it:
    a one-character negative lookbehind `(?<![A-Za-z0-9])` becomes `(?<![A-Za-z0-9][\s\S])`, a word
    boundary `\b` becomes `(?<=\b[\s\S])`.
    """
    lead: list[str] = []
    while items:
        op, arg = items[0]
        if op is _c.SUBPATTERN and not (arg[1] or arg[2]) and (len(items) == 1 or not lead):
            if len(items) == 1:
                items = arg[3].data
                continue
            return tuple(lead) + _lead(arg[3].data)
        if op is _c.AT and arg is _c.AT_BOUNDARY:
            lead.append(r"(?<=\b[\s\S])")
        elif op is _c.ASSERT_NOT and arg[0] == -1 and len(arg[1].data) == 1 and \
                arg[1].data[0][0] in (_c.IN, _c.LITERAL):
            body_op, body = arg[1].data[0]
            try:
                ranges = _class_ranges(body) if body_op is _c.IN else [(body, body)]
            except _Unsupported:
                break
            lead.append(f"(?<!{_class_source(ranges)}[\\s\\S])")
        else:
            break
        items = items[1:]
    return tuple(lead)


def _prefilter(starts: dict[tuple[str, ...], list]) -> str:
    """Return a regex matching one character where some branch may start.

    It begins with a character class so that `re` scans for it in C, and only then checks the
    branches' leading conditions.
    """
    every = [r for ranges in starts.values() for r in ranges]
    if len(starts) == 1 and not next(iter(starts)):
        return _class_source(every)
    conditions = []
    for lead, ranges in starts.items():
        own = "" if len(starts) == 1 else f"(?<={_class_source(ranges)})"
        conditions.append(own + "".join(lead))
    return _class_source(every) + "(?:" + "|".join(conditions) + ")"


def _class_source(ranges) -> str:
    """Return the regex source of a one-character class of code-point ranges and category escapes."""
    parts = sorted({r for r in ranges if isinstance(r, str)})
    for lo, hi in sorted({r for r in ranges if not isinstance(r, str)}):
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
    """A compiled pattern that is only tried where a branch can start; `finditer` and `search` as in `re`.

    Branches are compiled on first use: a short run pays only for the branches its text needs.
    """

    def __init__(self, pattern: re.Pattern, sources: list[str], firsts: list[re.Pattern], anywhere: re.Pattern):
        self.original = pattern  # every other attribute and method is the original's
        self._sources = sources
        self._firsts = firsts
        self._anywhere = anywhere
        self._probes: list[re.Pattern | None] = [None] * len(sources)
        self._by_char: dict[str, tuple[re.Pattern, ...]] = {}

    def _candidates(self, ch: str) -> tuple[re.Pattern, ...]:
        found = self._by_char.get(ch)
        if found is None:
            found = self._by_char[ch] = tuple(self._probe(k) for k, first in enumerate(self._firsts)
                                              if first.match(ch))
        return found

    def _probe(self, k: int) -> re.Pattern:
        """Return branch `k` alone: the cheapest way to learn whether it matches somewhere."""
        compiled = self._probes[k]
        if compiled is None:
            compiled = self._probes[k] = re.compile(self._sources[k], self.original.flags)
        return compiled

    def _next(self, text: str, pos: int) -> re.Match | None:
        """Return the first match at or after `pos`, as `self.original.search(text, pos)` would."""
        search, candidates = self._anywhere.search, self._candidates
        while True:
            hit = search(text, pos)
            if hit is None:
                return None
            start = hit.start()
            for probe in candidates(text[start]):
                if probe.match(text, start) is not None:
                    # The whole pattern tries its branches in order, and those before this one that could
                    # start here have just failed: its match here is this branch's, with the same groups.
                    return self.original.match(text, start)
            pos = start + 1

    def search(self, text: str, pos: int = 0) -> re.Match | None:
        """Return what `self.original.search(text, pos)` returns."""
        return self._next(text, pos)

    def finditer(self, text: str, pos: int = 0) -> Iterator[re.Match]:
        """Yield the matches `self.original.finditer(text, pos)` would yield, in the same order."""
        while (m := self._next(text, pos)) is not None:
            yield m
            pos = m.end()  # > m.start(): no branch matches the empty string

    def __getattr__(self, name):
        if name.startswith("__") or name == "original":
            raise AttributeError(name)
        return getattr(self.original, name)

    def __reduce__(self):
        return prefiltered, (self.original,)


def prefiltered(pattern: re.Pattern | None) -> re.Pattern | PrefilteredPattern | None:
    """Return a faster equivalent of an alternation regex for `finditer`, or the pattern itself."""
    if not isinstance(pattern, re.Pattern) or not isinstance(pattern.pattern, str) or \
            pattern.flags & _UNSUPPORTED_FLAGS:
        return pattern
    try:
        sources = _split_top_level(pattern.pattern)
        flags = pattern.flags & ~re.UNICODE
        firsts, group_counts = [], []
        starts: dict[tuple[str, ...], list] = {}  # leading conditions → first characters
        for source in sources:
            tree = _parser.parse(source, flags)
            ranges, nullable = _first(tree.data)
            if nullable or not ranges or _refers_to_groups(tree.data):
                return pattern
            firsts.append(_class_regex(ranges, flags))
            starts.setdefault(_lead(tree.data), []).extend(ranges)
            group_counts.append(tree.state.groups - 1)
        if sum(group_counts) != pattern.groups:
            return pattern
        anywhere = _prefilter(starts)
        return PrefilteredPattern(pattern, sources, firsts, re.compile(anywhere, flags))
    except (_Unsupported, re.error, RecursionError):
        return pattern
