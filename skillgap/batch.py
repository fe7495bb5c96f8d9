"""Extract many postings fast: a content-hash cache, worker processes, results in a fixed order.

`extract_record` is the unit of work: a pure function of a posting's text and the taxonomy that
returns the `skillgap extract --format json` object, so it maps onto the partitions of Dask or
Spark unchanged (see the README, "Performance"). `extract_files` is what `extract_paths` runs
on one machine: it streams the files (only one raw text per process is held at a time), answers
unchanged postings from the cache and spreads the rest over the CPU cores.
"""
from __future__ import annotations

import multiprocessing
import os
import sys
import zlib
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from skillgap.cache import (ExtractCache, cache_salt, decode_job, encode_job, entry_key, file_digest,
                            stat_signature, text_digest)
from skillgap.errors import InputError
from skillgap.extract import Matcher, extract_document
from skillgap.load import DEFAULT_MAX_BYTES, FORMATS, read_document
from skillgap.models import JobExtraction, RawDocument
from skillgap.taxonomy import Taxonomy

WORKERS_ENV = "SKILLGAP_WORKERS"
# Below this many files to extract, starting worker processes costs more than it saves.
PARALLEL_MIN_FILES = 200
CHUNK_FILES = 48
_MAX_WORKERS = 8

# ---------------------------------------------------------------- one posting, anywhere

_MATCHERS: dict[int, tuple[Taxonomy, Matcher]] = {}


def matcher_of(taxonomy: Taxonomy) -> Matcher:
    """Return the alias automaton of a taxonomy, built once per process and taxonomy object."""
    found = _MATCHERS.get(id(taxonomy))
    if found is None or found[0] is not taxonomy:
        if len(_MATCHERS) >= 4:
            _MATCHERS.clear()
        found = _MATCHERS[id(taxonomy)] = (taxonomy, Matcher(taxonomy))
    return found[1]


def extract_record(source: str, raw_text: str, title: str | None = None, company: str | None = None,
                   taxonomy: Taxonomy | None = None) -> dict:
    """Extract one posting's skills; return the `skillgap extract --format json` object.

    Pure: the result depends only on the arguments (and the installed skillgap). With
    `taxonomy=None` the bundled taxonomy is used, loaded and compiled once per process, so a
    Dask or Spark worker pays for it once, not once per record.
    """
    from skillgap.taxonomy import bundled_taxonomy

    taxonomy = taxonomy if taxonomy is not None else bundled_taxonomy()
    doc = RawDocument(source=source, text=raw_text, title=title, company=company)
    return extract_document(doc, taxonomy, matcher_of(taxonomy)).to_dict()


# ---------------------------------------------------------------- many files, one machine


@dataclass
class Outcome:
    """What happened to each file, in the order given: a job (with its text digest) or an error."""

    jobs: list[JobExtraction | None]
    text_digests: list[str | None]
    errors: list[InputError | None]
    stats: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class _Task:
    index: int
    path: str
    source: str
    key: str | None = None        # cache key, when the file's bytes were hashed
    digest: str | None = None     # digest of the file's bytes
    signature: str | None = None  # the file's stat before hashing; the entry is stored only if unchanged


def extract_files(files: Sequence[Path], taxonomy: Taxonomy, cache_dir: Path | None = None,
                  workers: int | None = None) -> Outcome:
    """Extract every file; read unchanged ones from the cache in `cache_dir` (None: no cache).

    `workers`: processes to use when many files need extracting (default: the CPUs available,
    or $SKILLGAP_WORKERS); 1 extracts in this process.
    """
    count = len(files)
    out = Outcome([None] * count, [None] * count, [None] * count,
                  {"files": count, "cached": 0, "extracted": 0, "workers": 1})
    cache = ExtractCache.open(cache_dir) if cache_dir is not None else None
    try:
        tasks = _lookup(files, taxonomy, cache, out) if cache else \
            [_Task(i, str(p), str(p)) for i, p in enumerate(files)]
        out.stats["extracted"] = len(tasks)
        new_entries, new_files = [], []
        for task, result in _run(tasks, taxonomy, workers, out.stats, want_blobs=cache is not None):
            kind = result[0]
            if kind == "error":
                out.errors[task.index] = InputError(*result[1:])
                continue
            if kind == "job":
                job, blob, digest = result[1], result[2], result[3]
            else:  # "blob", from a worker process
                blob = result[1]
                job, digest = decode_job(blob, task.source)
            out.jobs[task.index], out.text_digests[task.index] = job, digest
            if cache and task.key and _unchanged(task):
                new_entries.append((task.key, blob))
                new_files.append((os.path.abspath(task.path), task.signature, task.digest))
        if cache:
            cache.put(new_entries, new_files)
            cache.prune()
    finally:
        if cache:
            cache.close()
    return out


