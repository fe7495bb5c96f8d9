"""Learn extraction data from the labelled train split and the spent blind sets (issue #14).

    python -m skillgap.learn_build            # rebuild skillgap/data/learned.json, taxonomy.json and lines.json
    python -m skillgap.learn_build --measure  # score the gold sets before and after, piece by piece

Reads `tests/data/corpus-train-gold.jsonl`, the six spent blind sets (`blind-gold.jsonl` ... `blind6-gold.jsonl`)
and the postings they point to in `../shared/corpus`; the rest of
the corpus (minus every evaluation set) is read only to check mined aliases for false-positive risk. Writes:

* `data/learned.json`: aliases mined from the labels' evidence for skills the taxonomy has, skills the
  labels name often that it lacks, and forms of known skills the labels seldom back (left unmatched);
  `taxonomy_build` merges them after the curated core;
* `data/lines.json`: a linear model over a line's words and word pieces that finds concepts and soft
  skills stated in words (see `skillgap/lines.py`).

The dev-test split and the other gold sets are read only by `--measure`. The output is deterministic: the
same inputs give the same bytes.
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import re
import sys
from bisect import bisect_right
from collections import Counter, defaultdict
from pathlib import Path

from skillgap import taxonomy_build
from skillgap.clean import clean_text
from skillgap.extract import SUFFIXES, Matcher, _match_form, _variants, extract_text
from skillgap.lines import LineModel, features, job_units
from skillgap.load import read_document
from skillgap.phrases import bundled_phrases
from skillgap.sections import is_job_text, section_at, split_sections
from skillgap.taxonomy import Category, Skill, Taxonomy, _skill_from_dict, normalize_key

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent
DEFAULT_CORPUS = REPO_DIR.parent / "shared" / "corpus"
# Learned from: the train split and the six blind sets already scored once (spent: never scored again). The line
# model learns from the train split alone: fitted on all 877 postings it read dev-test worse at every precision
# tried (F1 0.746-0.753 against 0.755); the blind sets' generous soft-skill labels likely make its examples noisier.
LINE_TRAIN = REPO_DIR / "tests" / "data" / "corpus-train-gold.jsonl"
TRAIN_SETS = (LINE_TRAIN, *(REPO_DIR / "tests" / "data" / f"{name}-gold.jsonl"
                            for name in ("blind", "blind2", "blind3", "blind4", "blind5", "blind6")))
# Never learned from: their postings are also left out of the corpus-wide false-positive check.
EVAL_SETS = (REPO_DIR.parent / "shared" / "eval" / "dev-gold.jsonl", REPO_DIR / "tests" / "data" / "heldout-gold.jsonl",
             REPO_DIR / "tests" / "data" / "heldout2-gold.jsonl", REPO_DIR / "tests" / "data" / "corpus-devtest-gold.jsonl")
# Not yet scored: scored once by hand after the work, never by --measure, and never learned from.
BLIND_SETS = (REPO_DIR / "tests" / "data" / "blind7-gold.jsonl",)

# A mined form is accepted for a known skill when, in the train postings where it would add the skill (the
# rules miss it there), the labels quote it as the skill's evidence often enough (a lower Wilson bound at 90%
# of MIN_AGREEMENT, in at least MIN_RIGHT_DOCS postings), and across the corpus the taxonomy agrees: in at
# least MIN_CORROBORATION of the postings holding the form, the rules find the skill elsewhere. A form of a
# skill the taxonomy lacks has no such check and needs NEW_SKILL_AGREEMENT from the labels: 0.7 refused, once the
# blind sets were learned from, forms right in 5 of 6 or 6 of 7 train postings (웹 표준, Personalization).
MIN_AGREEMENT = 0.5
MIN_CORROBORATION = 0.5
NEW_SKILL_AGREEMENT = 0.55
MIN_RIGHT_DOCS = 2
MIN_CORPUS_DOCS = 3
# ... and, across the corpus, a concept or soft skill's form mostly stands in the job's own text
# (requirements, duties, untitled opening), not in company intros or benefits.
MIN_JOB_SHARE = 0.5
# A skill the taxonomy lacks is added when at least this many train postings label it.
MIN_NEW_SKILL_DOCS = 4
# A known skill's form is left unmatched when, in the train postings where it alone finds the skill, the labels
# name the skill so seldom that it costs more than it finds: a match right less than half of F1 (~0.75 today)
# of the time lowers F1. Hence an upper 90% Wilson bound below MAX_FORM_PRECISION, in MIN_UNMATCHED_DOCS+ postings.
MAX_FORM_PRECISION = 0.4
MIN_UNMATCHED_DOCS = 5
_MAX_TAIL = 3  # characters an inflection adds to a form ("stakeholders", "DB를"); a longer mention is a phrase's
_MAX_FORM_CHARS = 40
_MAX_FORM_WORDS = 4
_Z = 1.2816  # 90% one-sided
_TRIM = " \t\n,.;:!?·•-*()[]{}\"'“”‘’/&"
_FUNCTION_WORDS = frozenset("""a an the and or of in on at to for with by as from into our your their its this that
these those we you is are be will can all any other such etc e.g. i.e. 및 또는 등 관련 위한 통한 대한""".split())
_SUFFIXES_LONGEST_FIRST = sorted(SUFFIXES, key=len, reverse=True)


def read_gold(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def read_texts(corpus: Path, paths) -> dict[str, str]:
    """Return the cleaned text of each posting (path relative to the corpus), as extraction sees it."""
    return {p: clean_text(read_document(corpus / p).text) for p in paths}


def corpus_paths(corpus: Path) -> list[str]:
    with open(corpus / "index.csv", encoding="utf-8", newline="") as handle:
        return sorted(row["path"] for row in csv.DictReader(handle))


def base_taxonomy(sources: Path | None) -> tuple[dict, Taxonomy]:
    """Return the taxonomy document built without learned data, and the Taxonomy it makes."""
    doc = taxonomy_build.build(sources, learned=None)
    return doc, taxonomy_from_doc(doc)


def taxonomy_from_doc(doc: dict) -> Taxonomy:
    phrases = bundled_phrases()
    skills = [_skill_from_dict({**s, "patterns": phrases.get(s["id"], ())}, "built taxonomy") for s in doc["skills"]]
    return Taxonomy(skills, [Category(c["id"], c["name"], c.get("name_ko")) for c in doc["categories"]], doc["version"])


def gold_index(taxonomy: Taxonomy) -> dict[str, set[str]]:
    """Map score.py's key of every id, name and alias to the skill ids it names."""
    index: dict[str, set[str]] = defaultdict(set)
    for skill in taxonomy:
        for form in (skill.id, *skill.surface_forms):
            index[normalize_key(form)].add(skill.id)
    return index


