"""A content-hash cache of per-posting extraction results, kept in one SQLite file.

An entry's key is the SHA-256 of the file's bytes plus a salt made of the file format, the
taxonomy's full content and the extractor's version (a hash of the source of every module
extraction runs, the package data, and the library versions that shape the text). Any edit
to the code, the taxonomy or the posting therefore misses the cache; nothing is ever stale.

Why SQLite rather than one file per posting: a single file in `.skillgap-cache/` that is safe
to delete, transactional (a crash never leaves a half-written entry), compact (entries are
zlib-compressed JSON, about a third of the posting's size), and fast to read in bulk; 55,000
postings are 55,000 rows, not 55,000 inodes. Entries are JSON, not pickle: a cache folder that
came with a cloned project must not be able to run code. Corrupt entries are ignored and
rewritten; a corrupt database file is replaced; if the folder is not writable the run simply
goes on without a cache.

File stat (size, mtime, ctime, inode) is remembered per path, so an unchanged file is not even
read on the next run.
"""
from __future__ import annotations

import dataclasses
import hashlib
import importlib.util
import os
import re
import sqlite3
import sys
import time
import unicodedata
import weakref
import zlib
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from pathlib import Path

import orjson

from skillgap import __version__
from skillgap.models import REQUIREMENT_RANK, JobExtraction, Mention, Section, SkillHit
from skillgap.writes import inside_project

CACHE_ENV = "SKILLGAP_CACHE_DIR"
DEFAULT_CACHE_DIRNAME = ".skillgap-cache"
DB_NAME = "extract-v1.sqlite3"
# Rows not used for this many days are dropped when the cache is opened for writing.
KEEP_DAYS = 30
# Extraction starts from these modules; every skillgap module they import (transitively) is hashed.
_ROOT_MODULES = ("load", "extract", "models")
_IMPORT = re.compile(r"^\s*(?:from\s+(?:skillgap\.|\.)(\w+)\s+import|from\s+(?:skillgap|\.)\s+import\s+([\w, ]+)"
                     r"|import\s+skillgap\.(\w+))", re.MULTILINE)
_SQL_BATCH = 500
# An entry holds one posting's text (at most 200,000 characters, 4 bytes each in UTF-8) and its skills.
MAX_ENTRY_BYTES = 8 * 1024 * 1024
_PACKAGE = Path(__file__).resolve().parent


def default_cache_dir() -> Path:
    """Return the cache folder: $SKILLGAP_CACHE_DIR, else `.skillgap-cache/` in the working directory."""
    return Path(os.environ.get(CACHE_ENV) or DEFAULT_CACHE_DIRNAME)


# ---------------------------------------------------------------- what the key depends on


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """Return a hash of everything besides the taxonomy that can change what extraction returns."""
    digest = hashlib.sha256()
    data = _PACKAGE / "data"
    sources = [_PACKAGE / f"{name}.py" for name in sorted(_extraction_modules())]
    sources += sorted(p for p in data.iterdir() if p.is_file()) if data.is_dir() else []
    for path in sources:
        try:
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
        except OSError:  # installed without sources: the package version below still tells releases apart
            digest.update(path.name.encode() + b"\0?\0")
    digest.update(repr((__version__, sys.version_info[:2], unicodedata.unidata_version,
                        _library_versions())).encode())
    return digest.hexdigest()[:24]


def _extraction_modules() -> set[str]:
    """Return the skillgap modules extraction imports, found by reading their import lines."""
    seen: set[str] = set()
    todo = list(_ROOT_MODULES)
    while todo:
        name = todo.pop()
        path = _PACKAGE / f"{name}.py"
        if name in seen or not path.is_file():
            continue
        seen.add(name)
        try:
            source = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        for m in _IMPORT.finditer(source):
            names = [m.group(1) or m.group(3)] if (m.group(1) or m.group(3)) else \
                [part.strip() for part in m.group(2).split(",")]
            todo.extend(n for n in names if n)
    return seen | {"cache"}  # the entry format lives here


def _library_versions() -> tuple[str, ...]:
    import ahocorasick_rs
    import charset_normalizer

    return (_source_version("bs4"), _source_version("lxml"), str(getattr(charset_normalizer, "__version__", "")),
            str(getattr(ahocorasick_rs, "__version__", "")))


def _source_version(module: str) -> str:
    """Read a library's `__version__` from its source without importing it (bs4 is imported only for HTML)."""
    try:
        spec = importlib.util.find_spec(module)
        with open(spec.origin, encoding="utf-8") as handle:
            found = re.search(r"""^__version__\s*=\s*["']([^"']+)["']""", handle.read(), re.M)
    except (AttributeError, TypeError, ValueError, OSError):
        return ""
    return found.group(1) if found else ""


