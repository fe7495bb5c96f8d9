"""The quotes a report shows for each skill, taken while the postings stream in so their texts can go.

A skill's quotes are the strongest mention (by section) in each posting that mentions it, from the
EVIDENCE_PER_SKILL postings that ask for it most strongly, earliest first. They are all a report
needs of the postings' texts, which are a third of a posting's memory.
"""
from __future__ import annotations

import re
from bisect import insort
from collections.abc import Iterator
from dataclasses import replace
from operator import itemgetter

from skillgap.models import REQUIREMENT_RANK, JobExtraction, Mention
from skillgap.postings import Posting

EVIDENCE_PER_SKILL = 3
_STRONGEST = max(REQUIREMENT_RANK.values())
_QUOTE_BEFORE, _QUOTE_AFTER = 70, 90
# A list item's marker is layout, not the posting's words: a quote starts after it.
_BULLET = re.compile(r"[ \t]*(?:[-–*•·▪‣◦●○■□▶►➤✓✔]|\d{1,2}[.)])[ \t]+")


def job_id(index: int) -> str:
    """Return the report's id of the posting at `index` in the analysis."""
    return f"job-{index + 1}"


class EvidenceCollector:
    """Keep each skill's best quotes as the postings arrive, in any order.

    `take` suits `extract_paths(on_job=...)`: it notes the postings' quotes and returns each posting
    without its text and sections, for the analysis to keep instead. `quotes()` then equals
    `evidence_quotes` of the kept postings with their texts. The exception is `incomplete`: a quoted
    posting was replaced by an earlier file with the same text, whose skills may differ (its
    company can be a skill name), so the quotes must be taken again from the texts.
    """

    def __init__(self) -> None:
        self._best: dict[str, list[tuple[tuple[int, int], dict]]] = {}  # skill → [((-rank, order), quote)]
        self._kept: set[int] = set()    # the orders of the postings kept so far
        self._quoted: set[int] = set()  # those that were ever among a skill's best
        # Skills whose quotes all come from the strongest section: only an earlier posting can still
        # displace one, so a posting later than all noted so far passes them over (most skills, soon).
        self._settled: set[str] = set()
        self._last = -1  # the latest order noted
        self.incomplete = False

    def add(self, order: int, job: JobExtraction) -> None:
        """Note the quotes of `job`, the posting kept at `order` (postings are numbered by that order)."""
        self._add(order, _job_label(job), job.text,
                  ((skill_id, rank, m.section, m.start, m.end) for skill_id, rank, m in _strongest_mentions(job)))

    def _add(self, order: int, label: str, text: str, strongest) -> None:
        self._kept.add(order)
        self._last = max(self._last, order)
        for skill_id, rank, section, start, end in strongest:
            best = self._best.setdefault(skill_id, [])
            key = (-rank, order)
            if len(best) == EVIDENCE_PER_SKILL and key > best[-1][0]:
                continue  # the common case, decided before a quote is cut
            quote = {"job_title": label, "section": section, **_quote(text, start, end)}
            insort(best, (key, quote), key=itemgetter(0))
            del best[EVIDENCE_PER_SKILL:]
            self._quoted.add(order)
            if len(best) == EVIDENCE_PER_SKILL and best[-1][0][0] == -_STRONGEST:
                self._settled.add(skill_id)

    def take(self, order: int, job: JobExtraction, replaced: int | None = None) -> JobExtraction:
        """Note the quotes of `job` (replacing the posting at `replaced`); return it without its text and sections."""
        self._replace(replaced)
        self.add(order, job)
        return replace(job, text="", sections=())

    def take_posting(self, order: int, posting: Posting, replaced: int | None = None) -> Posting:
        """`take` for a `postings.Posting`: note its quotes, return it without its text and mentions.

        A text still to be read is read only when a quote is cut from it, before anything is noted, so
        that an error reading it (a corrupt cache entry) leaves the collector as it was.
        """
        best = self._best
        settled = self._settled if order > self._last else ()
        # Most skills already have their quotes from stronger or earlier postings: those are passed over here,
        # without a tuple made for `_add` (a warm report takes 100,000 skills of 5,000 postings).
        quoted = [(skill_id, *mention) for skill_id, mention in zip(posting.skills, posting.strongest)
                  if skill_id not in settled
                  and (len(found := best.get(skill_id, ())) < EVIDENCE_PER_SKILL or (-mention[0], order) <= found[-1][0])]
        text = posting.text() if quoted and callable(posting.text) else posting.text
        self._replace(replaced)
        self._add(order, _job_label(posting), text, quoted)
        return posting._replace(text="", strongest=())

    def _replace(self, replaced: int | None) -> None:
        if replaced is not None:
            self._kept.discard(replaced)
            self.incomplete = self.incomplete or replaced in self._quoted

    def quotes(self) -> dict[str, list[dict]]:
        """Return {skill id: its quotes}, each naming its posting by its place among the postings kept."""
        index = {order: place for place, order in enumerate(sorted(self._kept))}
        return {skill_id: [{"job_id": job_id(index[order]), **quote} for (_, order), quote in best]
                for skill_id, best in self._best.items()}


def evidence_quotes(jobs: list[JobExtraction]) -> dict[str, list[dict]]:
    """Return {skill id: its quotes} for postings that still carry their texts."""
    collector = EvidenceCollector()
    for index, job in enumerate(jobs):
        collector.add(index, job)
    return collector.quotes()


def _strongest_mentions(job: JobExtraction) -> Iterator[tuple[str, int, Mention]]:
    """Yield (skill id, section rank, the first mention in the strongest section) for each mentioned skill."""
    for hit in job.skills:
        mentions = hit.mentions
        if mentions:
            best = mentions[0] if len(mentions) == 1 else max(mentions, key=lambda m: REQUIREMENT_RANK[m.section])
            yield hit.id, REQUIREMENT_RANK[best.section], best


def _quote(text: str, start: int, end: int) -> dict:
    line_start = text.rfind("\n", 0, start) + 1
    bullet = _BULLET.match(text, line_start, start)
    line_start = bullet.end() if bullet else line_start
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    lo, hi = max(line_start, start - _QUOTE_BEFORE), min(line_end, end + _QUOTE_AFTER)
    before = ("…" if lo > line_start else "") + text[lo:start]
    after = text[end:hi] + ("…" if hi < line_end else "")
    return {"before": before, "match": text[start:end], "after": after}


def _job_label(job: JobExtraction | Posting) -> str:
    parts = [p for p in (job.title, job.company) if p]
    return " · ".join(parts) if parts else job.source