def gold_ids(entry: dict, index: dict[str, set[str]]) -> set[str]:
    return set().union(*(index.get(normalize_key(x), set()) for x in [entry["name"], *entry["aliases"]]))


def wilson_low(agree: int, total: int) -> float:
    if not total:
        return 0.0
    p = agree / total
    centre = p + _Z * _Z / (2 * total)
    spread = _Z * math.sqrt(p * (1 - p) / total + _Z * _Z / (4 * total * total))
    return (centre - spread) / (1 + _Z * _Z / total)


def wilson_high(agree: int, total: int) -> float:
    return 1.0 - wilson_low(total - agree, total) if total else 1.0


def candidate_form(text: str) -> str | None:
    """Return a mined surface form (an evidence string or a label's alias) fit to be an alias, or None."""
    form = " ".join(text.split()).strip(_TRIM)
    if form and "\uac00" <= form[-1] <= "\ud7a3":
        for particle in _SUFFIXES_LONGEST_FIRST:  # evidence may keep a particle: "파이썬을" names 파이썬
            if form.endswith(particle) and len(form) - len(particle) >= 2 and " " not in particle:
                form = form[:-len(particle)].rstrip()
                break
    if not form or len(form) > _MAX_FORM_CHARS or len(form.split()) > _MAX_FORM_WORDS or len(form) < 2:
        return None
    words = form.casefold().split()
    if words[0] in _FUNCTION_WORDS or words[-1] in _FUNCTION_WORDS:
        return None  # "with the", "analytical and": a piece of a phrase, not a name
    if not any(ch.isalpha() for ch in form) or re.search(r"[\d%$]", form) and len(form) < 4:
        return None
    if re.search(r"[,;]", form):
        return None  # "Optimization, Time": two items of a list, not one name
    return form