_TAXONOMY_DIGESTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def taxonomy_digest(taxonomy) -> str:
    """Return a hash of every field of every skill and category (sets in sorted order, so it is stable)."""
    cached = _TAXONOMY_DIGESTS.get(taxonomy)
    if cached is None:
        content = [_canonical(s) for s in sorted(taxonomy.skills.values(), key=lambda s: s.id)]
        content.append([_canonical(c) for c in sorted(taxonomy.categories.values(), key=lambda c: c.id)])
        content.append(getattr(taxonomy, "version", ""))
        blob = orjson.dumps(content, default=repr, option=orjson.OPT_SORT_KEYS)  # 5 ms; json's 25 ms on every run
        cached = _TAXONOMY_DIGESTS[taxonomy] = hashlib.sha256(blob).hexdigest()[:24]
    return cached


def _canonical(value):
    if value is None or isinstance(value, (str, int, float)):  # most values, checked first: every command hashes them
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [type(value).__name__, {name: _canonical(getattr(value, name)) for name in _field_names(type(value))}]
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted((_canonical(v) for v in value), key=repr)
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    return value


@lru_cache(maxsize=None)
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(kind))


def cache_salt(taxonomy, fmt: str) -> str:
    """Return the part of the key that is not the file's content: format, taxonomy, extractor version."""
    return f"{fmt}:{taxonomy_digest(taxonomy)}:{extractor_version()}"


def entry_key(content_digest: str, salt: str) -> str:
    """Return the cache key of a file whose bytes hash to `content_digest`."""
    return hashlib.sha256(f"{content_digest}\0{salt}".encode()).hexdigest()


def file_digest(data: bytes) -> str:
    """Return the SHA-256 of a file's bytes."""
    return hashlib.sha256(data).hexdigest()


