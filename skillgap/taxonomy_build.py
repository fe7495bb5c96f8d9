"""Build the bundled skill taxonomy (skillgap/data/taxonomy.json).

The hand-curated core (data/curated.yaml) is merged with public skill lists found under
`--sources` (by default `<repo>/../shared/taxonomy-sources`):

* O*NET Technology Skills: commodity codes and Hot Technology / In Demand flags, and further
  tools named for computer, data and engineering occupations;
* ESCO ICT and transversal skills: concept URIs, plus named ICT knowledge items;
* a Korean–English IT glossary: Korean aliases of known skills;
* Korean job-board tech-stack tags: Korean aliases and common tools of Korean postings.

Curated entries win every conflict. The output is deterministic: the same inputs give the
same bytes. Run as `python -m skillgap.taxonomy_build [--sources DIR] [--out FILE]`.
"""
from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import yaml

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent
DEFAULT_SOURCES = REPO_DIR.parent / "shared" / "taxonomy-sources"
DEFAULT_CURATED = PACKAGE_DIR / "data" / "curated.yaml"
DEFAULT_OUT = PACKAGE_DIR / "data" / "taxonomy.json"
DEFAULT_LEARNED = PACKAGE_DIR / "data" / "learned.json"
KINDS = ("tool", "concept", "soft")
SOURCE_ORDER = ("curated", "learned", "onet", "esco", "ko-glossary", "ko-platform-tags")

_KEY_STRIP = re.compile(r"[\s\-_./]+")
_SLUG_STRIP = re.compile(r"[^0-9a-z]+")
_HANGUL = re.compile(r"[가-힣]")


def alias_key(text: str) -> str:
    """Return the matching key of a surface form, as the loader computes it (NFKC, casefold, no separators)."""
    return _KEY_STRIP.sub("", unicodedata.normalize("NFKC", text).casefold())


def slugify(name: str) -> str:
    """Return an ASCII id slug for a skill name ("Apache Spark" → "apache-spark", "C#" → "c-sharp")."""
    text = unicodedata.normalize("NFKC", name).lower().replace("+", " plus ").replace("#", " sharp ")
    return _SLUG_STRIP.sub("-", text).strip("-")


def has_hangul(text: str) -> bool:
    """Tell whether a string contains Hangul syllables."""
    return bool(_HANGUL.search(text))


class BuildError(Exception):
    """The sources or the curated file are inconsistent (bad parent, clashing curated alias, ...)."""


# --------------------------------------------------------------------------- curated core