def _evidence_spans(doc: dict, text: str, index, group_of) -> dict[str, list[tuple[int, int]]]:
    """Return, per target a posting's labels name, the spans of text its evidence strings quote."""
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for entry in doc["skills"]:
        ids = gold_ids(entry, index)
        if len(ids) > 1:
            continue
        target = next(iter(ids)) if ids else group_of[id(entry)]
        for evidence in entry["evidence"]:
            evidence = " ".join(evidence.split())
            at = text.find(evidence)
            while at >= 0 and evidence:
                spans[target].append((at, at + len(evidence)))
                at = text.find(evidence, at + 1)
    return spans


def _effective(occurrences: "Occurrences", real: Matcher, text: str) -> dict[int, list[int]]:
    """Return where the forms occur outside the spans the taxonomy already matches ("C+" inside "C++")."""
    found = occurrences.in_text(text)
    if not found:
        return found
    covered = bytearray(len(text))
    for cand in real.matches(text):
        covered[cand.start:cand.end] = b"\x01" * (cand.end - cand.start)
    out = {}
    for number, starts in found.items():
        length = len(occurrences.forms[number])
        kept = [at for at in starts if not all(covered[at:at + length])]
        if kept:
            out[number] = kept
    return out


def _pieces(evidence: str) -> set[str]:
    """Return an evidence string and its runs of one to three words: the part that recurs may be any of them."""
    words = evidence.split()
    return {evidence, *(" ".join(words[i:i + n]) for n in (1, 2, 3) for i in range(len(words) - n + 1))}


class Occurrences:
    """Where each of many forms occurs, by the extractor's own boundary rules (one automaton over all forms)."""

    def __init__(self, forms: list[str]):
        self.forms = forms
        # The matcher reports one form per spelling: "Automation" of one target and "automation" of another
        # are looked for once and both told.
        self._same: dict[int, list[int]] = defaultdict(list)  # first number of a spelling -> all numbers of it
        first: dict[str, int] = {}
        for number, form in enumerate(forms):
            self._same[first.setdefault(_match_form(form), number)].append(number)
        skills = [Skill(id=f"f{i}", name=forms[i], category="x", kind="concept") for i in self._same]
        self._matcher = Matcher(Taxonomy(skills, []))

    def in_text(self, text: str) -> dict[int, list[int]]:
        """Return {form number: start offsets} for the forms in `text`."""
        found: dict[int, list[int]] = defaultdict(list)
        for cand in self._matcher.candidates(text, _match_form(text)):
            for number in self._same[int(cand.pattern.skill_id[1:])]:
                found[number].append(cand.start)
        return found


def _new_skill_groups(train: list[dict], index: dict[str, set[str]]) -> dict[str, list[tuple[str, dict]]]:
    """Group the train labels the taxonomy cannot name by shared name or alias: {group key: [(path, entry)]}.

    An alias joins two groups unless each holds a name of its own that MIN_NEW_SKILL_DOCS postings give:
    one label's aliases would otherwise chain distinct skills ("Fintech" with "E-commerce" and "Payments").
    """
    parent: dict[str, str] = {}
    entries = []
    named: dict[str, set[str]] = defaultdict(set)  # name key -> postings naming it
    for doc in train:
        for entry in doc["skills"]:
            if not gold_ids(entry, index):
                keys = [k for k in (normalize_key(x) for x in [entry["name"], *entry["aliases"]]) if k]
                if keys:
                    named[keys[0]].add(doc["path"])
                    entries.append((doc["path"], entry, keys))
    major = {key: len(paths) >= MIN_NEW_SKILL_DOCS for key, paths in named.items()}

    def find(key: str) -> str:
        while parent.setdefault(key, key) != key:
            key = parent[key]
        return key

    for _, _, keys in entries:
        for other in keys[1:]:
            a, b = find(keys[0]), find(other)
            if a != b and not (major.get(a) and major.get(b)):
                parent[max(a, b)] = min(a, b)
                major[min(a, b)] = major.get(a, False) or major.get(b, False)
    groups: dict[str, list[tuple[str, dict]]] = defaultdict(list)
    for path, entry, keys in entries:
        groups[find(keys[0])].append((path, entry))
    return groups


def _stem_key(label: str) -> frozenset[str]:
    """Word stems of a label, in any order: "Independent work" and "work independently" share theirs."""
    return frozenset(word[:5] for word in re.findall(r"[a-z]+", label.casefold()))