def text_digest(text: str) -> str:
    """Return the SHA-256 of a cleaned text (two files with the same text are one posting)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------- entry format

_NESTED = {"skills": SkillHit, "mentions": Mention, "sections": Section}


@lru_cache(maxsize=None)
def _fields(cls) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls) if f.name != "source")


def _encode(obj) -> list:
    return [[_encode(v) for v in getattr(obj, name)] if name in _NESTED else getattr(obj, name)
            for name in _fields(type(obj))]


TEXT_FIELD = _fields(JobExtraction).index("text")  # where `job_fields` puts the cleaned text


@lru_cache(maxsize=None)
def _layout(cls) -> tuple[tuple[tuple[int, type], ...], tuple[int, ...], tuple[int, ...]]:
    """Return ((position, class) of the nested fields, positions of the string fields, of the string tuples)."""
    fields = [f for f in dataclasses.fields(cls) if f.name != "source"]
    nested = tuple((i, _NESTED[f.name]) for i, f in enumerate(fields) if f.name in _NESTED)
    strings = tuple(i for i, f in enumerate(fields) if str(f.type).startswith(("str", "<class 'str'>")))
    string_tuples = tuple(i for i, f in enumerate(fields) if str(f.type) == "tuple[str, ...]")
    return nested, strings, string_tuples


def _decode(cls, values: list, *leading, intern=sys.intern):
    nested, strings, string_tuples = _layout(cls)
    for index, inner in nested:
        values[index] = tuple([_decode(inner, v) for v in values[index]])
    for index in string_tuples:
        values[index] = tuple([intern(v) for v in values[index]])
    for index in strings:
        value = values[index]
        if value is not None and len(value) < 64:
            values[index] = intern(value)  # ids, names, sections, surfaces: a few thousand distinct strings
    return cls(*leading, *values)


def encode_job(job: JobExtraction, digest_of_text: str | None = None) -> bytes:
    """Return the compact cache entry of an extraction (everything but the source path).

    Layout: 4-byte length, the JSON `posting_summary` (what a report reads), then zlib-compressed: 4-byte
    length, the cleaned text as UTF-8 (parsing a long non-ASCII string out of JSON costs several times
    more than decoding it as bytes), the JSON header of every field. A report parses the summary as it
    is and inflates a text only to quote it: the header's mentions are half an entry, and inflating
    even the summaries took as long as parsing them. JSON goes through orjson: a warm report parses
    5,000 summaries, 40% faster than with json.
    """
    return encode_fields(job_fields(job), digest_of_text)


def encode_fields(values: list, digest_of_text: str | None = None) -> bytes:
    """Return `encode_job` of the extraction whose `job_fields` are `values` (left unchanged)."""
    text = values[TEXT_FIELD]
    digest = digest_of_text or text_digest(text)
    summary = orjson.dumps([digest, *posting_summary(values)])
    data = text.encode("utf-8")
    header = orjson.dumps([digest, [*values[:TEXT_FIELD], None, *values[TEXT_FIELD + 1:]]])
    return b"".join((len(summary).to_bytes(4, "big"), summary,
                     zlib.compress(b"".join((len(data).to_bytes(4, "big"), data, header)), 1)))


def decode_job(blob: bytes, source: str) -> tuple[JobExtraction, str]:
    """Return (the extraction stored in a cache entry, under `source`; the digest of its text).

    Raises ValueError, TypeError, IndexError or zlib.error for an entry that is corrupt.
    """
    values, digest = decode_fields(blob)
    return job_from_fields(values, source), digest


def decode_fields(blob: bytes) -> tuple[list, str]:
    """Return (the `job_fields` stored in a cache entry, the digest of its text), building no objects.

    Raises as `decode_job` does.
    """
    inflate = zlib.decompressobj()
    raw = inflate.decompress(memoryview(blob)[_compressed_start(blob):], MAX_ENTRY_BYTES)
    if inflate.unconsumed_tail:  # a planted entry that inflates to gigabytes: a cache folder can come with a project
        raise ValueError("cache entry too large")
    end = 4 + int.from_bytes(raw[:4], "big")
    digest, values = orjson.loads(raw[end:])
    if not isinstance(digest, str) or values[TEXT_FIELD] is not None:
        raise ValueError("not a cache entry")
    values[TEXT_FIELD] = raw[4:end].decode("utf-8")
    return values, digest


def decode_summary(blob: bytes) -> tuple[list, str, Callable[[], str]]:
    """Return (the `posting_summary` stored in a cache entry, the digest of its text, a function returning the text).

    The text is inflated only when asked for (a report quotes a third of its postings). Both raise as
    `decode_job` does.
    """
    start = _compressed_start(blob)
    digest, *summary = orjson.loads(memoryview(blob)[4:start])
    if not isinstance(digest, str):
        raise ValueError("not a cache entry")

    def text() -> str:
        inflate = zlib.decompressobj()
        size = int.from_bytes(_inflate_exactly(inflate, memoryview(blob)[start:], 4), "big")
        return _inflate_exactly(inflate, inflate.unconsumed_tail, size).decode("utf-8")

    return summary, digest, text


def _compressed_start(blob: bytes) -> int:
    """Return where an entry's compressed part starts, after its summary."""
    start = 4 + int.from_bytes(blob[:4], "big")
    if start > len(blob):
        raise ValueError("not a cache entry")
    return start


def _inflate_exactly(inflate, data, size: int) -> bytes:
    """Inflate the next `size` bytes of an entry, refusing sizes no entry has."""
    if not 0 <= size <= MAX_ENTRY_BYTES:  # a planted length must not make us inflate gigabytes
        raise ValueError("cache entry too large")
    out = inflate.decompress(data, size) if size else b""  # a max_length of 0 would mean no limit
    if len(out) != size:
        raise ValueError("not a cache entry")
    return out


def job_fields(job: JobExtraction) -> list:
    """Return an extraction's fields but its source, as nested lists: quick to pickle between processes."""
    return _encode_known(job) if _KNOWN_LAYOUT else _encode(job)


def job_from_fields(values: list, source: str) -> JobExtraction:
    """Return the extraction `job_fields` describes, under `source`."""
    return _decode_known(values, source) if _KNOWN_LAYOUT else _decode(JobExtraction, values, source)


def fields_json(values: list, source: str) -> bytes:
    """Return `job_from_fields(values, source).to_json()`, the same bytes, without making the extraction's objects."""
    title, company, language, years, hits = values[:5]
    return orjson.dumps({"source": source, "title": title, "company": company, "language": language, "years_min": years,
                         "skills": [{"id": skill_id, "name": name, "category": category, "requirement": requirement,
                                     "weight": weight, "mentions": [{"text": text, "section": section, "start": start,
                                                                     "end": end} for text, section, start, end in mentions],
                                     "alternatives": alternatives}
                                    for skill_id, name, category, requirement, weight, mentions, alternatives in hits]})