def _lookup(files: Sequence[Path], taxonomy: Taxonomy, cache: ExtractCache, out: Outcome) -> list[_Task]:
    """Answer what the cache knows; return a task for every other file."""
    names = [str(path) for path in files]
    absolute = [os.path.abspath(name) for name in names]
    signatures: dict[str, str] = {}
    for name, full in zip(names, absolute):
        try:
            signatures[full] = stat_signature(os.stat(name))
        except OSError:
            pass  # read_document will say what is wrong with it
    remembered = cache.known_digests(signatures)
    salts: dict[str, str] = {}
    planned: list[tuple[str | None, str | None]] = []  # (key, digest) per file
    for name, full in zip(names, absolute):
        fmt = FORMATS.get(os.path.splitext(name)[1].lower())
        digest = remembered.get(full) or (_hash_file(name) if full in signatures and fmt else None)
        if digest is None:
            planned.append((None, None))
            continue
        salt = salts.get(fmt) or salts.setdefault(fmt, cache_salt(taxonomy, fmt))
        planned.append((entry_key(digest, salt), digest))
    stored = cache.get_many(key for key, _ in planned if key)
    tasks, refreshed, used = [], [], []
    for index, (name, full, (key, digest)) in enumerate(zip(names, absolute, planned)):
        blob = stored.get(key) if key else None
        if blob is not None:
            try:
                out.jobs[index], out.text_digests[index] = decode_job(blob, name)
            except (ValueError, TypeError, IndexError, KeyError, zlib.error, UnicodeDecodeError):
                blob = None  # a corrupt entry: extract again and overwrite it
            else:
                out.stats["cached"] += 1
                used.append(key)
                if remembered.get(full) != digest:
                    refreshed.append((full, signatures[full], digest))
        if blob is None:
            tasks.append(_Task(index, name, name, key, digest, signatures.get(full)))
    if refreshed or used:
        cache.put((), refreshed, used)
    return tasks


def _hash_file(path: str) -> str | None:
    """Return the digest of a file's bytes, or None when it is too large or unreadable (read_document says why)."""
    try:
        if os.stat(path).st_size > DEFAULT_MAX_BYTES:
            return None
        with open(path, "rb") as handle:
            return file_digest(handle.read(DEFAULT_MAX_BYTES + 1))
    except OSError:
        return None


def _unchanged(task: _Task) -> bool:
    """Tell whether the file still has the stat it had when it was hashed (so the entry matches its bytes)."""
    try:
        return stat_signature(os.stat(task.path)) == task.signature
    except OSError:
        return False


# ---------------------------------------------------------------- running the tasks


def _run(tasks: list[_Task], taxonomy: Taxonomy, workers: int | None, stats: dict,
         want_blobs: bool) -> Iterator[tuple[_Task, tuple]]:
    """Yield (task, result) in task order, from worker processes when there are many tasks."""
    count = _worker_count(workers, len(tasks))
    done = 0
    if count > 1:
        stats["workers"] = count
        try:
            for task, result in _run_parallel(tasks, taxonomy, count):
                yield task, result
                done += 1
            return
        except (BrokenProcessPool, OSError):
            stats["workers"] = 1  # processes unavailable here, or one was killed: finish in this process
    matcher = matcher_of(taxonomy) if tasks[done:] else None
    for task in tasks[done:]:
        yield task, _extract_one(task, taxonomy, matcher, want_blobs)


def _worker_count(workers: int | None, tasks: int) -> int:
    if workers is None:
        env = os.environ.get(WORKERS_ENV, "")
        workers = int(env) if env.isdigit() and int(env) > 0 else None
    if workers is None:
        if tasks < PARALLEL_MIN_FILES:
            return 1
        workers = min(_available_cpus(), _MAX_WORKERS)
    return max(1, min(workers, tasks))


def _available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def _run_parallel(tasks: list[_Task], taxonomy: Taxonomy, count: int) -> Iterator[tuple[_Task, tuple]]:
    # Several chunks per worker keep both busy to the end; small enough to stream, large enough to batch.
    size = max(1, min(CHUNK_FILES, -(-len(tasks) // (count * 4))))
    chunks = [tasks[i:i + size] for i in range(0, len(tasks), size)]
    # fork shares the loaded taxonomy with the workers; elsewhere each worker unpickles it once.
    context = multiprocessing.get_context("fork") if sys.platform.startswith("linux") else None
    pool = ProcessPoolExecutor(max_workers=count, mp_context=context, initializer=_init_worker,
                               initargs=(taxonomy,))
    try:
        for chunk, results in zip(chunks, pool.map(_extract_chunk, chunks)):
            yield from zip(chunk, results)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


_WORKER: tuple[Taxonomy, Matcher] | None = None


def _init_worker(taxonomy: Taxonomy) -> None:
    """Build the matcher once per worker process (not once per task, and never pickled)."""
    global _WORKER
    _WORKER = (taxonomy, matcher_of(taxonomy))


def _extract_chunk(chunk: list[_Task]) -> list[tuple]:
    taxonomy, matcher = _WORKER
    return [_extract_one(task, taxonomy, matcher, want_blobs=True, as_blob=True) for task in chunk]


def _extract_one(task: _Task, taxonomy: Taxonomy, matcher: Matcher, want_blobs: bool,
                 as_blob: bool = False) -> tuple:
    """Read and extract one file: ("job", job, blob, digest), ("blob", blob) or ("error", path, problem, hint)."""
    try:
        doc = read_document(Path(task.path), task.source)
    except InputError as exc:
        return ("error", exc.path, exc.problem, exc.hint)
    job = extract_document(doc, taxonomy, matcher)
    digest = text_digest(job.text)
    blob = encode_job(job, digest) if want_blobs else None
    return ("blob", blob) if as_blob else ("job", job, blob, digest)
