"""Concepts and soft skills stated in words: a linear model over the words of a line (issue #14).

`skillgap.learn_build` fits it on the labelled train postings and stores it as plain data
(`data/lines.json`: feature → weights per skill, a bias per skill, one threshold). Scoring a line is
summing the weights of the features it holds, so the result is the same on every machine.
"""
from __future__ import annotations

import json
import re
from bisect import bisect_right
from functools import cached_property, lru_cache
from importlib import resources

import ahocorasick_rs

_TOKEN = re.compile(r"[a-z][a-z0-9+#]*|[가-힣]+")
_HANGUL_PIECES = (2, 3)
_STEM = 5
# A line longer than this is a paragraph (a posting without line breaks): it is read sentence by sentence.
MAX_UNIT = 300
# See LineModel: the weight that makes a feature's longest word an anchor, as a share of what a line needs.
# With 22 skills, 0.5 scored 4x the lines of the 9-skill model (+15% extraction time); 0.65 keeps F1 within 0.001.
ANCHOR_SHARE = 0.65
_SENTENCE_END = re.compile(r"(?<=[.!?。])\s+|\s+(?=[•·▪◦■□-] )")


def units(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Return the (start, end) spans of the lines of text[start:end], long lines cut at sentence ends."""
    out = []
    at = start
    while at < end:
        stop = text.find("\n", at, end)
        stop = end if stop < 0 else stop
        if stop - at > MAX_UNIT:
            piece = at
            for m in _SENTENCE_END.finditer(text, at, stop):
                out.append((piece, m.start()))
                piece = m.end()
            if piece < stop:
                out.append((piece, stop))
        elif stop > at:
            out.append((at, stop))
        at = stop + 1
    return out


def job_units(text: str, sections) -> list[tuple[int, int, str]]:
    """Return the units the model reads, the lines of the job's own text, with their section kind.

    Company intros, benefits and hiring process (titled "other" sections) are left out, as the rules leave
    out their concepts and soft skills.
    """
    out = []
    for section in sections:
        if not (section.kind == "other" and section.header):
            out.extend((s, e, section.kind) for s, e in units(text, section.start, section.end))
    return out


def features(line: str) -> set[str]:
    """Return a line's features: its words, word pairs and word stems; Hangul pieces of two and three syllables.

    Korean glues particles and nouns to words ("데이터를", "대용량데이터처리"): the pieces find the parts.
    """
    tokens = _TOKEN.findall(line.lower())
    out = set(tokens)
    out.update(f"{a} {b}" for a, b in zip(tokens, tokens[1:]))
    for token in tokens:
        if token[0] >= "가":
            for n in _HANGUL_PIECES:
                out.update(token[i:i + n] for i in range(len(token) - n + 1))
        elif len(token) > _STEM:
            out.add(token[:_STEM] + "*")
    return out


class LineModel:
    """Score lines for skills: {skill id: score} above the model's threshold."""

    def __init__(self, data: dict):
        self.skills: list[str] = data["skills"]
        self.bias: list[float] = data["bias"]
        self.threshold: float = data["threshold"]
        # feature -> ((skill number, weight), ...)
        self.weights: dict[str, tuple[tuple[int, float], ...]] = {
            feature: tuple((int(k), w) for k, w in pairs) for feature, pairs in data["weights"].items()}

        # A line that states a skill holds a word that weighs for it (its anchor: a feature's longest word, piece or
        # stem, weighing at least ANCHOR_SHARE of what the line needs). One automaton over the anchors finds the
        # few lines worth scoring.
        need = [self.threshold - b for b in self.bias]
        gain: dict[str, set[int]] = {}
        for feature, pairs in self.weights.items():
            for skill, weight in pairs:
                if weight >= ANCHOR_SHARE * need[skill]:
                    # A pair's longest word is its rarest, likely: "with senior" is looked for as "senior".
                    gain.setdefault(max(feature.rstrip("*").split(" "), key=len), set()).add(skill)
        self.anchors = sorted(gain)  # by number: what `anchor_hits` is handed
        self._anchor_skills = [tuple(sorted(gain[a])) for a in self.anchors]

    @cached_property
    def _scan(self) -> ahocorasick_rs.AhoCorasick | None:
        """The anchors' own automaton, for text scanned without the matcher's (`anchor_hits`)."""
        return ahocorasick_rs.AhoCorasick(self.anchors) if self.anchors else None

    def __bool__(self) -> bool:
        return bool(self.skills)

    def anchor_hits(self, text: str, known, found: list | None = None) -> list[tuple[int, int]] | None:
        """Return the (start, end) of each anchor in `text` of a skill not in `known`, in order.

        `found`: the (anchor number, start, end) of every anchor in the lower-cased text, when the caller has
        scanned for them already (see `Matcher.scan`). None: every line is worth scoring (a rare letter whose
        lower case is longer makes the offsets differ).
        """
        if found is None:
            if self._scan is None:
                return []
            lowered = text.lower()
            if len(lowered) != len(text):
                return None
            found = self._scan.find_matches_as_indexes(lowered, overlapping=True)
        return [(start, end) for number, start, end in found
                if any(self.skills[k] not in known for k in self._anchor_skills[number])]

    def score(self, line: str) -> dict[int, float]:
        """Return the raw score (log-odds) of every skill with a feature in the line."""
        sums: dict[int, float] = {}
        for feature in features(line):
            for skill, weight in self.weights.get(feature, ()):
                sums[skill] = sums.get(skill, 0.0) + weight
        return {k: v + self.bias[k] for k, v in sums.items()}

    def predict(self, line: str) -> dict[str, float]:
        """Return {skill id: score} for the skills the line states, by score above the threshold."""
        return {self.skills[k]: round(v, 4) for k, v in self.score(line).items() if v >= self.threshold}


def units_holding(spans: list[tuple[int, int, str]], hits: list[tuple[int, int]] | None) -> list[int]:
    """Return the numbers of the spans that hold one of `hits` (`LineModel.anchor_hits`; None: all of them), in order."""
    if hits is None:
        return list(range(len(spans)))
    starts = [s for s, _, _ in spans]
    worth: set[int] = set()
    for start, end in hits:
        unit = bisect_right(starts, start) - 1
        if unit >= 0 and end <= spans[unit][1]:
            worth.add(unit)
    return sorted(worth)


@lru_cache(maxsize=1)
def bundled_line_model() -> LineModel:
    """Load the bundled model (an empty one when the package was built without it)."""
    path = resources.files("skillgap") / "data" / "lines.json"
    if not path.is_file():
        return LineModel({"skills": [], "bias": [], "threshold": 0.0, "weights": {}})
    return LineModel(json.loads(path.read_text(encoding="utf-8")))