def link_esco(new_skills: list[dict], folder: Path) -> None:
    """Give each new skill the ESCO preferred label whose (or whose alternative label's) word stems are its name's."""
    by_key: dict[frozenset, set[str]] = defaultdict(set)
    for name in ("transversalSkillsCollection_en.csv", "ictSkillsCollection_en.csv"):
        path = folder / name
        if path.is_file():
            with path.open(encoding="utf-8", newline="") as handle:
                for row in csv.DictReader(handle):
                    for label in [row["preferredLabel"], *(row.get("altLabels") or "").split("|")]:
                        if label.strip():
                            by_key[_stem_key(label)].add(row["preferredLabel"])
    for skill in new_skills:
        labels = by_key.get(_stem_key(skill["name"]), set())
        if len(labels) == 1:
            skill["esco_label"] = next(iter(labels))


def _category_of(lines_ids: Counter, kind: str) -> str:
    if kind == "soft":
        return "soft-skills"
    return lines_ids.most_common(1)[0][0] if lines_ids else "software-engineering"


def mine(train: list[dict], texts: dict[str, str], corpus_texts: dict[str, str], taxonomy: Taxonomy) -> dict:
    """Return the learned taxonomy data: {"aliases": {skill id: [forms]}, "skills": [new skill records]}."""
    index = gold_index(taxonomy)
    real = Matcher(taxonomy)
    # Targets: a known skill id, or a group of labels the taxonomy lacks (key "new:<group>").
    label_targets: dict[str, set[str]] = {}  # path -> targets its labels name
    forms_of: dict[str, Counter] = defaultdict(Counter)  # target -> candidate form -> postings mining it
    groups = _new_skill_groups(train, index)
    group_of = {id(entry): f"new:{key}" for key, members in groups.items() for _, entry in members}
    kinds: dict[str, Counter] = defaultdict(Counter)
    names: dict[str, Counter] = defaultdict(Counter)
    for doc in train:
        targets = label_targets.setdefault(doc["path"], set())
        for entry in doc["skills"]:
            ids = gold_ids(entry, index)
            if len(ids) > 1:
                continue  # the labels do not say which skill: nothing to learn
            target = next(iter(ids)) if ids else group_of[id(entry)]
            targets.add(target)
            kinds[target][entry["kind"]] += 1
            names[target][entry["name"]] += 1
            # A skill the taxonomy lacks has no rules to check a piece of its evidence against ("press" for
            # executive communications): it learns only the labels' own names for it.
            pieces = (p for e in entry["evidence"] for p in _pieces(e)) if ids else ()
            for raw in {entry["name"], *entry["aliases"], *pieces}:
                form = candidate_form(raw)
                if form:
                    forms_of[target][form] += 1
    # Drop forms that already find their skill, or that name another skill (the taxonomy wins those).
    candidates: list[tuple[str, str]] = []
    for target, forms in sorted(forms_of.items()):
        for form in sorted(forms):
            if index.get(normalize_key(form)):
                continue
            if not target.startswith("new:") and any(c.pattern.skill_id == target for c in real.matches(form)):
                continue
            candidates.append((target, form))
    occurrences = Occurrences([form for _, form in candidates])
    rules = rule_extractor(taxonomy, {})
    train_by_path = {doc["path"]: doc for doc in train}
    changed: Counter = Counter()  # train postings where a form would add its skill (the rules miss it there)
    right: Counter = Counter()  # ... and the labels quote the skill on the form's line
    for path in sorted(texts):
        text = texts[path]
        found = _effective(occurrences, real, text)
        have = rules(text) if found else set()
        quoted = _evidence_spans(train_by_path[path], text, index, group_of) if found else {}
        for number, starts in found.items():
            target = candidates[number][0]
            if target not in have:
                changed[number] += 1
                # Right when the labels quote an occurrence as the skill's evidence: a skill labelled in most
                # postings (collaboration) would otherwise agree with any common word.
                size = len(occurrences.forms[number])
                right[number] += any(s < at + size and at < e for at in starts for s, e in quoted.get(target, ()))
    corpus_docs: Counter = Counter()
    corroborated: Counter = Counter()  # corpus postings where the rules find the form's skill elsewhere
    job_docs: Counter = Counter()  # corpus postings where the form stands in the job's own text
    for path in sorted(corpus_texts):
        text = corpus_texts[path]
        found = _effective(occurrences, real, text)
        if not found:
            continue
        sections = split_sections(text)
        have = rules(text)
        for number, starts in found.items():
            corpus_docs[number] += 1
            corroborated[number] += candidates[number][0] in have
            section = section_at(sections, starts[0])
            job_docs[number] += is_job_text(section)
    best: dict[str, tuple] = {}  # form key -> (agreement, target, form): a form names one skill only
    for number, (target, form) in enumerate(candidates):
        if right[number] < MIN_RIGHT_DOCS or corpus_docs[number] < MIN_CORPUS_DOCS:
            continue
        agreement = wilson_low(right[number], changed[number])
        kind = kinds[target].most_common(1)[0][0]
        if target.startswith("new:"):
            if agreement < NEW_SKILL_AGREEMENT:
                continue
        elif agreement < MIN_AGREEMENT or corroborated[number] < MIN_CORROBORATION * corpus_docs[number]:
            continue
        if kind != "tool" and job_docs[number] < MIN_JOB_SHARE * corpus_docs[number]:
            continue
        key = normalize_key(form)
        if key not in best or (agreement, target) > best[key][:2]:
            best[key] = (agreement, target, form)
    accepted: dict[str, list[str]] = defaultdict(list)
    number_of = {pair: number for number, pair in enumerate(candidates)}
    for _, target, form in sorted(best.values(), key=lambda b: (b[1], b[2])):
        accepted[target].append(form)
    aliases = {t: sorted(forms, key=str.casefold) for t, forms in sorted(accepted.items()) if not t.startswith("new:")}
    new_skills = []
    for key, members in sorted(groups.items()):
        target = f"new:{key}"
        labelled = {path for path, _ in members}
        name = names[target].most_common(1)[0][0]
        name_number = number_of.get((target, name), -1)
        if len(labelled) < MIN_NEW_SKILL_DOCS or not accepted.get(target) or \
                changed[name_number] > right[name_number] and name not in accepted[target]:
            # Too rare, or its name stands in train postings unlabelled more often than labelled ("Research"). A
            # name the train text never holds outside the labels has no evidence against it (웹 표준 names it).
            continue
        kind = kinds[target].most_common(1)[0][0]
        near = Counter()  # categories of the known skills extracted on the lines of its evidence
        for path, entry in members:
            text = texts[path]
            for evidence in entry["evidence"]:
                at = text.find(" ".join(evidence.split()))
                if at < 0:
                    continue
                line_start, line_end = text.rfind("\n", 0, at) + 1, text.find("\n", at)
                line = text[line_start:line_end if line_end >= 0 else len(text)]
                near.update(taxonomy.skills[c.pattern.skill_id].category for c in real.matches(line)
                            if taxonomy.skills[c.pattern.skill_id].category != "soft-skills")
        korean = [f for f in accepted[target] if taxonomy_build.has_hangul(f)]
        new_skills.append({"name": name, "kind": kind, "category": _category_of(near, kind),
                           "ko": korean[0] if korean else None,
                           "aliases": [f for f in accepted[target] if f != name and f not in korean[:1]],
                           "train_postings": len(labelled)})
    return {"aliases": aliases, "skills": new_skills}


