"""Save one posting (a file, a URL or pasted text) into the job-description folder under a clean name."""
from __future__ import annotations

import json
import os
import re
import secrets
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

from skillgap.analysis import matcher_for
from skillgap.clean import clean_text
from skillgap.errors import InputError, UsageError
from skillgap.extract import extract_document
from skillgap.fetch import FALLBACK_HINT, fetch, is_url
from skillgap.load import DEFAULT_MAX_BYTES as MAX_BYTES, SUPPORTED_SUFFIXES, decode_bytes, discover, read_document
from skillgap.models import JobExtraction, RawDocument
from skillgap.taxonomy import Taxonomy
from skillgap.writes import remove_stale_temps

STDIN = "-"
NAME_MAX_CHARS = 60
_COMPANY_MAX_CHARS = 20
_MIN_CUT_CHARS = 12
_NOT_NAME_CHAR = re.compile(r"[^\w]+|_+")
_BRACKETED = re.compile(r"\[[^\]]*\]|\([^)]*\)|【[^】]*】|<[^>]*>")
_LEADING_COMPANY = re.compile(r"^\s*[\[【]\s*([^\]】]{1,30}?)\s*[\]】]")
_TITLE_COMPANY_SEPARATORS = (" — ", " – ", " | ", " - ", " @ ", " at ")
# Names Windows refuses for files, whatever the extension.
_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                       *(f"lpt{i}" for i in range(1, 10))})
_MEDIA_SUFFIXES = {"text/html": ".html", "application/xhtml+xml": ".html", "application/json": ".json",
                   "application/ld+json": ".json", "text/markdown": ".md", "text/x-markdown": ".md"}


class DuplicatePostingError(InputError):
    """The posting is already in the folder (the same cleaned text under another name)."""

    exit_code = 1

    def __init__(self, source: str, existing: Path):
        self.existing = existing
        super().__init__(source, f"already saved as {existing} (same text)", "nothing added")


@dataclass(frozen=True)
class Added:
    """A posting saved into the job-description folder, with its extracted skills."""

    path: Path
    job: JobExtraction


def add_posting(source: str, jobs_dir: Path, taxonomy: Taxonomy, name: str | None = None,
                stdin=None) -> Added:
    """Save a posting from a file, an http(s) URL or pasted text (`source` "-", read from `stdin`).

    The bytes are saved as they came (a copy; the input file is never changed), under
    `<title>-<company>.<ext>` or `name`, with `-2`, `-3`, … when another posting has that
    name. Raises DuplicatePostingError when the folder already holds the same posting.
    """
    data, suffix, label = _obtain(source, stdin)
    jobs_dir.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(jobs_dir)
    # A hidden staging file: read_document needs a path, and discover() skips hidden names.
    staged = jobs_dir / f".skillgap-add-{secrets.token_hex(4)}{suffix}"
    try:
        with open(staged, "xb") as handle:
            handle.write(data)
        doc = read_document(staged, label)
        text = clean_text(doc.text)
        existing = find_same_posting(text, jobs_dir)
        if existing is not None:
            raise DuplicatePostingError(label, existing)
        target = free_path(jobs_dir, _stem(name) if name else posting_stem(doc.title, doc.company), suffix)
        os.replace(staged, target)
    finally:
        staged.unlink(missing_ok=True)
    job = extract_document(replace(doc, source=str(target)), taxonomy, matcher_for(taxonomy))
    return Added(target, job)


def _obtain(source: str, stdin) -> tuple[bytes, str, str]:
    """Return (bytes to save, file suffix, label for messages) for a file, a URL or stdin."""
    if source == STDIN:
        # One byte over the limit tells a long paste from `cat /dev/zero`, which never ends.
        raw = stdin.buffer.read(MAX_BYTES + 1) if hasattr(stdin, "buffer") else stdin.read(MAX_BYTES + 1).encode("utf-8")
        if len(raw) > MAX_BYTES:
            raise InputError("<stdin>", f"more than {MAX_BYTES // (1024 * 1024)} MB were pasted",
                             "paste one posting's text, or save it as a file and run: skillgap add FILE")
        if not raw.strip():
            raise InputError("<stdin>", "nothing was pasted",
                             "paste the posting's text, then press Ctrl-D (Ctrl-Z Enter on Windows)")
        data = decode_bytes(raw, "<stdin>").encode("utf-8")  # whatever the terminal's encoding, save UTF-8
        return data, sniff_suffix(data), "<stdin>"
    if is_url(source):
        page = fetch(source)
        return page.data, _suffix_for(page.content_type, page.data, source), source
    path = Path(source)
    if path.is_dir():
        raise UsageError(f"{source}: is a folder — give one posting file (or copy the folder's files "
                         "into the job-description folder)")
    files, problems = discover([path])
    if problems:
        raise problems[0]
    read_document(files[0], source)  # the same checks and messages as `skillgap report`
    with open(path, "rb") as handle:
        data = handle.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:  # it grew since it was checked
        raise InputError(source, "the file grew past the size limit while it was read", "try again")
    return data, path.suffix.lower(), source