def load_curated(path: Path) -> tuple[str, list[dict], dict[str, dict], dict[str, str]]:
    """Read curated.yaml into (version, categories, skills by id, ESCO labels by skill id)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    categories = [dict(c) for c in data["categories"]]
    category_ids = {c["id"] for c in categories}
    skills: dict[str, dict] = {}
    for category, by_kind in data["skills"].items():
        if category not in category_ids:
            raise BuildError(f"curated: unknown category {category!r}")
        for kind, entries in by_kind.items():
            if kind not in KINDS:
                raise BuildError(f"curated: unknown kind {kind!r} in {category}")
            for entry in entries:
                skill = new_skill(entry["name"], category, kind, entry.get("id"), "curated")
                if skill["id"] in skills:
                    raise BuildError(f"curated: duplicate id {skill['id']!r}")
                korean = entry.get("name_ko") or entry.get("ko")
                # Korean engineers write products in Latin letters (MySQL, MLflow, not 마이에스큐엘): a tool's
                # Korean spelling is only an alias, unless the entry makes it the name (name_ko, e.g. 전자정부
                # 프레임워크); concepts and soft skills are shown in Korean.
                skill["name_ko"] = entry.get("name_ko") if kind == "tool" else korean
                skill["aliases"] = [str(a) for a in entry.get("aliases") or ()]
                if korean:
                    skill["aliases"].insert(0, korean)
                skill["parents"] = list(entry.get("parents") or ())
                skill["exact_case"] = [str(a) for a in entry.get("exact_case") or ()]
                skill["ambiguous"] = bool(entry.get("ambiguous", False))
                skill["context_only"] = bool(entry.get("context_only", False))
                skill["implied_only"] = bool(entry.get("implied_only", False))
                skill["head_noun"] = bool(entry.get("head_noun", False))
                skills[skill["id"]] = skill
    return str(data["version"]), categories, skills, dict(data.get("esco_labels") or {})


def new_skill(name: str, category: str, kind: str, skill_id: str | None, source: str) -> dict:
    """Return a fresh skill record in the output schema."""
    return {"id": skill_id or slugify(name), "name": name, "name_ko": None, "category": category,
            "kind": kind, "aliases": [], "parents": [], "exact_case": [], "ambiguous": False,
            "context_only": False, "implied_only": False, "head_noun": False, "onet": None, "esco": None, "sources": {source},
            "unmatched": []}


# --------------------------------------------------------------------------- index


class Index:
    """Look up skills by the key (see alias_key) of their id, name or any alias."""

    def __init__(self, skills: dict[str, dict]):
        self.skills = skills
        self.by_key: dict[str, set[str]] = defaultdict(set)
        for skill in skills.values():
            self.add_forms(skill)

    def add_forms(self, skill: dict) -> None:
        """Register every surface form of a skill."""
        for form in (skill["id"], skill["name"], *skill["aliases"]):
            self.by_key[alias_key(form)].add(skill["id"])

    def find(self, *forms: str) -> str | None:
        """Return the id of the skill one of `forms` names, when exactly one skill claims it."""
        for form in forms:
            ids = self.by_key.get(alias_key(form), set())
            if len(ids) == 1:
                return next(iter(ids))
        return None

    def claimed(self, form: str) -> bool:
        """Tell whether any skill already uses this surface form."""
        return bool(self.by_key.get(alias_key(form)))


def add_alias(index: Index, skill_id: str, alias: str, source: str) -> bool:
    """Add an alias to a skill unless another skill already uses it; return whether it was added."""
    alias = alias.strip()
    if not alias or index.claimed(alias) and skill_id not in index.by_key[alias_key(alias)]:
        return False
    skill = index.skills[skill_id]
    if alias_key(alias) in {alias_key(f) for f in (skill["name"], *skill["aliases"])}:
        return False
    skill["aliases"].append(alias)
    skill["sources"].add(source)
    index.by_key[alias_key(alias)].add(skill_id)
    return True


# --------------------------------------------------------------------------- O*NET

# Occupations whose technology lists feed new skills: computer & mathematical (15-),
# computer hardware / electrical / electronics engineers, and IT managers.
ONET_OCCUPATION_PREFIXES = ("15-", "17-2061", "17-2071", "17-2072", "11-3021")
# UNSPSC commodity titles that name software/data/ML tooling, and the category new skills get.
ONET_COMMODITY_CATEGORIES = {
    "Analytical or scientific software": "data-science",
    "Business intelligence and data analysis software": "data-science",
    "Data base reporting software": "data-science",
    "Data mining software": "data-science",
    "Data base management system software": "databases",
    "Data base user interface and query software": "databases",
    "Object oriented data base management software": "databases",
    "Information retrieval or search software": "databases",
    "Enterprise application integration software": "data-engineering",
    "Metadata management software": "data-engineering",
    "Application server software": "deployment-ops",
    "Transaction server software": "deployment-ops",
    "Configuration management software": "deployment-ops",
    "Network monitoring software": "deployment-ops",
    "Enterprise system management software": "deployment-ops",
    "Clustering software": "deployment-ops",
    "Storage networking software": "deployment-ops",
    "Backup or archival software": "deployment-ops",
    "Cloud-based management software": "cloud",
    "Cloud-based data access and sharing software": "cloud",
    "Development environment software": "software-engineering",
    "Compiler and decompiler software": "software-engineering",
    "Program testing software": "software-engineering",
    "File versioning software": "software-engineering",
    "Requirements analysis and system architecture software": "software-engineering",
    "Operating system software": "software-engineering",
    "Enterprise resource planning ERP software": "software-engineering",
    "Object or component oriented development software": "programming-languages",
    "Web platform development software": "web-mobile",
    "Web page creation and editing software": "web-mobile",
    "Graphical user interface development software": "web-mobile",
    "Portal server software": "web-mobile",
    "Transaction security and virus protection software": "security",
    "Network security and virtual private network VPN equipment software": "security",
    "Network security or virtual private network VPN management software": "security",
    "Authentication server software": "security",
    "Internet directory services software": "security",
    "Expert system software": "ml-dl",
    "Project management software": "tools",
    "Content workflow software": "tools",
    "Process mapping and design software": "tools",
}
# Words in a new skill's name that override the commodity's category.
CATEGORY_HINTS = (
    (re.compile(r"hadoop|spark|kafka|flink|hive|hbase|storm|druid|beam|mapreduce", re.I), "big-data"),
    (re.compile(r"tensorflow|pytorch|keras|machine learning|deep learning|neural|caffe|theano|torch", re.I), "ml-dl"),
    (re.compile(r"aws|azure|google cloud|amazon|cloud", re.I), "cloud"),
    (re.compile(r"sql|database|db2|\bdb\b", re.I), "databases"),
)
VENDORS = (
    "Amazon Web Services AWS", "Amazon Web Services", "Amazon", "Apache", "Microsoft", "IBM", "Oracle",
    "Google", "Adobe", "Atlassian", "JetBrains", "The MathWorks", "National Instruments", "Hewlett Packard",
    "Hewlett-Packard", "HP", "SAP", "Red Hat", "Cisco Systems", "Cisco", "Autodesk", "Dassault Systemes",
    "Apple", "NVIDIA", "Intel", "Elastic", "HashiCorp", "Eclipse", "GNU", "Meta", "Facebook", "Salesforce",
    "Micro Focus", "Broadcom", "Sun Microsystems", "Oracle Java", "Progress", "Esri", "ESRI", "SAS", "Unity Technologies",
)
# Product names that are social networks or generic services rather than work skills.
ONET_SKIP = {"facebook", "linkedin", "twitter", "youtube", "instagram", "snapchat", "tiktok", "pinterest",
             "yelp", "google search", "web browser", "email", "internet", "computer", "software",
             "statistical", "optimization", "workflow"}
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&+]{1,9}$")


def onet_forms(example: str) -> tuple[str, str | None, str | None, bool]:
    """Split an O*NET example name into (clean name, acronym, long form, descriptive?).

    "Amazon Web Services AWS software" → ("Amazon Web Services AWS", "AWS", "Amazon Web Services", False);
    "Hypertext markup language HTML" → (…, "HTML", "Hypertext markup language", True).
    """
    name = re.sub(r"\s*\([^)]*\)", "", example).strip()
    name = re.sub(r"\s+software$", "", name).strip()
    tokens = name.split()
    acronym = long_form = None
    if len(tokens) >= 2 and _ACRONYM.match(tokens[-1]):
        letters = [c for c in tokens[-1] if c.isalpha()]
        joined = "".join(tokens[:-1]).upper()
        if len(letters) >= 2 and _is_subsequence(letters, joined):
            acronym, long_form = tokens[-1], " ".join(tokens[:-1])
    body = tokens[1:-1] if acronym else tokens[1:]
    descriptive = bool(body) and all(t.islower() for t in body)
    return name, acronym, long_form, descriptive


def _is_subsequence(needle: list[str], haystack: str) -> bool:
    it = iter(haystack)
    return all(ch in it for ch in needle)


def strip_vendor(name: str) -> str | None:
    """Return the product name without a leading vendor ("Microsoft Excel" → "Excel"), or None."""
    for vendor in VENDORS:
        if name.startswith(vendor + " ") and len(name) > len(vendor) + 2:
            return name[len(vendor) + 1:]
    return None


def product_variants(name: str) -> list[str]:
    """Return shorter forms of a product name to match known skills: word suffixes, then prefixes (no bare vendor)."""
    tokens = name.split()
    variants = [" ".join(tokens[i:]) for i in range(1, len(tokens))]
    variants += [" ".join(tokens[:i]) for i in range(len(tokens) - 1, 0, -1)]
    return [v for v in variants if v not in VENDORS]


def distinctive(form: str) -> bool:
    """Tell whether a Latin surface form is unlikely to be an everyday word (digits, inner capitals, several words)."""
    return bool(re.search(r"[0-9+#.]|[a-z][A-Z]", form)) or len(form.split()) >= 2


def merge_onet(index: Index, path: Path) -> None:
    """Attach O*NET commodity codes and Hot/In Demand flags; add named tools of relevant occupations."""
    examples: dict[str, dict] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            rec = examples.setdefault(row["Example"], {"occupations": set(), "commodities": Counter(),
                                                      "hot": False, "in_demand": False, "relevant": 0})
            relevant = row["O*NET-SOC Code"].startswith(ONET_OCCUPATION_PREFIXES)
            rec["occupations"].add(row["O*NET-SOC Code"])
            rec["commodities"][(row["Commodity Code"], row["Commodity Title"])] += 1
            rec["hot"] |= row["Hot Technology"] == "Y"
            rec["in_demand"] |= relevant and row["In Demand"] == "Y"
            rec["relevant"] += relevant
    best: dict[str, tuple] = {}
    for example in sorted(examples):
        rec = examples[example]
        (code, title), _ = sorted(rec["commodities"].items(), key=lambda kv: (-kv[1], kv[0]))[0]
        name, acronym, long_form, descriptive = onet_forms(example)
        if name.lower() in ONET_SKIP:
            continue
        sid = index.find(name, *(f for f in (acronym if acronym and len(acronym) >= 3 else None, long_form) if f))
        exact = sid is not None
        if sid is None and not descriptive:
            for variant in product_variants(long_form or name):
                candidate = index.find(variant)
                if candidate and (index.skills[candidate]["kind"] == "tool" or distinctive(variant)):
                    sid = candidate
                    break
        onet = {"commodity": code, "commodity_title": title, "hot": rec["hot"], "in_demand": rec["in_demand"]}
        if sid is None:
            sid = _new_onet_skill(index, name, acronym, long_form, descriptive, title, rec)
            if sid is None:
                continue
            exact = True
        rank = (exact, rec["hot"], rec["in_demand"], rec["relevant"], len(rec["occupations"]), example)
        if sid not in best or rank > best[sid][0]:
            best[sid] = (rank, onet)
    for sid, (_, onet) in best.items():
        skill = index.skills[sid]
        skill["onet"] = onet
        skill["sources"].add("onet")


def _new_onet_skill(index: Index, name, acronym, long_form, descriptive, title, rec) -> str | None:
    """Add a tool named for a relevant occupation when it is specific and in use; return its id."""
    category = ONET_COMMODITY_CATEGORIES.get(title)
    popular = rec["hot"] or rec["in_demand"]
    if not category or not rec["relevant"] or not (popular or len(rec["occupations"]) >= 2):
        return None
    if descriptive and not acronym:
        return None
    display, extra = (acronym, [long_form]) if acronym and (descriptive or long_form.isupper()) else (long_form or name, [acronym])
    stripped = strip_vendor(display)
    if stripped and re.search(r"[0-9+#.]|[a-z][A-Z]|[A-Z]{2}", stripped) and not re.fullmatch(r"[A-Z]+", stripped):
        extra.append(stripped)  # "PeopleSoft", not "Golden Gate": plain words would match prose
    if not re.search(r"[A-Za-z]{2}", display) or (not distinctive(display) and not popular):
        return None
    for pattern, hinted in CATEGORY_HINTS:
        if pattern.search(display):
            category = hinted
            break
    skill = new_skill(display, category, "tool", None, "onet")
    if not skill["id"] or skill["id"] in index.skills or index.claimed(display):
        return None
    if display.isupper() and not distinctive(display):
        skill["exact_case"].append(display)  # an all-caps word ("BASIC") is a common word in lower case
    index.skills[skill["id"]] = skill
    index.add_forms(skill)
    for form in extra:
        if form and form != display and len(form) >= 3:
            if add_alias(index, skill["id"], form, "onet") and form.isupper() and not distinctive(form):
                skill["exact_case"].append(form)
    return skill["id"]


# --------------------------------------------------------------------------- ESCO

ESCO_URI = "http://data.europa.eu/esco/"
_ESCO_QUALIFIER = re.compile(r"\s*\((?:computer programming|software|systems|framework|[^)]*)\)\s*$")


def merge_esco(index: Index, folder: Path, labels: dict[str, str]) -> None:
    """Attach ESCO concept URIs; add named ICT knowledge items (tools, languages, methods).

    `labels` maps skill ids to the ESCO preferred label they correspond to when names differ
    (mostly transversal skills such as "work in teams" → collaboration).
    """
    records: list[tuple[str, str, list[str], str]] = []
    ict = folder / "esco_s.novectors.derived.json"
    if ict.is_file():
        for item in json.loads(ict.read_text(encoding="utf-8")):
            if not item["uri"].startswith(ESCO_URI):
                continue  # the package adds a few concepts of its own; keep to ESCO proper
            records.append((item["uri"], item["label"], list(item.get("altLabel") or ()), item.get("skillType", "")))
    for name in ("transversalSkillsCollection_en.csv", "ictSkillsCollection_en.csv"):
        path = folder / name
        if path.is_file():
            with path.open(encoding="utf-8", newline="") as handle:
                for row in csv.DictReader(handle):
                    alts = [a.strip() for a in (row.get("altLabels") or "").split("|") if a.strip()]
                    records.append((row["conceptUri"], row["preferredLabel"], alts, "transversal"))
    by_label = {label.casefold(): uri for uri, label, _, _ in records}
    for sid, label in sorted(labels.items()):
        uri = by_label.get(label.casefold())
        if uri and sid in index.skills:
            index.skills[sid]["esco"] = uri
            index.skills[sid]["sources"].add("esco")
    for uri, label, alts, skill_type in sorted(records):
        if skill_type not in ("knowledge", "skill"):
            continue
        base = _ESCO_QUALIFIER.sub("", label).strip()
        sid = index.find(base, label)
        if sid is None and skill_type == "knowledge":
            sid = _new_esco_skill(index, base, alts)
        if sid is None:
            continue
        skill = index.skills[sid]
        if skill["esco"] is None:
            skill["esco"] = uri
            skill["sources"].add("esco")


# Generic ESCO knowledge labels that are fields of study or business topics, not work skills.
_ESCO_GENERIC = re.compile(
    r"^(ict|business|market|law|legislation|principles|characteristics|types|methods|procedures|"
    r"policies|e-|digital|information|internet|online|computer|systems)\b"
    r"|\b(software|systems?|model|development|tools?)$", re.I)


def _new_esco_skill(index: Index, base: str, alts: list[str]) -> str | None:
    """Add an ESCO ICT knowledge item that names a specific product or language (distinctive name)."""
    if len(base.split()) > 4 or not re.search(r"[A-Z0-9]", base[1:]) or not distinctive(base):
        return None
    if base.split()[0].islower() or _ESCO_GENERIC.match(base) or index.claimed(base):
        return None
    category = esco_category(base)
    skill = new_skill(base, category, "tool", None, "esco")
    if not skill["id"] or skill["id"] in index.skills:
        return None
    index.skills[skill["id"]] = skill
    index.add_forms(skill)
    for alt in alts:
        # altLabels of named items are spelling variants ("Xcode 7"); generic phrases are skipped
        if alt != base and len(alt.split()) <= 3 and distinctive(alt) and any(ch.isupper() for ch in alt):
            add_alias(index, skill["id"], alt, "esco")
    return skill["id"]


_ESCO_CATEGORY_HINTS = (
    (re.compile(r"learning|neural|artificial intelligence|vision|language processing", re.I), "ml-dl"),
    (re.compile(r"statistic|analytics|data mining|visuali", re.I), "data-science"),
    (re.compile(r"database|query|sql|data model|data warehouse|olap", re.I), "databases"),
    (re.compile(r"data", re.I), "data-engineering"),
    (re.compile(r"cloud", re.I), "cloud"),
    (re.compile(r"secur|attack|crypt|threat|vulnerab", re.I), "security"),
    (re.compile(r"web|mobile|android|ios|html|javascript|browser", re.I), "web-mobile"),
    (re.compile(r"deploy|devops|configuration management|monitor|operations", re.I), "deployment-ops"),
)


def esco_category(label: str) -> str:
    """Guess the category of a new ESCO knowledge item from its label."""
    for pattern, category in _ESCO_CATEGORY_HINTS:
        if pattern.search(label):
            return category
    return "software-engineering"


# --------------------------------------------------------------------------- Korean sources

# Korean forms that are everyday words or company names even at the start of a word.
KO_BLOCK = {"노드", "고도", "뷰", "고", "스파크", "하이브", "러스트", "아르고", "트리톤", "플로우", "코어",
            "엔진", "모델", "레일즈", "스프링", "리액트", "엑셀", "오라클", "유니티", "다트", "루비"}


def merge_ko_glossary(index: Index, folder: Path) -> None:
    """Add Korean aliases from the Korean–English IT glossary to the skills its English terms name."""
    path = folder / "programming-terms.derived.tsv"
    if not path.is_file():
        return
    with path.open(encoding="utf-8", newline="") as handle:
        rows = sorted((r["korean"].strip(), r["english"].strip()) for r in csv.DictReader(handle, delimiter="\t"))
    for korean, english in rows:
        if not has_hangul(korean) or korean in KO_BLOCK or len(re.sub(r"[^가-힣]", "", korean)) < 3:
            continue
        forms = [english, re.sub(r"\s*\([^)]*\)", "", english)]
        forms += re.findall(r"\(([^)]+)\)", english)
        forms += [part.strip() for part in re.split(r"\s+/\s+", forms[1])]
        sid = index.find(*[f for f in forms if f])
        # only hand-checked skills take glossary forms: its English side also holds generic words
        if sid and "curated" in index.skills[sid]["sources"] and index.skills[sid]["kind"] != "soft":
            add_alias(index, sid, korean, "ko-glossary")


def merge_platform_tags(index: Index, folder: Path) -> None:
    """Mark skills used as Korean job-board tech-stack tags; add their Korean and spelling aliases."""
    counts: Counter = Counter()
    for path in sorted(folder.glob("data_*_total.csv")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                for tag in (row.get("skill") or "").split(","):
                    if tag.strip():
                        counts[alias_key(tag.strip())] += 1
    dictionaries: list[tuple[str, list[str]]] = []
    tech_stack = folder / "tech_stack.json"
    if tech_stack.is_file():
        for name, forms in json.loads(tech_stack.read_text(encoding="utf-8")).items():
            dictionaries.append((name, [forms] if isinstance(forms, str) else list(forms)))
    skill_dict = folder / "skill.json"
    if skill_dict.is_file():
        # the file is a JSON object followed by unrelated text: parse the first object only
        text = skill_dict.read_text(encoding="utf-8")
        obj, _ = json.JSONDecoder().raw_decode(text.lstrip())
        dictionaries += [(name, list(forms)) for name, forms in obj.items()]
    for name, forms in sorted(dictionaries):
        sid = index.find(name)
        if sid is None:
            continue
        index.skills[sid]["sources"].add("ko-platform-tags")
        for form in forms:
            form = form.strip(" ,")
            if has_hangul(form):
                if form not in KO_BLOCK and len(re.sub(r"[^가-힣]", "", form)) >= 2:
                    add_alias(index, sid, form, "ko-platform-tags")
            elif distinctive(form) and len(form) >= 4:
                add_alias(index, sid, form, "ko-platform-tags")
    for sid in sorted(index.skills):
        skill = index.skills[sid]
        if any(counts[alias_key(f)] >= 3 for f in (skill["name"], *skill["aliases"]) if not has_hangul(f)):
            skill["sources"].add("ko-platform-tags")


# --------------------------------------------------------------------------- finishing


def ancestors(skills: dict[str, dict], skill_id: str) -> set[str]:
    """Return every ancestor id of a skill."""
    seen: set[str] = set()
    queue = list(skills[skill_id]["parents"])
    while queue:
        parent = queue.pop()
        if parent not in seen and parent in skills:
            seen.add(parent)
            queue.extend(skills[parent]["parents"])
    return seen


def resolve_clashes(skills: dict[str, dict], strict: bool) -> list[str]:
    """Keep each surface form on one skill only; drop it from the less specific one.

    The owner is, in order: the skill whose name (or Korean name) the form is; the descendant
    when one skill is an ancestor of the other; the curated skill; the smaller id. With
    `strict`, a clash between two curated aliases is reported instead (fix it in curated.yaml).
    """
    problems: list[str] = []
    owners: dict[str, list[str]] = defaultdict(list)
    for skill in skills.values():
        for form in dict.fromkeys(alias_key(f) for f in (skill["name"], *skill["aliases"])):
            owners[form].append(skill["id"])
    for form, ids in sorted(owners.items()):
        if len(ids) < 2:
            continue

        def rank(sid: str) -> tuple:
            skill = skills[sid]
            own = alias_key(skill["name"]) == form or (skill["name_ko"] and alias_key(skill["name_ko"]) == form)
            descendant = any(sid != other and other in ancestors(skills, sid) for other in ids)
            return (not own, not descendant, "curated" not in skill["sources"], sid)

        ids = sorted(ids, key=rank)
        keeper = ids[0]
        for loser in ids[1:]:
            if strict and "curated" in skills[keeper]["sources"] and "curated" in skills[loser]["sources"]:
                problems.append(f"surface form {form!r} on both {keeper} and {loser}")
            if alias_key(skills[loser]["name"]) == form:
                continue  # a name cannot be dropped; the keeper drops its alias instead below
            skills[loser]["aliases"] = [a for a in skills[loser]["aliases"] if alias_key(a) != form]
        if alias_key(skills[keeper]["name"]) != form and any(alias_key(skills[i]["name"]) == form for i in ids[1:]):
            skills[keeper]["aliases"] = [a for a in skills[keeper]["aliases"] if alias_key(a) != form]
    return problems


def _spelling_key(alias: str) -> tuple[str, bool]:
    """Return the de-duplication key of an alias: spaced Korean spellings are kept next to glued ones.

    The matcher derives "형상관리" from "형상 관리" but cannot split "형상관리" into words, and Korean
    postings write both.
    """
    return alias_key(alias), has_hangul(alias) and " " in alias


def finish(version: str, categories: list[dict], skills: dict[str, dict], strict: bool = True) -> dict:
    """Validate, de-duplicate and sort the skills into the output document."""
    problems = resolve_clashes(skills, strict)
    category_ids = {c["id"] for c in categories}
    out = []
    for sid in sorted(skills):
        skill = skills[sid]
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", sid):
            problems.append(f"bad id {sid!r}")
        if skill["category"] not in category_ids:
            problems.append(f"{sid}: unknown category {skill['category']!r}")
        for parent in skill["parents"]:
            if parent not in skills:
                problems.append(f"{sid}: unknown parent {parent!r}")
            elif sid in ancestors(skills, parent) or parent == sid:
                problems.append(f"{sid}: parent cycle through {parent!r}")
        seen = {_spelling_key(skill["name"])}
        aliases = []
        for alias in skill["aliases"]:
            if alias_key(alias) and _spelling_key(alias) not in seen:
                seen.add(_spelling_key(alias))
                aliases.append(alias)
        forms = {skill["name"], *aliases}
        out.append({
            "id": sid,
            "name": skill["name"],
            "name_ko": skill["name_ko"],
            "category": skill["category"],
            "kind": skill["kind"],
            "aliases": aliases,
            "parents": sorted(dict.fromkeys(skill["parents"])),
            "exact_case": sorted(a for a in dict.fromkeys(skill["exact_case"]) if a in forms),
            "ambiguous": skill["ambiguous"],
            "context_only": skill["context_only"],
            "implied_only": skill["implied_only"],
            "head_noun": skill["head_noun"],
            "onet": skill["onet"],
            "esco": skill["esco"],
            "sources": [s for s in SOURCE_ORDER if s in skill["sources"]],
            "unmatched": sorted(a for a in dict.fromkeys(skill["unmatched"]) if a in forms),
        })
    if problems:
        raise BuildError("taxonomy is inconsistent:\n  " + "\n  ".join(problems))
    return {"version": version, "categories": categories, "skills": out}


def dump(doc: dict) -> str:
    """Serialise the taxonomy compactly: one skill per line, stable key order."""
    lines = ['{"version": ' + json.dumps(doc["version"]) + ",", ' "categories": [']
    lines += [
        "  " + json.dumps(c, ensure_ascii=False) + ("," if i < len(doc["categories"]) - 1 else "")
        for i, c in enumerate(doc["categories"])
    ]
    lines.append(" ],")
    lines.append(' "skills": [')
    lines += [
        "  " + json.dumps(s, ensure_ascii=False) + ("," if i < len(doc["skills"]) - 1 else "")
        for i, s in enumerate(doc["skills"])
    ]
    lines.append(" ]}")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- coverage report


def korean_coverage(doc: dict, corpus: Path, top: int = 400) -> tuple[int, int, list[str]]:
    """Count which of the `top` skills most frequent in the corpus's Korean postings have a Korean alias.

    Returns (skills with a Korean alias, skills considered, ids of those without one). A simple
    scan: Latin forms need word boundaries, Korean forms must start a word.
    """
    import ahocorasick_rs  # the extractor's dependency; only this optional report needs it here

    forms: dict[str, set[str]] = defaultdict(set)
    for skill in doc["skills"]:
        for form in (skill["name"], *skill["aliases"]):
            if skill["ambiguous"] or skill["context_only"] or len(form) < 2 or form in skill["exact_case"]:
                continue
            forms[unicodedata.normalize("NFKC", form).lower()].add(skill["id"])
    keys = list(forms)
    automaton = ahocorasick_rs.AhoCorasick(keys)
    frequency: Counter = Counter()
    with (corpus / "index.csv").open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r.get("lang") == "ko"]
    for row in rows:
        path = corpus / row["path"]
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix in (".html", ".htm"):
            text = re.sub(r"<[^>]+>", " ", text)
        text = unicodedata.normalize("NFKC", text).lower()
        found: set[str] = set()
        for number, start, end in automaton.find_matches_as_indexes(text, overlapping=True):
            form = keys[number]
            ids = forms[form]
            before = text[start - 1] if start else " "
            after = text[end] if end < len(text) else " "
            if has_hangul(form[0]):
                if has_hangul(before) or before.isalnum():
                    continue
            elif re.match(r"[a-z0-9]", before) or re.match(r"[a-z0-9+#]", after):
                continue
            found |= ids
        frequency.update(found)
    ranked = [sid for sid, _ in sorted(frequency.items(), key=lambda kv: (-kv[1], kv[0]))][:top]
    by_id = {s["id"]: s for s in doc["skills"]}
    missing = [sid for sid in ranked if not any(has_hangul(a) for a in by_id[sid]["aliases"])]
    return len(ranked) - len(missing), len(ranked), missing


# --------------------------------------------------------------------------- entry point


def merge_learned(index: Index, path: Path) -> dict[str, str]:
    """Add what skillgap.learn_build mined from the labelled postings: aliases of known skills, and new skills.

    Return the ESCO preferred labels the new skills correspond to (merge_esco links them).
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    for skill_id, aliases in data["aliases"].items():
        for alias in aliases if skill_id in index.skills else ():  # a curated file without the skill: nothing to add to
            add_alias(index, skill_id, alias, "learned")
    for entry in data["skills"]:
        skill = new_skill(entry["name"], entry["category"], entry["kind"], entry.get("id"), "learned")
        if skill["id"] in index.skills or index.claimed(entry["name"]):
            continue
        index.skills[skill["id"]] = skill
        index.add_forms(skill)
        for alias in ([entry["ko"]] if entry.get("ko") else []) + entry["aliases"]:
            add_alias(index, skill["id"], alias, "learned")
        skill["name_ko"] = entry.get("ko") if entry.get("ko") in skill["aliases"] else None
    for skill_id, forms in data.get("unmatched", {}).items():
        if skill_id in index.skills:
            index.skills[skill_id]["unmatched"].extend(forms)
    return {slugify(e["name"]): e["esco_label"] for e in data["skills"] if e.get("esco_label")}


