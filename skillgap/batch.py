"""Extract many postings fast: a content-hash cache, worker processes, results in a fixed order.

`extract_record` is the unit of work: a pure function of a posting's text and the taxonomy that
returns the `skillgap extract --format json` object, so it maps onto the partitions of Dask or
Spark unchanged (see the README, "Performance"). `extract_files` is what `extract_paths` runs
on one machine: it streams the files (only one raw text per process is held at a time), answers
unchanged postings from the cache and spreads the rest over the CPU cores.
"""
from __future__ import annotations

import gc
import os
import sys
import threading
import time
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from skillgap.cache import (TEXT_FIELD, ExtractCache, cache_salt, decode_fields, encode_fields, entry_key, file_digest,
                            job_from_fields, stat_signature, taxonomy_digest, text_digest)
from skillgap.errors import InputError
from skillgap.load import DEFAULT_MAX_BYTES, FORMATS, read_at_most, read_document
from skillgap.models import JobExtraction, RawDocument
from skillgap.taxonomy import Taxonomy

# The extractor and multiprocessing are imported where they are used: a warm run, answered from the
# cache, needs neither (some 45 ms of its start-up).
if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

    from skillgap.extract import Matcher

WORKERS_ENV = "SKILLGAP_WORKERS"
# Below this many files to extract, starting worker processes costs more than it saves.
PARALLEL_MIN_FILES = 200
CHUNK_FILES = 48
_FLUSH_ENTRIES = 1000
_LOOKUP_BATCH = 500
_MAX_WORKERS = 8
_QUEUED_PER_WORKER = 2

# ---------------------------------------------------------------- one posting, anywhere

_MATCHERS: dict[str, Matcher] = {}  # by taxonomy content: an unpickled copy finds the matcher built before


def matcher_of(taxonomy: Taxonomy) -> Matcher:
    """Return the alias automaton of a taxonomy, built once per process and taxonomy content."""
    key = taxonomy_digest(taxonomy)
    found = _MATCHERS.get(key)
    if found is None:
        from skillgap.extract import Matcher

        if len(_MATCHERS) >= 4:
            _MATCHERS.clear()
        found = _MATCHERS[key] = Matcher(taxonomy)
    return found


def extract_record(source: str, raw_text: str, title: str | None = None, company: str | None = None,
                   taxonomy: Taxonomy | None = None) -> dict:
    """Extract one posting's skills; return the `skillgap extract --format json` object.

    Pure: the result depends only on the arguments (and the installed skillgap). With
    `taxonomy=None` the bundled taxonomy is used, loaded and compiled once per process, so a
    Dask or Spark worker pays for it once, not once per record.
    """
    from skillgap.extract import extract_document
    from skillgap.taxonomy import bundled_taxonomy

    taxonomy = taxonomy if taxonomy is not None else bundled_taxonomy()
    doc = RawDocument(source=source, text=raw_text, title=title, company=company)
    return extract_document(doc, taxonomy, matcher_of(taxonomy)).to_dict()


# ---------------------------------------------------------------- many files, one machine


@dataclass
class Outcome:
    """What happened to each file, in the order given.

    `jobs[i]` is the extraction of file i, or None when it failed (`errors[i]`) or when its text
    is the same as an earlier file's (`text_digests[i]` tells which): a copy is not kept in
    memory, so a folder full of duplicates costs no more than one of each.
    """

    jobs: list[JobExtraction | None]
    text_digests: list[str | None]
    errors: list[InputError | None]
    stats: dict[str, int] = field(default_factory=dict)
    on_job: Callable[[int, JobExtraction, int | None], JobExtraction] | None = None
    build: Callable[[list, str], object] = job_from_fields
    read: Callable[[bytes, str], tuple[object, str]] | None = None
    _first: dict[str, int] = field(default_factory=dict, repr=False)

    def from_entry(self, blob: bytes, source: str) -> tuple[object, str]:
        """Return (what `build` makes of a cache entry, the digest of its text), through `read` when given."""
        if self.read is not None:
            return self.read(blob, source)
        values, digest = decode_fields(blob)
        return self.build(values, source), digest

    def keep(self, index: int, job: JobExtraction, digest: str) -> None:
        """Record file `index`'s extraction, keeping only the first file of each distinct text.

        Nothing is recorded when `on_job` raises (a cached posting's text could not be read).
        """
        holder = self._first.get(digest)
        if holder is None or index < holder:
            kept = job if self.on_job is None else self.on_job(index, job, holder)
            if holder is not None:
                self.jobs[holder] = None
            self._first[digest] = index
            self.jobs[index] = kept
        self.text_digests[index] = digest


