"""Read job-description files: find them, decode their bytes, return visible text and metadata."""
from __future__ import annotations

import codecs
import errno
import html
import json
import os
import re
import stat
import warnings
from collections.abc import Iterable
from itertools import accumulate, islice
from typing import TYPE_CHECKING, BinaryIO
from pathlib import Path

import charset_normalizer

from .errors import InputError
from .models import RawDocument
from .sections import header_kind
from .terminal import SURROGATE, safe_label, safe_text

if TYPE_CHECKING:
    from bs4 import BeautifulSoup
    from bs4.element import Tag

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
# Postings sit a level or two below the folder given; thousands of levels are an attack on the walk.
MAX_FOLDER_DEPTH = 32
# Files and folders one walk looks at: a user's postings are hundreds, the 5,540-posting corpus is 5,550 entries.
MAX_WALKED_ENTRIES = 200_000
# A posting is rarely over 20,000 characters; ten times that is many postings pasted into one file,
# and extraction time grows with the text (about 3 s at the limit).
DEFAULT_MAX_CHARS = 200_000
# File suffix (lower case) → RawDocument.format.
FORMATS = {".txt": "txt", ".md": "md", ".html": "html", ".htm": "html", ".json": "json"}
SUPPORTED_SUFFIXES = tuple(FORMATS)

_SUPPORTED_HINT = "supported types: " + " ".join(SUPPORTED_SUFFIXES)
_JSON_TEXT_HINT = 'add a "description" (or "text", "content", "body") field with the posting\'s text'
_JUNK_NAMES = frozenset({"thumbs.db", "desktop.ini", "__macosx"})
_TITLE_MAX_CHARS = 80
# Titles and companies from JSON, JSON-LD or <title> are labels: longer ones are cut (a 9 MB title once made a
# 189 MB report). Far above any real one (the longest in the corpus is under 150 characters).
TITLE_LIMIT = 200
COMPANY_LIMIT = 100
# Deeper JSON is refused before parsing: the parser recurses and a real posting nests a few levels.
JSON_MAX_DEPTH = 64
_JSON_LD_CHILDREN = 1000

# ---------------------------------------------------------------- discovering files


def discover(paths: Iterable[str | Path]) -> tuple[list[Path], list[InputError]]:
    """Expand files and folders into the job-description files to read, plus every problem found.

    Folders are walked recursively in sorted order, skipping hidden entries and system
    litter (Thumbs.db, editor backups). Symlinks are followed; a link that leads back into
    a folder being walked is reported as a loop, and so is one to a folder that holds the folder
    given (/, the project): reading it would read the whole disk. Each file is listed once, under
    the path the user gave (`folder_as_given / relative`).
    """
    walker = _Walker()
    for given in paths:
        walker.add(Path(given), root=os.path.realpath(given))
    return walker.files, walker.problems


# What the kernel makes up as it is read (the process's environment, memory maps, devices): never a posting.
_SYSTEM_FOLDERS = ("/proc/", "/sys/", "/dev/")


class _Walker:
    """Collect files and problems while walking; remembers what it has seen to stay finite."""

    def __init__(self) -> None:
        self.files: list[Path] = []
        self.problems: list[InputError] = []
        self._seen_files: set[tuple[int, int]] = set()
        self._seen_dirs: set[tuple[int, int]] = set()
        self._entries = 0
        self._stopped = False  # past MAX_WALKED_ENTRIES

    def add(self, path: Path, ancestors: frozenset[tuple[int, int]] = frozenset(), root: str = "") -> None:
        try:
            st = path.stat()
        except OSError as err:
            self.problems.append(_os_error(str(path), path, err, "path"))
            return
        key = (st.st_dev, st.st_ino)
        if (str(path).startswith(_SYSTEM_FOLDERS) or path.is_symlink()) and \
                os.path.realpath(path).startswith(_SYSTEM_FOLDERS):
            self.problems.append(InputError(path, f"a link to {os.path.realpath(path)}, a file the system makes, "
                                                  "not a posting", "remove the link"))
        elif stat.S_ISDIR(st.st_mode):
            self._add_dir(path, key, ancestors, root)
        elif not stat.S_ISREG(st.st_mode):
            self.problems.append(
                InputError(path, "not a regular file or folder", "give job-description files or folders of them")
            )
        elif path.suffix.lower() not in FORMATS:
            self.problems.append(_unsupported(str(path), path))
        elif SURROGATE.search(str(path)):
            # Bytes that are not UTF-8 in the name: it could be neither printed, cached nor put in the report.
            self.problems.append(InputError(path, "the file name is not valid UTF-8",
                                            "rename the file (e.g. with your file manager)"))
        elif key not in self._seen_files:
            self._seen_files.add(key)
            self.files.append(path)

    def _add_dir(self, path: Path, key: tuple[int, int], ancestors: frozenset[tuple[int, int]], root: str) -> None:
        if ancestors and path.is_symlink():
            target = os.path.realpath(path)
            if root.startswith(target.rstrip(os.sep) + os.sep):  # the folder itself is a loop, told below
                self.problems.append(InputError(
                    path, f"a link to {target}, a folder that holds the postings folder itself",
                    "remove the link; link the folder of postings itself"))
                return
        if len(ancestors) >= MAX_FOLDER_DEPTH:
            self.problems.append(InputError(path, f"folders nested more than {MAX_FOLDER_DEPTH} deep",
                                            "keep postings in a folder and its subfolders a few levels deep"))
            return
        if key in ancestors:
            self.problems.append(
                InputError(path, "symlink loop (the link points back to a folder that contains it)",
                           "remove the link or point it elsewhere")
            )
            return
        if key in self._seen_dirs:
            return  # the same folder reached again through a link: its files are already listed
        self._seen_dirs.add(key)
        try:
            names = sorted(entry.name for entry in os.scandir(path))
        except OSError as err:
            self.problems.append(_os_error(str(path), path, err, "folder"))
            return
        self._entries += len(names)
        if self._entries > MAX_WALKED_ENTRIES and not self._stopped:
            self._stopped = True
            self.problems.append(InputError(
                path, f"more than {MAX_WALKED_ENTRIES:,} files and folders to look through; this folder and the rest "
                "were not read", "keep the postings in a folder of their own"))
        inside = ancestors | {key}
        for name in names:
            if self._stopped:
                return
            if not _is_litter(name):
                self.add(path / name, inside, root)


