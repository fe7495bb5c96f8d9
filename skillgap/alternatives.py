"""Find the skills a posting names as alternatives: "PyTorch or TensorFlow", "AWS, GCP, Azure 등", "e.g. A, B".

A posting that asks for one of a set is satisfied by any member, so the gap analysis counts such a
set once. The test is on the text between mentions of one line: a run of mentions joined only by
list separators is a set of alternatives when it is joined by "or" (and not by "and"), introduced by
an example cue ("e.g.", "such as", "예:") or closed by one ("등", "etc.", "or similar").
"""
from __future__ import annotations

import re

# Between two mentions of one list: a separator, optionally one unnamed item ("A, LightGBM, B").
_ITEM = r"[^,/·、|;()\n.:]{1,30}?"
_SEPARATOR = re.compile(
    rf"\s*(?:[,/·、|]\s*(?:{_ITEM}\s*[,/·、|]\s*)?)?(?:(?:and/or|or|and|및|또는|혹은|이나|나|과|와)\s+)?(?:{_ITEM}\s*,\s*)?",
)
_OR = re.compile(r"/|\bor\b|또는|혹은|^이?나\b")
_OR_WORD = re.compile(r"\bor\b|또는|혹은|^이?나\b")
_AND = re.compile(r"\band\b(?!/)|및|^[과와]\s")
_CUE_BEFORE = re.compile(
    r"(?:e\.\s?g\.?|\beg\.|\bsuch as|\blike|\bincluding|\bfor (?:example|instance)|\bone of|\bany of|\bat least one(?: of)?|"
    r"\bone or more(?: of)?|\beither|예\s?[:)]|예를 들어|예시|ex\)|ex\.)\s*[:(]?\s*$")
_CUE_AFTER = re.compile(
    r"\s*(?:\betc\b|and so on|and/or similar|or similar|or equivalent|or comparable|or other|or related|"
    r"(?:등\s*|중\s*)?(?:하나|1개|한 가지|한가지|1가지)(?:\s*이상)?(?:의|을|를|에)?\s|중 1)")
# A list in parentheses after what it exemplifies gives examples: "Public Cloud(AWS, Azure, GCP 등)";
# a bare "Docker, Kubernetes 등" lists what the work uses.
_OPEN_BEFORE = re.compile(r"\S\s*\(\s*$")
_CLOSE_AFTER = re.compile(r"\s*(?:등|etc\.?)?\s*\)")
_BEFORE_WINDOW = 40


def alternatives_of(text: str, spans: list[tuple[int, int, str]], kind_of) -> dict[str, tuple[str, ...]]:
    """Return {skill id: the skills named as its alternatives} for skills the posting never asks for on their own.

    `spans` are the (start, end, skill id) of the posting's mentions in text order. Only skills of one
    kind (`kind_of(skill id, unworded)`: their category, or their parents when no "or" word joins them)
    stand in for each other: in "Python, SQL or Spark" none does, in "AWS or GCP" either.
    """
    skill_at = {start: skill for start, _, skill in spans}
    sets: list[tuple[set[str], set[int]]] = []  # (skills, the starts of their mentions in the list)
    for members, starts, unworded in alternative_groups(text, spans):
        by_kind: dict[object, tuple[set[str], set[int]]] = {}
        for start in starts:
            same = by_kind.setdefault(kind_of(skill_at[start], unworded), (set(), set()))
            same[0].add(skill_at[start])
            same[1].add(start)
        sets.extend(same for same in by_kind.values() if len(same[0]) > 1)
    grouped = {start for _, starts in sets for start in starts}
    standalone = {skill for start, _, skill in spans if start not in grouped}
    found: dict[str, set[str]] = {}
    for same, _ in sets:
        for skill in same - standalone:
            found.setdefault(skill, set()).update(same - {skill})
    return {skill: tuple(sorted(others)) for skill, others in found.items()}


Group = tuple[frozenset[str], frozenset[int], bool]


def alternative_groups(text: str, spans: list[tuple[int, int, str]]) -> list[Group]:
    """Return each set of alternatives: its skill ids, the starts of the mentions that name it, and whether
    no "or" word joins it. Such a set is looser: "Docker/Kubernetes" and "containerization such as Docker
    and Kubernetes" list tools the work uses together, "PyTorch/TensorFlow" and "e.g. AWS, GCP" mean either."""
    groups: list[Group] = []
    run: list[tuple[int, int, str]] = []
    links: list[str] = []  # the separator before each mention of the run but the first
    for span in spans:
        if run:
            between = text[run[-1][1]:span[0]]
            if "\n" not in between and _SEPARATOR.fullmatch(between):
                run.append(span)
                links.append(between.strip().lower())
                continue
            if len(run) > 1:  # most mentions stand alone: a run of one is no set
                groups.extend(_groups_of(text, run, links))
        run, links = [span], []
    if len(run) > 1:
        groups.extend(_groups_of(text, run, links))
    return groups


def _groups_of(text: str, run: list[tuple[int, int, str]], links: list[str]) -> list[Group]:
    if len({skill for _, _, skill in run}) < 2:
        return []
    line_start = text.rfind("\n", 0, run[0][0]) + 1
    before = text[max(line_start, run[0][0] - _BEFORE_WINDOW):run[0][0]].lower()
    after = text[run[-1][1]:run[-1][1] + 20].lower()
    has_or = [bool(_OR.search(link)) for link in links]
    has_and = any(_AND.search(link) for link in links)
    examples = _OPEN_BEFORE.search(before) and _CLOSE_AFTER.match(after)
    cued = bool(_CUE_BEFORE.search(before) or _CUE_AFTER.match(after) or examples)
    if cued or (any(has_or) and not has_and):
        return [_group(run, unworded=not any(_OR_WORD.search(link) for link in links))]
    # "Python and Spark or Flink": only the members joined by "or" are alternatives.
    out, current, words = [], [run[0]], False
    for span, joined, link in zip(run[1:], has_or, links):
        if not joined:
            out.append(_group(current, not words))
            current, words = [], False
        words = words or (joined and bool(_OR_WORD.search(link)))
        current.append(span)
    out.append(_group(current, not words))
    return [group for group in out if len(group[0]) > 1]


def _group(spans: list[tuple[int, int, str]], unworded: bool) -> Group:
    return frozenset(skill for _, _, skill in spans), frozenset(start for start, _, _ in spans), unworded