def unmatched_forms(train: list[dict], texts: dict[str, str], companies: dict[str, str | None],
                    taxonomy: Taxonomy) -> dict[str, list[str]]:
    """Return {skill id: its forms the train labels do not back} (see MAX_FORM_PRECISION).

    Counted per form over the train postings where the rules find the skill through that form only: a form
    among others changes nothing when left out. Phrases and the line model are not forms and are left alone.
    """
    index = gold_index(taxonomy)
    matcher = Matcher(taxonomy, EMPTY_MODEL)
    form_of: dict[str, list[tuple[str, str]]] = {}  # skill id -> (spelling, form), longest spelling first
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])  # (skill, form) -> [labelled, found]
    for doc in train:
        text = texts[doc["path"]]
        labelled = set().union(*(gold_ids(e, index) for e in doc["skills"]))
        skills, _ = extract_text(text, taxonomy, matcher, include_implied=False, company=companies.get(text))
        for hit in skills:
            if hit.id not in form_of:
                spellings = {(v, f) for f in taxonomy.skills[hit.id].surface_forms for v in _variants(f)}
                form_of[hit.id] = sorted(spellings, key=lambda vf: (-len(vf[0]), vf))
            forms = {next((f for v, f in form_of[hit.id] if _match_form(m.text).startswith(v)
                           and len(m.text) - len(v) <= _MAX_TAIL), None) for m in hit.mentions}
            if len(forms) == 1 and None not in forms:
                count = counts[(hit.id, forms.pop())]
                count[0] += hit.id in labelled
                count[1] += 1
    out: dict[str, list[str]] = defaultdict(list)
    for (skill_id, form), (agree, found) in sorted(counts.items()):
        if found >= MIN_UNMATCHED_DOCS and wilson_high(agree, found) < MAX_FORM_PRECISION:
            out[skill_id].append(form)
    return dict(out)