def _is_litter(name: str) -> bool:
    """Tell whether a folder entry is hidden, an editor backup or OS metadata rather than a posting."""
    return name.startswith((".", "~$")) or name.endswith("~") or name.lower() in _JUNK_NAMES


# ---------------------------------------------------------------- reading one file


def read_document(path: Path, source: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
                  max_chars: int = DEFAULT_MAX_CHARS) -> RawDocument:
    """Read one job-description file and return its visible text, title and company.

    Raises InputError naming the file, the problem and a fix for anything that cannot be
    read as a posting. The file is opened read-only and never changed.
    """
    path = Path(path)
    source = str(path) if source is None else source
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise _unsupported(source, path)
    data = _read_bytes(path, source, max_bytes)
    if not data:
        raise _empty(source)
    if looks_binary(data):
        raise InputError(
            source, "looks like a binary file, not text", "save the posting as .txt, .md, .html or .json"
        )
    text = decode_bytes(data, source)
    if not text.strip():
        raise _empty(source)
    if fmt == "html":
        _check_markup(text, source)
        estimate = _visible_length_estimate(text)
        if estimate > 2 * max_chars:  # parsing millions of tags costs seconds and hundreds of MB
            raise _too_long(source, estimate, max_chars, about=True)
        document = _html_document(text, source)
    elif fmt == "json":
        document = _json_document(text, source)
    else:
        if len(text) > max_chars:
            raise _too_long(source, len(text), max_chars)
        title, company = _text_title_company(text)
        document = RawDocument(source=source, text=text, title=title, company=company, format=fmt)
    if len(document.text) > max_chars:
        raise _too_long(source, len(document.text), max_chars)
    return _made_safe(document)


def _made_safe(document: RawDocument) -> RawDocument:
    """Return the document with lone surrogates (JSON "\\ud800" escapes) replaced and bidi controls removed.

    Titles and companies also lose control characters and are cut to TITLE_LIMIT / COMPANY_LIMIT.
    """
    text = safe_text(document.text)
    title = safe_label(document.title, TITLE_LIMIT)
    company = safe_label(document.company, COMPANY_LIMIT)
    if (text, title, company) == (document.text, document.title, document.company):
        return document
    return RawDocument(document.source, text, title, company, document.format)




def _read_bytes(path: Path, source: str, max_bytes: int) -> bytes:
    try:
        st = os.stat(path)
    except OSError as err:
        raise _os_error(source, path, err, "file") from None
    if not stat.S_ISREG(st.st_mode):
        # Opening a FIFO or device would block or never end.
        raise InputError(source, "not a regular file", "give a job-description file")
    if st.st_size > max_bytes:
        raise _too_large(source, st.st_size, max_bytes)
    try:
        with open(path, "rb") as handle:
            data = read_at_most(handle, max_bytes + 1, st.st_size)  # one byte more: the file grew past the limit
    except OSError as err:
        raise _os_error(source, path, err, "file") from None
    if len(data) > max_bytes:
        raise _too_large(source, len(data), max_bytes)
    return data


def read_at_most(handle: BinaryIO, limit: int, expected: int) -> bytes:
    """Return the first `limit` bytes of an open file (all of a shorter one) whose size was `expected`.

    A read sized to the file is several times faster than one sized to the limit (10 MB) for files
    the size of postings; a file that grew since its size was taken is read on, up to the limit.
    """
    data = handle.read(min(expected + 1, limit))
    if len(data) > expected:
        data += handle.read(limit - len(data))
    return data