def _suffix_for(content_type: str | None, data: bytes, url: str) -> str:
    """Return the file suffix for a fetched body from its Content-Type (sniffed when absent)."""
    if content_type is None or content_type == "application/octet-stream":
        return sniff_suffix(data)
    if content_type in _MEDIA_SUFFIXES:
        return _MEDIA_SUFFIXES[content_type]
    if content_type.endswith("+json"):
        return ".json"
    if content_type.startswith("text/"):
        return ".txt"
    raise InputError(url, f"unsupported content type '{content_type}'", FALLBACK_HINT)


def sniff_suffix(data: bytes) -> str:
    """Guess .html, .json or .txt from the first characters of a body that names no type."""
    head = data.lstrip()[:512].lower()
    if head.startswith((b"<!doctype html", b"<html")) or (head.startswith(b"<") and b"</" in data):
        return ".html"
    if head.startswith(b"{"):
        try:
            json.loads(decode_bytes(data, "<stdin>"))
        except (ValueError, InputError):
            return ".txt"
        return ".json"
    return ".txt"


def find_same_posting(text: str, jobs_dir: Path) -> Path | None:
    """Return the posting in `jobs_dir` whose cleaned text equals `text`, if any (unreadable files are ignored)."""
    files, _ = discover([jobs_dir])
    for path in files:
        try:
            other: RawDocument = read_document(path)
        except InputError:
            continue
        if clean_text(other.text) == text:
            return path
    return None


def posting_stem(title: str | None, company: str | None) -> str:
    """Return a file-name stem `<title>-<company>`: lower-case, Korean kept, unsafe characters removed.

    When the company is unknown it is taken from a title like "[하늘마켓] 데이터 엔지니어" or
    "ML Engineer — 바람페이"; bracketed qualifiers such as "(추천/개인화)" are dropped.
    """
    title = (title or "").strip()
    if not company:
        title, company = _split_company(title)
    plain_title = _BRACKETED.sub(" ", title)
    title_slug = _slug(plain_title) or _slug(title)
    company_slug = _cap(_slug(company or ""), _COMPANY_MAX_CHARS)
    if company_slug and company_slug in title_slug:
        company_slug = ""
    room = NAME_MAX_CHARS - (len(company_slug) + 1 if company_slug else 0)
    stem = "-".join(part for part in (_cap(title_slug, room), company_slug) if part)
    return _safe(stem)


def _split_company(title: str) -> tuple[str, str | None]:
    leading = _LEADING_COMPANY.match(title)
    if leading:
        return title[leading.end():].strip(), leading.group(1)
    for separator in _TITLE_COMPANY_SEPARATORS:
        head, found, tail = title.rpartition(separator)
        if found and head.strip() and 0 < len(tail.strip()) <= 30:
            return head.strip(), tail.strip()
    return title, None


def _stem(name: str) -> str:
    """Return the stem of a --name value, dropping a posting suffix the user may have typed."""
    base = name[: -len(Path(name).suffix)] if Path(name).suffix.lower() in SUPPORTED_SUFFIXES else name
    return _safe(_cap(_slug(base), NAME_MAX_CHARS))


def _slug(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    return _NOT_NAME_CHAR.sub("-", text).strip("-")


def _cap(slug: str, limit: int) -> str:
    """Cut a slug to `limit` characters, at a dash when that keeps enough of it."""
    if len(slug) <= limit:
        return slug
    cut = slug.rfind("-", 0, limit + 1)
    return (slug[:cut] if cut >= _MIN_CUT_CHARS else slug[:limit]).strip("-")


def _safe(stem: str) -> str:
    if not stem:
        return "posting"
    return f"{stem}-posting" if stem in _RESERVED else stem


def free_path(folder: Path, stem: str, suffix: str) -> Path:
    """Return `folder/stem+suffix`, or `stem-2`, `stem-3`, … when a posting already uses the stem."""
    number = 1
    while True:
        candidate = stem if number == 1 else f"{stem}-{number}"
        if not any((folder / f"{candidate}{s}").exists() for s in {suffix, *SUPPORTED_SUFFIXES}):
            return folder / f"{candidate}{suffix}"
        number += 1