# The field layout `_decode_known` is written for; any other layout takes the generic `_decode`.
_KNOWN_LAYOUT = (_fields(JobExtraction) == ("title", "company", "language", "years_min", "skills", "text", "sections")
                 and _fields(SkillHit) == ("id", "name", "category", "requirement", "weight", "mentions", "alternatives")
                 and _fields(Mention) == ("text", "section", "start", "end")
                 and _fields(Section) == ("kind", "start", "end", "header"))


def _encode_known(job: JobExtraction) -> list:
    """Return `_encode(job)` without its per-field loops."""
    return [job.title, job.company, job.language, job.years_min,
            [[h.id, h.name, h.category, h.requirement, h.weight,
              [[m.text, m.section, m.start, m.end] for m in h.mentions], h.alternatives] for h in job.skills],
            job.text, [[s.kind, s.start, s.end, s.header] for s in job.sections]]


def _decode_known(values: list, source: str, intern=sys.intern) -> JobExtraction:
    """Build a JobExtraction from an entry, as `_decode` does but without its per-field loops (3× faster)."""
    title, company, language, years, skills, text, sections = values
    return JobExtraction(
        source, title, company, intern(language), years,
        tuple([SkillHit(intern(i), intern(n), intern(c), intern(r), w,
                        tuple([Mention(intern(t), intern(k), a, b) for t, k, a, b in mentions]),
                        tuple([intern(x) for x in alternatives]))
               for i, n, c, r, w, mentions, alternatives in skills]),
        text,
        tuple([Section(intern(k), a, b, intern(h)) for k, a, b, h in sections]))


def posting_summary(values: list) -> list:
    """Return what a report keeps of the extraction `job_fields` describes (`postings.Posting`), as lists.

    [title, company, language, years, then per mentioned skill: ids, weights, alternatives ([] when
    none has any), and (section rank, section, start, end) of the first mention in its strongest
    section: the one a quote shows]. Stored in each entry, so a report decodes no mentions.
    """
    title, company, language, years, hits = values[:5]
    skills, weights, alternatives, strongest = [], [], [], []
    for skill_id, _, _, _, weight, mentions, others in hits:
        if not mentions:
            continue
        skills.append(skill_id)
        weights.append(weight)
        alternatives.append(others)
        best = mentions[0] if len(mentions) == 1 else max(mentions, key=lambda m: REQUIREMENT_RANK[m[1]])
        strongest.append((REQUIREMENT_RANK[best[1]], best[1], best[2], best[3]))
    return [title, company, language, years, skills, weights, alternatives if any(alternatives) else [], strongest]


# ---------------------------------------------------------------- the store