def _os_error(source: str, path: Path, err: OSError, what: str) -> InputError:
    if err.errno == errno.ELOOP:
        return InputError(source, "symlink loop", "remove the link or point it elsewhere")
    if err.errno == errno.ENOENT:
        if path.is_symlink():
            return InputError(source, "broken symlink (its target does not exist)", "fix or remove the link")
        return InputError(source, "no such file or folder", "check the path")
    if err.errno in (errno.EACCES, errno.EPERM):
        return InputError(source, f"cannot read {what} (permission denied)", "check its permissions")
    return InputError(source, f"cannot read {what} ({err.strerror or err})", "check the path")


def _unsupported(source: str, path: Path) -> InputError:
    suffix = path.suffix
    problem = f"unsupported file type '{suffix}'" if suffix else "unsupported file type (no extension)"
    return InputError(source, problem, f"{_SUPPORTED_HINT}; save the posting as .txt")


def _too_large(source: str, size: int, limit: int) -> InputError:
    return InputError(
        source,
        f"file is too large ({_format_size(size)}; the limit is {_format_size(limit)})",
        "files over the limit are skipped; save only the posting's text",
    )


def _too_long(source: str, length: int, limit: int, about: bool = False) -> InputError:
    return InputError(
        source,
        f"text is too long for one posting ({'about ' if about else ''}{length:,} characters; "
        f"the limit is {limit:,})",
        "save each posting as its own file",
    )


def _empty(source: str) -> InputError:
    return InputError(source, "file is empty", "paste the job description into it, or remove it")


def _format_size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


# ---------------------------------------------------------------- bytes → text

# Each codec reads and drops its own mark. UTF-32 first: its little-endian mark starts with UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_MAGIC = (
    b"\x89PNG", b"GIF87a", b"GIF89a", b"\xff\xd8\xff", b"%PDF-", b"PK\x03\x04",
    b"\xd0\xcf\x11\xe0",  # OLE: .doc, .xls, .hwp
    b"\x1f\x8b", b"\x7fELF",
)
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\x0b\x0c\r\x1b") + b"\x7f"
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f\ue000-\uf8ff\ufffe\uffff]")
_HANGUL = re.compile(r"[\u1100-\u11ff\u3131-\u318e\uac00-\ud7a3]")
_OTHER_LETTER = re.compile(r"[^\W\d_\x00-\x7f\u1100-\u11ff\u3131-\u318e\uac00-\ud7a3]")
_NON_ASCII = re.compile(r"[^\x00-\x7f\ufffd]")
_SAMPLE_BYTES = 8192


def looks_binary(data: bytes) -> bool:
    """Tell whether bytes are an image, archive or other binary file rather than text.

    Text in UTF-16 contains NUL bytes too; it is recognised by its byte-order mark or by
    NULs that all fall on one side of each two-byte unit.
    """
    if data.startswith(tuple(bom for bom, _ in _BOMS)):
        return False
    if data.startswith(_MAGIC):
        return True
    if b"\x00" in data:
        if not _utf8_without_nuls(data):
            return _utf16_without_bom(data) is None
        data = data.replace(b"\x00", b"")  # the NULs are dropped when it is read
    sample = data[:_SAMPLE_BYTES]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls > len(sample) * 0.1


def decode_bytes(data: bytes, path: str | Path) -> str:
    """Decode a file's bytes to text with newlines normalised to \\n.

    Tries, in order: a byte-order mark, UTF-16 without a mark, strict UTF-8, CP949 (a
    superset of EUC-KR) when the result reads as Korean, then charset-normalizer. Raises
    InputError rather than return mojibake.
    """
    return _normalise_newlines(_decode(data, str(path)))


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode(data: bytes, path: str) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as err:
                raise _undecodable(path, err) from None
    utf16 = _utf16_without_bom(data) if b"\x00" in data else None  # UTF-16 text has NUL bytes; most files none
    if utf16:
        try:
            return data.decode(utf16)
        except UnicodeDecodeError as err:
            raise _undecodable(path, err) from None
    data = data.replace(b"\x00", b"")  # stray NULs, or ASCII in UTF-16: see _utf8_without_nuls
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        utf8_error = err
    if utf8_error.reason == "unexpected end of data":
        # A file cut in the middle of its last character: keep everything before it.
        return data[: utf8_error.start].decode("utf-8")
    # Of the failed attempts, the one that read furthest points at the byte to fix.
    furthest = utf8_error
    try:
        text = data.decode("cp949")
    except UnicodeDecodeError as err:
        if err.start > furthest.start:
            furthest = err
    else:
        if _reads_as_korean(text):
            return text
    if not _mostly_utf8(data):
        best = charset_normalizer.from_bytes(data).best()
        # CP949 was judged above; a second opinion would only bring its mojibake back.
        if best is not None and best.encoding not in ("cp949", "euc_kr") and not _has_controls(str(best)):
            return str(best)
    raise _undecodable(path, furthest)


def _undecodable(path: str, err: UnicodeDecodeError) -> InputError:
    byte = err.object[err.start]
    return InputError(
        path,
        f"cannot decode as UTF-8, UTF-16 or CP949/EUC-KR (invalid byte 0x{byte:02x} at offset {err.start})",
        "re-save the file as UTF-8",
    )