def score(gold: list[dict], texts: dict[str, str], taxonomy: Taxonomy, extract) -> dict:
    """Score `extract(text) -> {skill id: has mentions}` against gold labels the way score.py does.

    Adds what score.py leaves out: precision per kind, a false positive counting for its skill's kind.
    """
    index = gold_index(taxonomy)
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for doc in gold:
        predicted = extract(texts[doc["path"]])
        used: set[str] = set()
        for entry in doc["skills"]:
            hit = next((i for i in sorted(gold_ids(entry, index)) if i in predicted and i not in used), None)
            key = (doc["lang"], entry["kind"])
            if hit:
                used.add(hit)
                counts[key][0] += 1
            else:
                counts[key][2] += 1
        for skill_id in predicted:
            if skill_id not in used:
                counts[(doc["lang"], taxonomy.skills[skill_id].kind)][1] += 1

    def prf(keep) -> dict:
        tp, fp, fn = (sum(v[i] for k, v in counts.items() if keep(k)) for i in range(3))
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        return {"p": round(p, 3), "r": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}

    out = {"all": prf(lambda k: True)}
    out.update({lang: prf(lambda k, lang=lang: k[0] == lang) for lang in ("ko", "en")})
    out.update({kind: prf(lambda k, kind=kind: k[1] == kind) for kind in ("tool", "concept", "soft")})
    return out


# --------------------------------------------------------------------------- the line model

# A concept or soft skill gets a model when at least this many train postings label it on a line.
MIN_CLASS_DOCS = 5
MIN_FEATURE_UNITS = 3  # a feature seen on fewer lines is noise
C = 1.0  # inverse strength of the L1 penalty: most weights are zero, the stored model stays small
MIN_WEIGHT = 0.05  # smaller weights are left out of the stored model (they barely move a score)
FOLDS = 4
# Each skill's threshold is the lowest at which what the model adds (the skill where the rules missed it)
# is this precise out of fold (a lower Wilson bound at 90%); a skill never that precise is dropped. Fitted on
# 493 train postings, 0.7 keeps 20 skills and adds recall on every held-out set at the rules' own precision.
MIN_ADDED_PRECISION = 0.7
MIN_RIGHT = 2
_THRESHOLDS = [x / 4 for x in range(-8, 17)]


def line_examples(train: list[dict], texts: dict[str, str], taxonomy: Taxonomy):
    """Return (unit texts, posting number of each, labels of each) from the train postings' evidence."""
    index = gold_index(taxonomy)
    lines, owner, labels = [], [], []
    for number, doc in enumerate(train):
        text = texts[doc["path"]]
        spans = job_units(text, split_sections(text))
        starts = [s for s, _, _ in spans]
        unit_labels = [set() for _ in spans]
        for entry in doc["skills"]:
            ids = gold_ids(entry, index)
            if len(ids) != 1 or taxonomy.skills[next(iter(ids))].kind == "tool":
                continue
            target = next(iter(ids))
            for evidence in entry["evidence"]:
                evidence = " ".join(evidence.split())
                at = text.find(evidence)
                while at >= 0 and evidence:
                    k = bisect_right(starts, at) - 1
                    if k >= 0 and at < spans[k][1]:
                        unit_labels[k].add(target)
                    at = text.find(evidence, at + 1)
        for (s, e, _), found in zip(spans, unit_labels):
            lines.append(text[s:e])
            owner.append(number)
            labels.append(found)
    return lines, owner, labels


def _fit(X, y):
    from sklearn.linear_model import LogisticRegression
    model = LogisticRegression(l1_ratio=1.0, C=C, solver="liblinear", random_state=0, max_iter=200)
    model.fit(X, y)
    return model.coef_[0], float(model.intercept_[0])


