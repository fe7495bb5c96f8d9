"""Show text from postings, file names and users' files in a terminal without letting it control the terminal.

A posting's title, a file name or a YAML key can hold ESC/OSC sequences (retitle the terminal, clear
the screen), C1 controls, bidi overrides (reverse the line) or lone surrogates (unprintable). They are
shown as `\\u001b`-style escapes: the user still sees that something odd is there, and in JSON output
the escape is the same string.
"""
from __future__ import annotations

import re

# C0 but tab and newline, DEL, C1, bidi marks/embeddings/overrides/isolates, line and paragraph separators (a
# terminal may break the line there: a file name could fake a second "skipped:" line), lone surrogates.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                     "\ud800-\udfff]")
_UNSAFE_IN_LINE = re.compile(f"[\t\n{_UNSAFE.pattern[1:-1]}]")
SURROGATE = re.compile("[\ud800-\udfff]")
# Embedding, override and isolate controls: no posting needs them, and they can reverse what is shown after them.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_LABEL_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]+")


def escape_surrogates(text: str) -> str:
    """Return text with lone surrogates (from file names that are not UTF-8) written as `\\udcff` escapes."""
    return SURROGATE.sub(_escape, text)


# The bidi controls in UTF-8: looked for in the encoded text, where `re` skips from one \xe2 byte to the next.
_BIDI_UTF8 = re.compile(rb"\xe2(?:\x80[\xaa-\xae]|\x81[\xa6-\xa9])")


def safe_text(text: str) -> str:
    """Return text with lone surrogates (from JSON "\\ud800" escapes) replaced and bidi controls removed."""
    # Every posting's text comes through here: the common case, neither, is told in one encode and one byte scan.
    try:
        clean = text.isascii() or not _BIDI_UTF8.search(text.encode("utf-8"))
    except UnicodeEncodeError:  # only a lone surrogate cannot be encoded
        clean = False
    return text if clean else _BIDI_CONTROLS.sub("", SURROGATE.sub("\ufffd", text))


def safe_label(label: str | None, limit: int) -> str | None:
    """Return a label on one line: no control or bidi characters, spaces collapsed, at most `limit` characters."""
    if label is None:
        return None
    label = " ".join(_LABEL_CONTROLS.sub(" ", safe_text(label)).split())
    if len(label) > limit:
        label = label[:limit - 1].rstrip() + "…"
    return label or None


def _escape(match: re.Match) -> str:
    return f"\\u{ord(match.group()):04x}"


def escape_controls(text: str) -> str:
    """Return `text` with every character that could control a terminal escaped; newlines and tabs stay."""
    return _UNSAFE.sub(_escape, text) if _UNSAFE.search(text) else text


def one_line(text: str) -> str:
    """Return a name (a file name, a title) for one line of output: newlines and tabs escaped too."""
    return _UNSAFE_IN_LINE.sub(_escape, text)


# Lines of one kind (skipped files, notes) shown in the terminal; the rest are counted in one line.
SHOWN_LINES = 20


def bounded_lines(items: list, prefix: str) -> list[str]:
    """Return "prefix: item" lines for the first SHOWN_LINES items and one "… and N more" line for the rest."""
    lines = [f"{prefix}: {item}" for item in items[:SHOWN_LINES]]
    if len(items) > SHOWN_LINES:
        lines.append(f"{prefix}: … and {len(items) - SHOWN_LINES:,} more")
    return lines


class SafeStream:
    """A text stream that escapes control characters in everything written to it (see `escape_controls`).

    `unfiltered` is the stream underneath, for the progress bar and tables that draw with their own
    escape sequences from text already made safe.
    """

    def __init__(self, stream):
        self.unfiltered = stream

    def write(self, text: str) -> int:
        self.unfiltered.write(escape_controls(text))
        return len(text)

    def __getattr__(self, name: str):
        return getattr(self.unfiltered, name)


def unfiltered(stream):
    """Return the stream under a SafeStream (or the stream itself)."""
    return getattr(stream, "unfiltered", stream)