def _utf16_without_bom(data: bytes) -> str | None:
    """Return the UTF-16 byte order whose NUL pattern and decoded text fit `data`, if any."""
    sample = data[:_SAMPLE_BYTES]
    units = len(sample) // 2
    if units == 0:
        return None
    if _utf8_without_nuls(data):
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    # ASCII characters put a NUL in the high byte; Hangul syllables rarely have one.
    for encoding, high, low in (("utf-16-le", odd_nuls, even_nuls), ("utf-16-be", even_nuls, odd_nuls)):
        if high >= units * 0.05 and low <= high * 0.1:
            try:
                text = codecs.getincrementaldecoder(encoding)().decode(sample)
            except UnicodeDecodeError:
                continue
            if not _has_controls(text):
                return encoding
    return None


def _utf8_without_nuls(data: bytes) -> bool:
    """Tell whether bytes are UTF-8 once their NULs are gone: ASCII in UTF-16 (read the same either way), or text
    with stray NULs (pasted from a PDF or a terminal). Binary data, and Korean in UTF-16, are not."""
    try:
        data.replace(b"\x00", b"").decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _has_controls(text: str) -> bool:
    return len(_CONTROL_CHARS.findall(text)) > len(text) * 0.01


def _reads_as_korean(text: str) -> bool:
    """Tell whether CP949-decoded text is Korean rather than bytes of another encoding."""
    hangul = len(_HANGUL.findall(text))
    return hangul > 0 and hangul >= 4 * len(_OTHER_LETTER.findall(text))


def _mostly_utf8(data: bytes) -> bool:
    """Tell whether bytes are UTF-8 with a few broken bytes, which no other guess would fix."""
    text = data.decode("utf-8", "replace")
    return len(_NON_ASCII.findall(text)) > text.count("\ufffd")


# ---------------------------------------------------------------- plain text

# "Company: Toss", "**회사명:** 토스", YAML front matter "company: Toss".
_COMPANY_LABEL = re.compile(
    r"^[*_\s]*(?:company(?:\s+name)?|employer|organi[sz]ation|회사명?|기업명?|회사\s*이름)[*_\s]*[:：][*_\s]*(.+?)[*_\s]*$",
    re.I,
)
_TITLE_LABEL = re.compile(
    r"^[*_\s]*(?:title|job\s+title|position|role|직무명?|포지션|공고명|모집\s*직무|채용\s*포지션)[*_\s]*[:：][*_\s]*(.+?)[*_\s]*$",
    re.I,
)
_LABEL_LINES = 30
# "Title — Company" on the first line; the plain hyphen only when what follows looks like a name.
_STRONG_SEPARATORS = re.compile(r"\s+[—–|@]\s+")
_HYPHEN_SEPARATOR = re.compile(r"\s+-\s+")
# "Snorkel AI — Redwood City, CA" on the second line: the company comes before the separator.
_COMPANY_LINE_SEPARATOR = re.compile(r"\s+[—–|·]\s+")
_COMPANY_MAX_CHARS = 40
_COMPANY_BEFORE_PLACE_MAX_CHARS = 60
_COMPANY_MAX_WORDS = 8
_HYPHEN_MAX_WORDS = 3
_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)
# A first line followed by a company line is a title even when long (Google: "Role, Team, Org - City").
_TITLE_WITH_COMPANY_MAX_CHARS = 140
_SENTENCE_END = re.compile(r"(?:[!?。…]|니다|[어아해예에세네죠]요)$")
_ABBREVIATIONS = frozenset({"inc", "ltd", "co", "corp", "llc", "plc", "gmbh", "ag", "sa", "jr", "sr", "st"})
_NOT_A_NAME_START = re.compile(r"^(?:[-–—*•·▪◦●○■□▶►✓✔>#|=~]|\d+[.)]\s|https?:|www\.)")
# Words that describe the job rather than name the employer ("Data Engineer - Remote").
_JOB_WORDS = re.compile(
    r"\b(?:remote|hybrid|on-?site|full[- ]time|part[- ]time|contract|intern(?:ship)?|senior|junior|lead|"
    r"engineer|developer|scientist|analyst|manager|years?|new grad)\b"
    r"|정규직|계약직|인턴|신입|경력|재택|원격|채용|모집|개발자|엔지니어(?!링)|담당자|\d+\s*년",
    re.I,
)
_MARKDOWN_BOLD = re.compile(r"^(\*\*|__)(.+)\1$")