def fit_line_model(train: list[dict], texts: dict[str, str], taxonomy: Taxonomy, rule_ids: list[set[str]]) -> dict:
    """Fit the line model on the train postings; return it as plain data (see skillgap/lines.py).

    `rule_ids[i]`: the skills the rules already find in train posting i. The threshold and the skills kept
    are chosen by cross-validation over postings, counting only what the model adds to the rules.
    """
    import numpy as np
    from scipy.sparse import csr_matrix

    lines, owner, labels = line_examples(train, texts, taxonomy)
    unit_features = [features(line) for line in lines]
    df = Counter(f for fs in unit_features for f in fs)
    # A feature of one-letter words ("a b" of A/B) would be looked for as "a": every line would be worth scoring.
    vocab = {f: i for i, f in enumerate(sorted(f for f, n in df.items()
                                               if n >= MIN_FEATURE_UNITS and len(max(f.split(" "), key=len)) > 1))}
    rows, cols = [], []
    for r, fs in enumerate(unit_features):
        for f in fs:
            if f in vocab:
                rows.append(r)
                cols.append(vocab[f])
    X = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(lines), len(vocab)))
    owner = np.array(owner)
    index = gold_index(taxonomy)
    labelled = [set().union(*(gold_ids(e, index) for e in doc["skills"])) for doc in train]
    docs_of = Counter(skill for number in set(owner.tolist())
                      for skill in set().union(*(labels[i] for i in np.flatnonzero(owner == number))))
    skills = sorted(s for s, n in docs_of.items() if n >= MIN_CLASS_DOCS)
    fold = owner % FOLDS
    # Out-of-fold, per skill and posting: the best unit score.
    best = np.full((len(skills), len(train)), -np.inf)
    coefs, biases = [], []
    for k, skill in enumerate(skills):
        y = np.array([skill in found for found in labels], dtype=int)
        # A line of a posting labelled with the skill elsewhere is no example either way: annotators quote
        # one or two mentions, not all of them.
        known = np.array([bool(y[i]) or skill not in labelled[owner[i]] for i in range(len(y))])
        for f in range(FOLDS):
            part = (fold != f) & known
            if y[part].sum() == 0:
                continue
            coef, bias = _fit(X[part], y[part])
            scores = X[fold == f] @ coef + bias
            np.maximum.at(best[k], owner[fold == f], scores)
        coef, bias = _fit(X[known], y[known])
        coefs.append(coef)
        biases.append(bias)

    def added(k: int, threshold: float) -> tuple[int, int]:
        """(right, wrong) postings the model adds skill k to at `threshold`, out of fold."""
        right = wrong = 0
        for d in np.flatnonzero(best[k] >= threshold):
            if skills[k] in rule_ids[d]:
                continue
            if skills[k] in labelled[d]:
                right += 1
            else:
                wrong += 1
        return right, wrong

    # Per skill, the lowest threshold at which what it adds out of fold is precise enough; a skill that
    # never is, or adds nothing right, is dropped. The threshold is folded into the bias (the model's is 0).
    kept, offsets = [], []
    for k in range(len(skills)):
        for threshold in _THRESHOLDS:
            right, wrong = added(k, threshold)
            if right >= MIN_RIGHT and wilson_low(right, right + wrong) >= MIN_ADDED_PRECISION:
                kept.append(k)
                offsets.append(threshold)
                break
    weights: dict[str, list] = defaultdict(list)
    feature_of = sorted(vocab, key=vocab.get)
    for new, k in enumerate(kept):
        for i in np.flatnonzero(np.abs(coefs[k]) >= MIN_WEIGHT):
            weights[feature_of[i]].append([new, round(float(coefs[k][i]), 4)])
    return {"skills": [skills[k] for k in kept], "bias": [round(biases[k] - t, 4) for k, t in zip(kept, offsets)],
            "threshold": 0.0,
            "weights": dict(sorted(weights.items()))}


# --------------------------------------------------------------------------- entry point

EMPTY_MODEL = LineModel({"skills": [], "bias": [], "threshold": 0.0, "weights": {}})


def rule_extractor(taxonomy: Taxonomy, companies: dict[str, str | None], line_model: LineModel = EMPTY_MODEL):
    """Return text -> ids of the skills extracted with a mention (score.py's "predicted")."""
    matcher = Matcher(taxonomy, line_model)

    def extract(text: str) -> set[str]:
        skills, _ = extract_text(text, taxonomy, matcher, company=companies.get(text))
        return {hit.id for hit in skills if hit.mentions}
    return extract