class ExtractCache:
    """Cache entries and remembered file stats in `<folder>/extract-v1.sqlite3`."""

    def __init__(self, connection: sqlite3.Connection, path: Path):
        self.path = path
        self._db = connection
        self._today = int(time.time() // 86400)
        self._writable = True

    @classmethod
    def open(cls, folder: Path) -> ExtractCache | None:
        """Open (or create) the cache in `folder`; return None when it cannot be used."""
        path = Path(folder) / DB_NAME
        try:
            linked = Path(folder).is_symlink()
        except OSError:  # a name the system refuses (over 255 bytes a part): no cache, as below
            return None
        if linked and not inside_project(folder) and not os.environ.get(CACHE_ENV):
            return None  # a cache folder that came with the project must not lead skillgap to write elsewhere
        for attempt in range(2):
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                _remove_links(path)
                _write_readme(path.parent)
                db = sqlite3.connect(path, timeout=5, isolation_level=None)
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")
                _create_tables(db)
                return cls(db, path)
            except sqlite3.DatabaseError:
                if attempt == 0 and path.exists():
                    _remove_db(path)  # not a database any more: it is only a cache, start over
                    continue
                return None
            except OSError:
                return None
        return None

    def known_digests(self, stats: dict[str, str]) -> dict[str, str]:
        """Return {path: content digest} for the paths whose remembered stat is still `stats[path]`."""
        found: dict[str, str] = {}
        stale: list[str] = []
        for batch in _batches(list(stats)):
            rows = self._query(f"SELECT path, stat, digest, used FROM files WHERE path IN ({_marks(batch)})", batch)
            for path, stat, digest, used in rows:
                if stats.get(path) == stat:
                    found[path] = digest
                    if used < self._today:
                        stale.append(path)
        self._touch("files", "path", stale)
        return found

    def get_many(self, keys: Iterable[str]) -> dict[str, bytes]:
        """Return the stored entries among `keys` (marking them used today)."""
        found: dict[str, bytes] = {}
        stale: list[str] = []
        for batch in _batches(list(dict.fromkeys(keys))):
            for key, payload, used in self._query(f"SELECT key, payload, used FROM entries WHERE key IN ({_marks(batch)})",
                                                  batch):
                found[key] = payload
                if not isinstance(used, int) or used < self._today:  # not an int: a planted row
                    stale.append(key)
        self._touch("entries", "key", stale)
        return found

    def put(self, entries: Iterable[tuple[str, bytes]], files: Iterable[tuple[str, str, str]]) -> None:
        """Store entries (key, payload) and file stats (path, stat, digest) in one transaction."""
        if not self._writable:
            return
        try:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.executemany("INSERT OR REPLACE INTO entries (key, version, used, payload) VALUES (?, ?, ?, ?)",
                                 ((k, extractor_version(), self._today, p) for k, p in entries))
            self._db.executemany("INSERT OR REPLACE INTO files (path, stat, digest, used) VALUES (?, ?, ?, ?)",
                                 ((p, s, d, self._today) for p, s, d in files))
            self._db.execute("COMMIT")
        except (sqlite3.DatabaseError, OSError):
            self._writable = False  # locked by another run, read-only folder, disk full: go on without it
            try:
                self._db.execute("ROLLBACK")
            except sqlite3.DatabaseError:
                pass

    def prune(self) -> None:
        """Drop entries and file stats not used for KEEP_DAYS days, and entries of older skillgap code."""
        if not self._writable:
            return
        try:
            cutoff = self._today - KEEP_DAYS
            # Another version's entries can never be read by this one; a day's grace for two installs sharing a folder.
            self._db.execute("DELETE FROM entries WHERE used < ? OR (version != ? AND used < ?)",
                             (cutoff, extractor_version(), self._today))
            self._db.execute("DELETE FROM files WHERE used < ?", (cutoff,))
        except sqlite3.DatabaseError:
            pass

    def _touch(self, table: str, column: str, values: list[str]) -> None:
        """Mark rows as used today (once a day per row: pruning goes by it)."""
        if not values or not self._writable:
            return
        try:
            for batch in _batches(values):
                self._db.execute(f"UPDATE {table} SET used = ? WHERE {column} IN ({_marks(batch)})",
                                 [self._today, *batch])
        except sqlite3.DatabaseError:
            self._writable = False

    def close(self) -> None:
        """Close the database connection."""
        try:
            self._db.close()
        except sqlite3.DatabaseError:
            pass

    def _query(self, sql: str, params: list) -> Iterator[tuple]:
        try:
            return iter(self._db.execute(sql, params).fetchall())
        except sqlite3.DatabaseError:
            return iter(())


_TABLES = {
    "entries": "key TEXT PRIMARY KEY, version TEXT, used INTEGER, payload BLOB",
    "files": "path TEXT PRIMARY KEY, stat TEXT, digest TEXT, used INTEGER",
}


def _create_tables(db: sqlite3.Connection) -> None:
    """Create the tables, replacing any left by an older layout of this cache."""
    for table, columns in _TABLES.items():
        db.execute(f"CREATE TABLE IF NOT EXISTS {table} ({columns})")
        have = [row[1] for row in db.execute(f"PRAGMA table_info({table})")]
        if have != [column.split()[0] for column in columns.split(", ")]:
            db.execute(f"DROP TABLE {table}")
            db.execute(f"CREATE TABLE {table} ({columns})")


def stat_signature(st: os.stat_result) -> str:
    """Return what must stay the same for a file's remembered content digest to be trusted."""
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}:{st.st_dev}"


def _batches(items: list) -> Iterator[list]:
    for start in range(0, len(items), _SQL_BATCH):
        yield items[start:start + _SQL_BATCH]


def _marks(batch: list) -> str:
    return ",".join("?" * len(batch))


def _remove_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            Path(str(path) + suffix).unlink()
        except OSError:
            pass


def _remove_links(db: Path) -> None:
    """Remove links named like the cache's files: SQLite would write through them (the files are only a cache)."""
    for path in (db.parent / "README.txt", *(Path(str(db) + suffix) for suffix in ("", "-wal", "-shm", "-journal"))):
        if path.is_symlink():
            path.unlink()


def _write_readme(folder: Path) -> None:
    try:
        # O_EXCL: an existing file is kept, and a link (even a dangling one) is never followed.
        fd = os.open(folder / "README.txt", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        return
    with os.fdopen(fd, "w", encoding="utf-8") as note:
        note.write("skillgap's extraction cache. Safe to delete; it is rebuilt on the next run.\n"
                   "Set SKILLGAP_CACHE_DIR to keep it elsewhere.\n")