def _text_title_company(text: str) -> tuple[str | None, str | None]:
    """Return (title, company) of a plain-text or markdown posting, each None when unclear.

    Recognised shapes: a title line followed directly by a short company line (Jumpit,
    Wanted) or "Company — City" (LinkedIn); a first line "Title — Company" (also –, |, @,
    and - before a name), with or without a markdown "#"; "Company: X" / "회사명: X" and
    "Title: X" / "포지션: X" label lines near the top (front matter included) when the
    first lines say nothing.
    """
    head = _HTML_COMMENT.sub("", "\n".join(text.split("\n", _LABEL_LINES)[:_LABEL_LINES]))
    lines = [line.strip() for line in head.split("\n")]
    first_content = next((i for i, line in enumerate(lines)  # a link is never the title: "**URL:** https://…"
                          if any(ch.isalnum() for ch in line) and not _COMPANY_LABEL.match(line) and "://" not in line),
                         None)
    # The label lines are looked for only when the first lines say nothing (most postings name both there).
    if first_content is None or _in_front_matter(lines, first_content) or header_kind(lines[first_content]):
        return _first_label(lines, _TITLE_LABEL), _first_label(lines, _COMPANY_LABEL)
    first = _unwrap(lines[first_content])
    title_label = _TITLE_LABEL.match(first)
    if title_label:  # "Role: Python Engineer" as the first line
        first = title_label.group(1).strip()
    after = lines[first_content + 1] if first_content + 1 < len(lines) else ""
    company_line = None if _is_label_line(after) else _company_line(after, first)
    if company_line:
        title = first if len(first) <= _TITLE_WITH_COMPANY_MAX_CHARS else None
        return title or _first_label(lines, _TITLE_LABEL), company_line
    title, company = _split_title_line(first)
    if len(title) > _TITLE_MAX_CHARS:
        title = None
    return title or _first_label(lines, _TITLE_LABEL), company or _first_label(lines, _COMPANY_LABEL)


def _first_label(lines: list[str], pattern: re.Pattern) -> str | None:
    for line in lines:
        m = pattern.match(line)
        if m:
            value = m.group(1).strip().strip("\"'")
            if value and len(value) <= _TITLE_MAX_CHARS:
                return value
    return None


def _is_label_line(line: str) -> bool:
    return bool(_COMPANY_LABEL.match(line) or _TITLE_LABEL.match(line))


def _in_front_matter(lines: list[str], index: int) -> bool:
    """Tell whether line `index` lies inside a "---" front-matter block at the top."""
    if not lines or lines[0] != "---":
        return False
    return "---" in lines[1:] and index < lines.index("---", 1)


def _unwrap(line: str) -> str:
    """Strip markdown heading marks and bold around a line."""
    line = line.lstrip("#").strip()
    bold = _MARKDOWN_BOLD.match(line)
    return bold.group(2).strip() if bold else line


def _ends_like_a_sentence(text: str) -> bool:
    text = text.rstrip(")]）」 ")
    if _SENTENCE_END.search(text):
        return True
    if not text.endswith("."):
        return False
    # "Visa Inc.", "BMO U.S." and "Adyen N.V." end with a dot but are names.
    words = text[:-1].split()
    last = words[-1].rsplit(".", 1)[-1] if words else ""
    return len(last) > 1 and last.lower() not in _ABBREVIATIONS


def _company_line(line: str, title: str) -> str | None:
    """Return the company a second line names ("Toss", "Snorkel AI — Redwood City, CA"), if it is one."""
    line = _unwrap(line)
    parts = _COMPANY_LINE_SEPARATOR.split(line, maxsplit=1)
    name = parts[0]
    limit = _COMPANY_BEFORE_PLACE_MAX_CHARS if len(parts) > 1 else _COMPANY_MAX_CHARS
    if not _looks_like_name(name, limit) or name == title or header_kind(line):
        return None
    return name


def _looks_like_name(text: str, limit: int = _COMPANY_MAX_CHARS) -> bool:
    """Tell whether text is short, name-like and neither a sentence, a header nor a job description word."""
    return (
        0 < len(text) <= limit
        and any(ch.isalnum() for ch in text)
        and len(text.split()) <= _COMPANY_MAX_WORDS
        and not _NOT_A_NAME_START.match(text)
        and not _ends_like_a_sentence(text)
        and ":" not in text and "：" not in text
        and not _JOB_WORDS.search(text)
        and header_kind(text) is None
    )


def _split_title_line(line: str) -> tuple[str, str | None]:
    """Split "Title — Company" at its last separator when the part after it looks like a name.

    After a plain hyphen only a short name counts: "Data Engineer - Toss", not
    "Data Engineer - 데이터 파이프라인 개발 및 운영(DSP)".
    """
    for pattern, max_words in ((_STRONG_SEPARATORS, _COMPANY_MAX_WORDS), (_HYPHEN_SEPARATOR, _HYPHEN_MAX_WORDS)):
        cuts = list(pattern.finditer(line))
        if cuts:
            cut = cuts[-1]
            title, company = line[:cut.start()].strip(), line[cut.end():].strip()
            if (title and _looks_like_name(company) and len(company.split()) <= max_words
                    and not any(ch in company for ch in "()[],")):
                return title, company
    return line, None


# ---------------------------------------------------------------- HTML