def build(sources: Path | None, curated: Path = DEFAULT_CURATED, learned: Path | None = DEFAULT_LEARNED) -> dict:
    """Return the taxonomy document built from the curated file, the learned data and whatever sources exist."""
    version, categories, skills, esco_labels = load_curated(curated)
    index = Index(skills)
    if learned is not None and learned.is_file():
        esco_labels = {**merge_learned(index, learned), **esco_labels}
    if sources is not None:
        onet = sources / "onet" / "Technology Skills.txt"
        if onet.is_file():
            merge_onet(index, onet)
        if (sources / "esco").is_dir():
            merge_esco(index, sources / "esco", esco_labels)
        merge_ko_glossary(index, sources / "ko-en-programming-terms")
        if (sources / "ko-platform-tags").is_dir():
            merge_platform_tags(index, sources / "ko-platform-tags")
    return finish(version, categories, skills)


def main(argv: list[str] | None = None) -> int:
    """Build taxonomy.json from the command line."""
    parser = argparse.ArgumentParser(prog="python -m skillgap.taxonomy_build", description=__doc__.split("\n")[0])
    parser.add_argument("--sources", type=Path, default=DEFAULT_SOURCES, help="taxonomy-sources folder")
    parser.add_argument("--curated", type=Path, default=DEFAULT_CURATED, help="hand-curated YAML")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write taxonomy.json")
    parser.add_argument("--corpus", type=Path, help="report Korean-alias coverage of the skills common in this corpus")
    args = parser.parse_args(argv)
    try:
        doc = build(args.sources if args.sources.is_dir() else None, args.curated)
    except BuildError as exc:
        print(f"taxonomy_build: {exc}", file=sys.stderr)
        return 2
    args.out.write_text(dump(doc), encoding="utf-8")
    counts = Counter(s["category"] for s in doc["skills"])
    print(f"wrote {args.out}: {len(doc['skills'])} skills; " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    if args.corpus:
        covered, considered, missing = korean_coverage(doc, args.corpus)
        print(f"Korean aliases: {covered} of the {considered} skills most frequent in Korean postings")
        if missing:
            print("without a Korean alias: " + ", ".join(missing))
    return 0


if __name__ == "__main__":
    sys.exit(main())