@dataclass(frozen=True)
class _Task:
    index: int
    path: str
    source: str
    key: str | None = None        # cache key, when the file's bytes were hashed
    digest: str | None = None     # digest of the file's bytes
    signature: str | None = None  # the file's stat before hashing; the entry is stored only if unchanged


def extract_files(files: Sequence[Path], taxonomy: Taxonomy, cache_dir: Path | None = None,
                  workers: int | None = None, progress=None, on_job=None, build=job_from_fields,
                  read=None) -> Outcome:
    """Extract every file; read unchanged ones from the cache in `cache_dir` (None: no cache).

    `workers`: processes to use when many files need extracting (default: the CPUs available,
    or $SKILLGAP_WORKERS); 1 extracts in this process. `progress(done, total)` is called after
    each file that had to be extracted. `on_job(index, job, replaced)` is called with each
    extraction kept, as it arrives (cached ones first, so not in file order), with the index of
    the later file of the same text it displaces or None; what it returns is kept instead.
    `build(fields, source)` makes what is kept and handed to `on_job` from an extraction's
    `cache.job_fields`: by default the JobExtraction; `postings.posting_from_fields` skips the
    hits' and mentions' objects, which a cached posting would otherwise be decoded into. Any other
    build runs in the worker process that extracted the file, so it must be a module-level function.
    `read(entry, source)`, if given, returns (what `build` makes, the text's digest) of a cache entry
    straight from its bytes: `postings.posting_from_entry` reads only the entry's summary.
    """
    count = len(files)
    out = Outcome([None] * count, [None] * count, [None] * count,
                  {"files": count, "cached": 0, "copies": 0, "extracted": 0, "workers": 1}, on_job, build, read)
    cache = ExtractCache.open(cache_dir) if cache_dir is not None else None
    with collector_paused():
        try:
            _extract_into(out, files, taxonomy, cache, workers, progress)
        finally:
            if cache:
                cache.close()
    return out


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many acyclic objects.

    Hundreds of thousands of new objects (hits, mentions; the analysis's rows and dicts) set off
    full collections again and again, each walking every posting in memory; pausing halves the
    time to load a cached corpus. Whatever garbage with cycles others made is collected when the
    collector resumes.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def collector_running() -> Iterator[None]:
    """Run the cyclic garbage collector for the duration (inside `collector_paused`), over what is made meanwhile.

    Parsing a posting's HTML or drawing a chart makes cycles worth collecting, but the first
    collection would also walk every object made while the collector was paused (the cached
    postings loaded so far: a million objects for 5,000 postings). Those are set aside meanwhile
    with gc.freeze, unless something else froze objects first (never thaw what is not ours).
    """
    was_enabled = gc.isenabled()
    set_aside = gc.get_freeze_count() == 0
    if set_aside:
        gc.freeze()
    gc.enable()
    try:
        yield
    finally:
        if not was_enabled:
            gc.disable()
        if set_aside:
            gc.unfreeze()


def _extract_into(out: Outcome, files: Sequence[Path], taxonomy: Taxonomy, cache: ExtractCache | None,
                  workers: int | None, progress) -> None:
    pool = _Workers(taxonomy, workers)
    try:
        _collect(out, files, taxonomy, cache, pool, progress)
    finally:
        pool.close()


def _collect(out: Outcome, files: Sequence[Path], taxonomy: Taxonomy, cache: ExtractCache | None,
             pool: _Workers, progress=None) -> None:
    if cache:
        tasks, later = _lookup(files, taxonomy, cache, out, pool.start)
    else:
        pool.start(len(files))
        tasks, later = [_Task(i, str(p), str(p)) for i, p in enumerate(files)], []
    out.stats["extracted"] = len(tasks)
    new_entries, new_files = [], []
    for done, (task, result) in enumerate(_chain(_run(tasks, taxonomy, pool, out.stats, cache is not None, out.build),
                                                 lambda: _copies(later, tasks, out, taxonomy)), 1):
        if progress:
            progress(min(done, len(tasks)), len(tasks))
        kind = result[0]
        if kind == "error":
            out.errors[task.index] = InputError(*result[1:])
            continue
        job, blob, digest = result[1], result[2], result[3]
        if kind == "fields":  # from a worker process
            job = out.build(job, task.source)
        out.keep(task.index, job, digest)
        if cache and task.key and _unchanged(task):
            new_entries.append((task.key, blob))
            new_files.append((os.path.abspath(task.path), task.signature, task.digest))
            if len(new_entries) >= _FLUSH_ENTRIES:  # write as we go: a long run keeps what it did
                cache.put(new_entries, new_files)
                new_entries, new_files = [], []
    if cache:
        cache.put(new_entries, new_files)
        cache.prune()


def _lookup(files: Sequence[Path], taxonomy: Taxonomy, cache: ExtractCache, out: Outcome,
            expect_work=lambda files: None) -> tuple[list[_Task], list[_Task]]:
    """Answer what the cache knows; return (a task for every other file, files to resolve later).

    A file with the same bytes as an earlier file is neither decoded nor extracted again: it is
    the same posting, so it only needs the earlier file's text digest. Those that depend on a
    file still to be extracted are returned as the second list.
    """
    names = [str(path) for path in files]
    absolute = [os.path.abspath(name) for name in names]
    signatures: dict[str, str] = {}
    for name, full in zip(names, absolute):
        try:
            signatures[full] = stat_signature(os.stat(name))
        except OSError:
            pass  # read_document will say what is wrong with it
    remembered = cache.known_digests(signatures)
    expect_work(len(names) - len(remembered))  # new or changed files: worker processes can start meanwhile
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
    tasks, later, refreshed = [], [], []
    text_of_key: dict[str, str | None] = {}  # cache key → text digest (None: still to be extracted)
    for batch_start in range(0, len(planned), _LOOKUP_BATCH):  # a batch of entries in memory at a time
        batch = range(batch_start, min(batch_start + _LOOKUP_BATCH, len(planned)))
        stored = cache.get_many(planned[i][0] for i in batch if planned[i][0] and planned[i][0] not in text_of_key)
        for index in batch:
            (key, digest), name, full = planned[index], names[index], absolute[index]
            signature = signatures.get(full)
            if key in text_of_key:
                if text_of_key[key] is None:
                    later.append(_Task(index, name, name, key, digest, signature))
                else:
                    out.text_digests[index] = text_of_key[key]
                    out.stats["copies"] += 1
                continue
            blob = stored.get(key) if key else None
            if blob is not None:
                try:
                    job, text = out.from_entry(blob, name)
                    out.keep(index, job, text)
                except (ValueError, TypeError, IndexError, KeyError, zlib.error, UnicodeDecodeError):
                    blob = None  # a corrupt entry: extract again and overwrite it
                else:
                    text_of_key[key] = text
                    out.stats["cached"] += 1
                    if remembered.get(full) != digest:
                        refreshed.append((full, signature, digest))
            if blob is None:
                tasks.append(_Task(index, name, name, key, digest, signature))
                if key:
                    text_of_key[key] = None
    if refreshed:
        cache.put((), refreshed)
    return tasks, later


def _chain(first: Iterator, then) -> Iterator:
    """Yield from `first`, then from the iterator `then()` returns (built only once `first` is done)."""
    yield from first
    yield from then()


def _copies(later: list[_Task], extracted: list[_Task], out: Outcome,
            taxonomy: Taxonomy) -> Iterator[tuple[_Task, tuple]]:
    """Resolve files whose bytes equal a file extracted in this run; extract those whose original failed."""
    text_of_key = {t.key: out.text_digests[t.index] for t in extracted if t.key}
    retry = []
    for task in later:
        if text_of_key.get(task.key):
            out.text_digests[task.index] = text_of_key[task.key]
            out.stats["copies"] += 1
        else:
            retry.append(task)  # the original could not be read: say so for each copy, in its own words
    out.stats["extracted"] += len(retry)
    matcher = matcher_of(taxonomy) if retry else None
    for task in retry:
        with collector_running():
            result = _extract_one(task, taxonomy, matcher, want_blobs=True, build=out.build)
        yield task, result


def _hash_file(path: str) -> str | None:
    """Return the digest of a file's bytes, or None when it is too large or unreadable (read_document says why)."""
    try:
        size = os.stat(path).st_size
        if size > DEFAULT_MAX_BYTES:
            return None
        with open(path, "rb") as handle:
            return file_digest(read_at_most(handle, DEFAULT_MAX_BYTES + 1, size))
    except OSError:
        return None


def _unchanged(task: _Task) -> bool:
    """Tell whether the file still has the stat it had when it was hashed (so the entry matches its bytes)."""
    try:
        return stat_signature(os.stat(task.path)) == task.signature
    except OSError:
        return False


# ---------------------------------------------------------------- running the tasks


def _run(tasks: list[_Task], taxonomy: Taxonomy, pool: _Workers, stats: dict,
         want_blobs: bool, build) -> Iterator[tuple[_Task, tuple]]:
    """Yield (task, result) in task order, from worker processes when there are many tasks."""
    done = 0
    if pool.wanted(len(tasks)):
        from concurrent.futures.process import BrokenProcessPool

        stats["workers"] = pool.count
        try:
            for task, result in pool.run(tasks, want_blobs, build):
                yield task, result
                done += 1
            return
        except (BrokenProcessPool, OSError):
            stats["workers"] = 1  # processes unavailable here, or one was killed: finish in this process
    pool.close(wait=False)  # started for files the cache knew by content after all
    matcher = matcher_of(taxonomy) if tasks[done:] else None
    for task in tasks[done:]:
        with collector_running():  # parsing HTML makes reference cycles
            result = _extract_one(task, taxonomy, matcher, want_blobs, build)
        yield task, result


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


class _Workers:
    """Worker processes beside this one, started as soon as there is clearly much to extract.

    `count` processes extract: this one and `count - 1` workers. This process takes a chunk itself
    whenever the workers have enough queued and the next result is not in yet, rather than wait:
    on two cores one worker and this process beat two workers, which would both build a matcher
    and send every result across. Started early, the workers build their matchers while this
    process is still hashing files.
    """

    def __init__(self, taxonomy: Taxonomy, workers: int | None):
        self.taxonomy, self.requested = taxonomy, workers
        self.executor: ProcessPoolExecutor | None = None
        self.count = 0

    def start(self, expected_tasks: int) -> None:
        """Start the processes if `expected_tasks` files are worth them (once)."""
        count = _worker_count(self.requested, expected_tasks)
        if count <= 1 or self.executor is not None:
            return
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # fork shares the loaded taxonomy with the workers; elsewhere each worker unpickles it once.
        context = multiprocessing.get_context("fork") if sys.platform.startswith("linux") else None
        if context is not None:
            # This process needs the matcher and nearly every phrase regex too: built before the fork, the workers
            # share them instead of spending most of a second each building their own.
            matcher_of(self.taxonomy).phrases.compile_all()
        try:
            self.executor = ProcessPoolExecutor(max_workers=count - 1, mp_context=context, initializer=_init_worker,
                                                initargs=(self.taxonomy,))
            for _ in range(count - 1):
                self.executor.submit(_ready)  # start them now, not at the first chunk
            self.count = count
        except OSError:
            self.close()

    def wanted(self, tasks: int) -> bool:
        """Tell whether `tasks` files are extracted with the workers (starting them if need be)."""
        if _worker_count(self.requested, tasks) <= 1:
            return False
        self.start(tasks)
        return self.executor is not None

    def run(self, tasks: list[_Task], want_blobs: bool, build) -> Iterator[tuple[_Task, tuple]]:
        """Yield (task, result) for every task, in order; `want_blobs`: with cache entries; `build`: see `_extract_one`."""
        # Several chunks per process keep all busy to the end; small enough to stream, large enough to batch.
        size = max(1, min(CHUNK_FILES, -(-len(tasks) // (self.count * 4))))
        chunks = [tasks[i:i + size] for i in range(0, len(tasks), size)]
        extract = partial(_extract_chunk, want_blobs=want_blobs, build=build)
        queued: dict[int, Future] = {}  # by chunk number: the workers' chunks
        extracted_here: dict[int, list[tuple]] = {}
        handed = 0  # chunks handed out so far, in order, to a worker or to this process
        for number, chunk in enumerate(chunks):
            while number not in extracted_here and not (number in queued and queued[number].done()):
                busy = sum(not future.done() for future in queued.values())
                while handed < len(chunks) and busy < (self.count - 1) * _QUEUED_PER_WORKER:
                    queued[handed] = self.executor.submit(extract, chunks[handed])
                    handed, busy = handed + 1, busy + 1
                if handed == len(chunks) or handed - number > self.count * _QUEUED_PER_WORKER:
                    break  # nothing left to take, or far enough ahead (results wait in memory): wait for the worker
                with collector_running():  # parsing HTML makes reference cycles
                    matcher = matcher_of(self.taxonomy)
                    extracted_here[handed] = [_extract_one(task, self.taxonomy, matcher, want_blobs, build)
                                              for task in chunks[handed]]
                handed += 1
            results = extracted_here.pop(number) if number in extracted_here else queued.pop(number).result()
            yield from zip(chunk, results)

    def close(self, wait: bool = True) -> None:
        """Stop the processes (cancelling what they have not started)."""
        if self.executor is not None:
            self.executor.shutdown(wait=wait, cancel_futures=True)
            self.executor = None


def _ready() -> None:
    """Nothing: submitted once per worker so that the processes start at once."""


_WORKER: tuple[Taxonomy, Matcher] | None = None


def _init_worker(taxonomy: Taxonomy) -> None:
    """Build the matcher once per worker process (not once per task, and never pickled)."""
    global _WORKER
    gc.enable()  # a forked worker inherits the paused collector; extraction (HTML parsing) makes cycles
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    _WORKER = (taxonomy, matcher_of(taxonomy))


PARENT_CHECK_SECONDS = 0.5


def _exit_with_parent(parent: int) -> None:
    """End this worker once skillgap's process is gone (killed: it could not tell the worker to stop).

    The worker would wait on its task pipe forever: its sibling workers hold the pipe's other end open.
    """
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)


def _extract_chunk(chunk: list[_Task], want_blobs: bool, build) -> list[tuple]:
    taxonomy, matcher = _WORKER
    return [_extract_one(task, taxonomy, matcher, want_blobs, build, in_worker=True) for task in chunk]


def _extract_one(task: _Task, taxonomy: Taxonomy, matcher: Matcher, want_blobs: bool,
                 build=job_from_fields, in_worker: bool = False) -> tuple:
    """Read and extract one file: ("job", what `build` makes of it, blob, digest) or ("error", path, problem, hint).

    `build(job_fields, source)` runs here, in whichever process extracted the file, so a worker
    sends what is kept (a posting's few tuples, a JSON line) rather than the whole extraction.
    The default build, the JobExtraction itself, is the exception: a worker sends
    ("fields", job_fields, blob, digest), since plain lists pickle and unpickle several times
    faster than the job's objects. `blob` is the cache entry, None unless `want_blobs`.
    """
    from skillgap.extract import extract_fields

    try:
        doc = read_document(Path(task.path), task.source)
        fields = extract_fields(doc, taxonomy, matcher)
    except InputError as exc:
        return ("error", exc.path, exc.problem, exc.hint)
    except Exception as exc:  # whatever else a posting holds (a parser bug, a recursion), it costs only itself
        return ("error", task.source, f"could not be read ({type(exc).__name__})",
                "save the posting's text as .txt, or remove the file")
    digest = text_digest(fields[TEXT_FIELD])
    blob = encode_fields(fields, digest) if want_blobs else None
    if build is not job_from_fields:
        return ("job", build(fields, task.source), blob, digest)
    return ("fields", fields, blob, digest) if in_worker else ("job", job_from_fields(fields, task.source), blob, digest)