_DROPPED_TAGS = frozenset(
    "script style noscript template svg math title meta link base iframe object embed canvas "
    "select datalist nav footer".split()
)
_BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption center dd details dialog div dl dt fieldset "
    "figcaption figure form h1 h2 h3 h4 h5 h6 header hgroup hr html legend main menu ol p pre "
    "section summary table tbody td tfoot th thead tr ul".split()
)
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_PRE_TAGS = frozenset({"pre", "textarea", "listing", "plaintext", "xmp"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_PRE_STYLE = re.compile(r"white-space\s*:\s*pre", re.I)
_HTML_SPACE = " \t\n\r\f"
_SPACES = re.compile(r"[ \t\n\r\f\xa0]+")
_BULLET = re.compile(r"^(?:[•·▪◦●○■□▶►✓✔]\s*|[-*–]\s+)")
_TAG_NAMES = (
    r"(?:p|br|div|span|ul|ol|li|h[1-6]|strong|b|i|em|u|table|tr|td|th|section|a|img|dl|dt|dd|pre|code"
    r"|blockquote|hr|font)"
)
_HTML_TAG = re.compile(rf"</?{_TAG_NAMES}\b[^>]*>", re.I)
_ESCAPED_TAG = re.compile(rf"&lt;/?{_TAG_NAMES}\b", re.I)
_TITLE_SEPARATORS = (" | ", " – ", " — ", " - ", " :: ")


_INVISIBLE_MARKUP = re.compile(
    r"<(script|style|noscript|template|svg)\b.*?</\1\s*>|<!--.*?-->|<[^>]*>", re.S | re.I
)
_WHITESPACE = re.compile(r"\s+")


def _visible_length_estimate(markup: str) -> int:
    """Estimate, without parsing, how many characters of text a page shows (tags and scripts removed)."""
    return len(_WHITESPACE.sub(" ", _INVISIBLE_MARKUP.sub(" ", markup)))


# bs4 builds a Python object for every tag, attribute and comment, about 50 µs each: 10 MB of empty tags or of
# attributes on one tag would take minutes and gigabytes. A posting page holds a few thousand tags (the corpus's
# saved pages at most 323); a whole saved job-board page with its menus, tens of thousands.
MAX_HTML_TAGS = 100_000
MAX_TAG_SPACES = 100_000  # whitespace inside long opening tags: the attributes they hold, at most
_LONG_TAG = re.compile(r"<[A-Za-z][^<>]{4096,}>")


def _check_markup(markup: str, source: str) -> None:
    """Refuse markup too dense for any posting page (InputError naming the file), before anything parses it."""
    tags = markup.count("<")
    if tags > MAX_HTML_TAGS:
        raise InputError(source, f"holds {tags:,} tags, more markup than a job posting page (at most {MAX_HTML_TAGS:,})",
                         "open the page in a browser and save the posting's text as a .txt file")
    spaces = sum(sum(map(tag.group().count, _HTML_SPACE)) for tag in _LONG_TAG.finditer(markup))
    if spaces > MAX_TAG_SPACES:
        raise InputError(source, f"its tags hold about {spaces:,} attributes, more than a job posting page",
                         "open the page in a browser and save the posting's text as a .txt file")


def _parse_html(markup: str) -> BeautifulSoup:
    # Imported here: bs4 takes a quarter of a second to import, and text postings and warm runs never need it.
    from bs4 import BeautifulSoup

    # lxml's parser tokenises in C where html.parser does in Python; attribute values stay strings ("class" is
    # never read as a list of names): together a page takes about a fifth less time. bs4 warns about pages that
    # look like a file name or like XML on stderr, between skillgap's own lines; the page is read either way.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return BeautifulSoup(markup, "lxml", multi_valued_attributes=None)


def _html_document(markup: str, source: str) -> RawDocument:
    soup = _parse_html(markup)
    posting = _json_ld_posting(soup)
    ld_title, ld_company, ld_description = _posting_fields(posting) if posting else (None, None, None)
    page_title, page_company = _page_title(soup)
    title = ld_title or page_title
    company = ld_company or page_company
    text = _visible_text(soup)
    # The page body is what the user saw; prefer the JSON-LD description only when the body is
    # much shorter. Visible text is never longer than its markup, so most pages skip the parse.
    if ld_description and len(text) * 2 < len(ld_description):
        ld_text = _fragment_text(ld_description, source)
        if len(text) * 2 < len(ld_text):
            text = ld_text
    if not text:
        raise InputError(
            source,
            "HTML has no visible text",
            "the page may build its text with JavaScript; copy the posting's text into a .txt file",
        )
    return RawDocument(source=source, text=text, title=title, company=company, format="html")


def _json_ld_posting(soup: BeautifulSoup) -> dict | None:
    for script in soup.find_all("script"):
        if (script.get("type") or "").split(";")[0].strip().lower() != "application/ld+json":
            continue
        text = script.string or ""
        if json_too_deep(text):
            continue  # as broken JSON-LD: the visible page still serves
        try:
            data = json.loads(text, strict=False)
        except ValueError:
            continue  # broken JSON-LD is common; the visible page still serves
        posting = _find_job_posting(data)
        if posting is not None:
            return posting
    return None


def _find_job_posting(data: object, depth: int = 0) -> dict | None:
    """Return the first schema.org JobPosting in JSON-LD data (a list, an @graph or nested)."""
    if depth > 6:
        return None
    if isinstance(data, dict):
        types = data.get("@type")
        for kind in types if isinstance(types, list) else [types]:
            if isinstance(kind, str) and re.split(r"[/:]", kind)[-1] == "JobPosting":
                return data
        children: Iterable = data.values()
    elif isinstance(data, list):
        children = data
    else:
        return None
    for child in islice(children, _JSON_LD_CHILDREN):  # a real @graph has a few; 3 million took seconds
        found = _find_job_posting(child, depth + 1)
        if found is not None:
            return found
    return None


def _posting_fields(posting: dict) -> tuple[str | None, str | None, str | None]:
    """Return the title, company and description (markup or text) of a posting object."""
    posting = _fields(posting)
    title = _clean(posting.get("title"))
    company = _organisation(posting.get("company")) or _organisation(posting.get("hiringorganization"))
    description = None
    for key in ("description", "text", "content", "body"):
        value = posting.get(key)
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            value = "\n".join(value)
        if isinstance(value, str) and value.strip():
            description = value
            break
    return title, company, description


def _organisation(value: object) -> str | None:
    if isinstance(value, dict):
        return _clean(_fields(value).get("name"))
    if isinstance(value, list):
        return next(filter(None, map(_organisation, value)), None)
    return _clean(value)


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return " ".join(html.unescape(value).split()) or None


def _page_title(soup: BeautifulSoup) -> tuple[str | None, str | None]:
    """Return (title, company) from <title>, split only when it clearly has two parts, else <h1>."""
    if soup.title is not None:
        whole = _clean(soup.title.get_text())
        if whole:
            for separator in _TITLE_SEPARATORS:
                parts = [part.strip() for part in whole.split(separator)]
                if len(parts) == 2 and all(parts):
                    return parts[0], parts[1]
                if len(parts) > 2:
                    break
            return whole, None
    heading = soup.find("h1")
    if heading is not None:
        return _clean(_visible_text(heading)), None
    return None, None


def _fragment_text(fragment: str, source: str) -> str:
    """Return the visible text of an HTML fragment (possibly HTML-escaped), or plain text as is."""
    if _ESCAPED_TAG.search(fragment) and not _HTML_TAG.search(fragment):
        fragment = html.unescape(fragment)
    if not _HTML_TAG.search(fragment):
        return _normalise_newlines(fragment).strip()
    _check_markup(fragment, source)
    return _visible_text(_parse_html(fragment))


def _visible_text(root: Tag) -> str:
    """Return the text a browser would show.

    Block elements and <br> break lines, <li> items become "- " lines, a blank line goes
    above each heading, and runs of blank lines collapse to one.
    """
    from bs4.element import NavigableString, PreformattedString, Tag

    out = _Lines()
    pre_depth = 0
    stack: list[tuple[object, bool]] = [(root, False)]
    while stack:  # iterative: deeply nested pages would exhaust recursion
        node, leaving = stack.pop()
        if leaving:
            tag = node
            if tag.name == "li":
                out.end_item()
            elif tag.name in _BLOCK_TAGS:
                out.block_break()
            if _is_pre(tag):
                pre_depth -= 1
            continue
        if isinstance(node, NavigableString):
            if not isinstance(node, PreformattedString):  # comments, doctype, CDATA
                out.add(str(node), preformatted=pre_depth > 0)
            continue
        if not isinstance(node, Tag) or node.name in _DROPPED_TAGS or _is_hidden(node):
            continue
        if node.name == "br":
            out.line_break()
            continue
        if node.name == "li":
            out.start_item()
        elif node.name in _HEADING_TAGS:
            out.paragraph_break()
        elif node.name in _BLOCK_TAGS:
            out.block_break()
        if _is_pre(node):
            pre_depth += 1
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node.contents))
    return out.text()