def learn(corpus: Path, sources: Path | None, out_dir: Path = PACKAGE_DIR / "data") -> None:
    """Write learned.json, then taxonomy.json built with it, then lines.json fitted against that taxonomy."""
    train = [doc for path in TRAIN_SETS for doc in read_gold(path)]
    excluded = {doc["path"] for path in (*EVAL_SETS, *BLIND_SETS) if path.is_file() for doc in read_gold(path)}
    paths = sorted({d["path"] for d in train} | set(corpus_paths(corpus)) - excluded)
    docs = {p: read_document(corpus / p) for p in paths}
    texts = {p: clean_text(d.text) for p, d in docs.items()}
    companies = {texts[p]: d.company for p, d in docs.items()}
    train_texts = {d["path"]: texts[d["path"]] for d in train}
    _, base = base_taxonomy(sources)
    learned = mine(train, train_texts, texts, base)
    if sources is not None:
        link_esco(learned["skills"], sources / "esco")
    (out_dir / "learned.json").write_text(dump_json(learned), encoding="utf-8")
    doc = taxonomy_build.build(sources, learned=out_dir / "learned.json")
    # Which forms the labels do not back is judged with the mined aliases and skills in place.
    learned["unmatched"] = unmatched_forms(train, train_texts, companies, taxonomy_from_doc(doc))
    (out_dir / "learned.json").write_text(dump_json(learned), encoding="utf-8")
    doc = taxonomy_build.build(sources, learned=out_dir / "learned.json")
    (out_dir / "taxonomy.json").write_text(taxonomy_build.dump(doc), encoding="utf-8")
    taxonomy = taxonomy_from_doc(doc)
    extract = rule_extractor(taxonomy, companies)
    line_train = read_gold(LINE_TRAIN)
    rule_ids = [extract(train_texts[d["path"]]) for d in line_train]
    model = fit_line_model(line_train, train_texts, taxonomy, rule_ids)
    (out_dir / "lines.json").write_text(json.dumps(model, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    print(f"learned: {sum(map(len, learned['aliases'].values()))} aliases of {len(learned['aliases'])} known skills, "
          f"{len(learned['skills'])} new skills, {sum(map(len, learned['unmatched'].values()))} forms unmatched; taxonomy {len(doc['skills'])} skills; line model: "
          f"{len(model['skills'])} skills, {len(model['weights'])} features, threshold {model['threshold']}")


def dump_json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"



def measure(corpus: Path, sources: Path | None, data_dir: Path = PACKAGE_DIR / "data") -> None:
    """Print P/R/F1 of every gold set before the learned data, with each piece of it, and with both."""
    before = taxonomy_from_doc(taxonomy_build.build(sources, learned=None))
    after = taxonomy_from_doc(json.loads((data_dir / "taxonomy.json").read_text(encoding="utf-8")))
    model = LineModel(json.loads((data_dir / "lines.json").read_text(encoding="utf-8")))
    variants = (("before", before, EMPTY_MODEL), ("+ aliases and new skills", after, EMPTY_MODEL),
                ("+ line model", before, model), ("after (both)", after, model))
    print("set | variant | all P/R/F1 | ko P/R/F1 | en P/R/F1 | tool P/R/F1 | concept P/R/F1 | soft P/R/F1")
    for path in EVAL_SETS:
        if not path.is_file():
            continue
        gold = read_gold(path)
        docs = {d["path"]: read_document(corpus / d["path"]) for d in gold}
        texts = {p: clean_text(d.text) for p, d in docs.items()}
        companies = {texts[p]: d.company for p, d in docs.items()}
        for name, taxonomy, line_model in variants:
            result = score(gold, texts, taxonomy, rule_extractor(taxonomy, companies, line_model))
            print(f"{path.stem} | {name} | " + " | ".join(f"{v['p']:.3f} / {v['r']:.3f} / {v['f1']:.3f}"
                                                         for v in result.values()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m skillgap.learn_build", description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="the shared corpus folder")
    parser.add_argument("--sources", type=Path, default=taxonomy_build.DEFAULT_SOURCES, help="taxonomy-sources folder")
    parser.add_argument("--out", type=Path, default=PACKAGE_DIR / "data", help="where to write the data files")
    parser.add_argument("--measure", action="store_true", help="score the gold sets with and without the learned data")
    args = parser.parse_args(argv)
    if not (args.corpus / "index.csv").is_file():
        print(f"learn_build: no corpus at {args.corpus}", file=sys.stderr)
        return 2
    sources = args.sources if args.sources.is_dir() else None
    if args.measure:
        measure(args.corpus, sources, args.out)
    else:
        learn(args.corpus, sources, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