def _is_hidden(tag: Tag) -> bool:
    return tag.has_attr("hidden") or bool(_HIDDEN_STYLE.search(tag.get("style") or ""))


def _is_pre(tag: Tag) -> bool:
    return tag.name in _PRE_TAGS or bool(_PRE_STYLE.search(tag.get("style") or ""))


class _Lines:
    """Assemble visible text line by line, collapsing whitespace the way a browser does."""

    def __init__(self) -> None:
        self._lines: list[str] = []
        self._parts: list[str] = []
        self._has_text = False
        self._bullet = False

    def add(self, text: str, preformatted: bool = False) -> None:
        """Add a text node; newlines break lines inside <pre> and between words of one node.

        Saved pages often show such newlines through a stylesheet's `white-space: pre-line`
        that the file does not carry, and a posting's line structure matters more than the
        occasional source line wrap.
        """
        trailing = ""
        if not preformatted:
            core = text.strip(_HTML_SPACE)
            if "\n" not in core:
                self._add_inline(text)
                return
            leading, _, trailing = text.partition(core)
            self._add_inline(leading)
            text = core
        first, *rest = text.split("\n")
        self._add_inline(first)
        for piece in rest:
            self.line_break()
            self._add_inline(piece)
        self._add_inline(trailing)

    def _add_inline(self, text: str) -> None:
        if not self._has_text:
            if not text.strip():
                return
            if self._bullet:
                text = "- " + _BULLET.sub("", text.lstrip(), count=1)
            self._has_text = True
        self._parts.append(text)

    def block_break(self) -> None:
        if self._has_text:
            self.line_break()

    def line_break(self) -> None:
        self._lines.append(_SPACES.sub(" ", "".join(self._parts)).strip())
        self._parts = []
        self._has_text = False
        self._bullet = False

    def paragraph_break(self) -> None:
        """End the current line and leave one blank line, as above a heading."""
        self.block_break()
        self._lines.append("")

    def start_item(self) -> None:
        self.block_break()
        self._bullet = True

    def end_item(self) -> None:
        self.block_break()
        self._bullet = False

    def text(self) -> str:
        self.block_break()
        kept: list[str] = []
        for line in self._lines:
            if line or (kept and kept[-1]):
                kept.append(line)
        while kept and not kept[-1]:
            kept.pop()
        return "\n".join(kept)


# ---------------------------------------------------------------- JSON


_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_DEPTH_STEPS = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")  # +1 and, read as signed bytes, -1


def json_too_deep(text: str, limit: int = JSON_MAX_DEPTH) -> bool:
    """Tell whether JSON text nests arrays and objects more than `limit` deep (strings are skipped)."""
    if text.count("[") + text.count("{") <= limit:
        return False  # the usual case: too few brackets to nest that deep
    steps = _NOT_BRACKET.sub("", _JSON_STRING.sub("", text)).encode("ascii").translate(_DEPTH_STEPS)
    return max(accumulate(memoryview(steps).cast("b")), default=0) > limit  # the running depth, summed in C


def _json_document(text: str, source: str) -> RawDocument:
    if json_too_deep(text):
        raise InputError(source, f"JSON is nested more than {JSON_MAX_DEPTH} levels deep",
                         "save the posting's text as .txt")
    try:
        data = json.loads(text, strict=False)  # strict=False: raw newlines inside strings are a common slip
    except json.JSONDecodeError as err:
        raise InputError(
            source,
            f"malformed JSON at line {err.lineno}, column {err.colno}: {err.msg}",
            "fix the JSON syntax, or save the posting as .txt",
        ) from None
    except ValueError:  # an integer of more than 4,300 digits: Python refuses to convert it
        raise InputError(source, "JSON holds a number too long to read (over 4,300 digits)",
                         "save the posting's text as .txt") from None
    if isinstance(data, list):
        raise InputError(
            source, "a JSON list of postings is not supported", "save each posting as its own .json file"
        )
    if not isinstance(data, dict):
        raise InputError(source, "JSON is not an object with the posting's fields", _JSON_TEXT_HINT)
    posting = _find_job_posting(data) or data
    title, company, description = _posting_fields(posting)
    if description:
        body = _fragment_text(description, source)
    else:
        title, company, sections = _sectioned_posting(data, title, company)
        body = "\n\n".join(f"{header}\n{_fragment_text(value, source)}" for header, value in sections)
    if not body:
        raise InputError(source, "JSON has no usable text field", _JSON_TEXT_HINT)
    return RawDocument(source=source, text=body, title=title, company=company, format="json")


# Job boards' own JSON splits a posting into named sections (Wanted: job.detail.main_tasks, requirements, …):
# each becomes its section under a header the section splitter knows.
_SECTION_HEADERS = {
    "intro": "About", "introduction": "About", "responsibilities": "Responsibilities",
    "main_tasks": "Responsibilities", "duties": "Responsibilities", "requirements": "Requirements",
    "qualifications": "Qualifications", "preferred_points": "Preferred qualifications",
    "preferred": "Preferred qualifications", "nice_to_have": "Preferred qualifications", "benefits": "Benefits",
}
_SECTIONED_DEPTH = 3


def _sectioned_posting(data: dict, title: str | None, company: str | None):
    """Return the title, company and (header, text or markup) sections of a job board's JSON."""
    sections: list[tuple[str, str]] = []
    level = [data]
    for _ in range(_SECTIONED_DEPTH):
        nested = []
        for node in level:
            fields = _fields(node)
            title = title or _clean(fields.get("position")) or _clean(fields.get("title"))
            company = company or _organisation(fields.get("company"))
            for key, value in fields.items():
                if key in _SECTION_HEADERS and isinstance(value, str) and value.strip():
                    sections.append((_SECTION_HEADERS[key], value))
                elif isinstance(value, dict):
                    nested.append(value)
        level = nested[:_JSON_LD_CHILDREN]
    return title, company, sections


def _fields(node: dict) -> dict:
    """Return an object's fields under lower-case keys ("Description", "DESCRIPTION" and "description" alike)."""
    return {key.lower(): value for key, value in node.items() if isinstance(key, str)}
