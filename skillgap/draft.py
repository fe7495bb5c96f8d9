"""Draft a skill profile from a résumé: every skill found, a suggested level and the line that shows it."""
from __future__ import annotations

import bisect
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

import yaml

from skillgap.clean import clean_text, detect_language
from skillgap.display import pad, width
from skillgap.errors import InputError, UsageError
from skillgap.extract import Matcher, extract_text
from skillgap.load import decode_bytes
from skillgap.sections import header_kind
from skillgap.taxonomy import Skill, Taxonomy

RESUME_SUFFIXES = (".md", ".txt", ".pdf", ".docx")
LEVEL_AWARE, LEVEL_LISTED, LEVEL_USED, LEVEL_STRONG = 1, 2, 3, 4
EVIDENCE_CELLS = 72
_CONTEXT_CELLS = 12
_HEADER_MAX_CHARS = 40
_BLOCK_TITLE_MAX_CHARS = 80
_SECTION_KEYS = {
    "skills": """skills technicalskills techskills techstack technologies tools skillset coreskills keyskills
        competencies 기술 기술스택 보유기술 스킬 기술역량 사용기술 활용기술 보유역량 기술및도구 주요기술 역량 핵심역량""",
    "experience": """experience workexperience professionalexperience employment employmenthistory workhistory
        career careerhistory 경력 경력사항 경력기술 경력기술서 업무경험 직무경험 근무경력 주요경력 실무경험 경험""",
    "projects": """projects project personalprojects sideprojects selectedprojects keyprojects 프로젝트 주요프로젝트
        개인프로젝트 사이드프로젝트 프로젝트경험 수행프로젝트 프로젝트경력""",
    "education": """education certifications certificates courses coursework training awards publications
        activities 학력 교육 교육사항 교육이수 자격증 자격 수상 수상경력 대외활동 활동 논문 학력사항""",
    "summary": "summary about aboutme profile introduction objective 소개 자기소개 요약 프로필 한줄소개",
}
_SECTION_BY_KEY = {key: kind for kind, keys in _SECTION_KEYS.items() for key in keys.split()}
_BULLET = re.compile(r"^(?:[-*+•·▪◦●○■□▶►✓✔–]|\d{1,2}[.)])\s*")
_LEARNING = re.compile(r"관심|공부\s?중|학습\s?중|배우는\s?중|배우고\s?있|스터디|interested in|currently learning|"
                       r"learning (?:about|to)\b|exploring", re.IGNORECASE)
_PRODUCTION = re.compile(r"production|\bprod\b|deploy|shipped|launched|\blive\b|\bled\b|\blead|owned|"
                         r"maintain|on-call|운영|배포|상용|출시|런칭|리드|주도|서비스\s?적용|실서비스|트래픽", re.IGNORECASE)
# A demo or a prototype that was "deployed" is not production use.
_TRIAL = re.compile(r"데모|demo|prototype|프로토타입|토이|toy|해커톤|hackathon|\bPoC\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?。](?=\s)")
_LIST_SEPARATORS = re.compile(r"[,/|·•;]")
_NOT_A_NAME = re.compile(r"\d|@|https?:|이력서|경력기술서|자기소개서|resume|résumé|curriculum|\bcv\b", re.IGNORECASE)
_NAME_SEPARATORS = re.compile(r"\s+[·|—–-]\s+|\s*[|·]\s*")
_TEXT = {
    "en": {
        "header": [
            "skillgap profile drafted from {source} by `skillgap profile init`.",
            "The levels are guesses from how the résumé mentions each skill — please correct them:",
            "  2 = only listed · 3 = used in a role or project · 4 = several roles/projects or production use.",
            "Levels: 0 none · 1 aware · 2 basic (tutorials) · 3 working (used in a real project) ·",
            "        4 strong (production) · 5 expert",
            "Add what the résumé leaves out, delete what you no longer use, then run: skillgap profile check",
        ],
        "roles": "optional: the roles you aim for; their core skills rank first",
        "empty": "no known skill was found in the résumé — add yours by hand, e.g. Python: 3",
        "listed": "listed", "education": "education", "used": "used", "learning": "learning",
        "production": "production", "blocks": "{n} roles/projects",
    },
    "ko": {
        "header": [
            "skillgap 프로필 초안 — {source} 에서 `skillgap profile init` 으로 만들었어요.",
            "레벨은 이력서에 기술이 나오는 방식으로 추정한 값이에요. 직접 고쳐 주세요:",
            "  2 = 목록에만 있음 · 3 = 경력·프로젝트에서 사용 · 4 = 여러 경력·프로젝트 또는 운영·배포 경험.",
            "레벨: 0 모름 · 1 들어 봄 · 2 기초 (튜토리얼) · 3 실무 (실제 프로젝트) ·",
            "      4 능숙 (프로덕션) · 5 전문가",
            "이력서에 없는 기술은 추가하고 더 쓰지 않는 기술은 지운 뒤 실행하세요: skillgap profile check",
        ],
        "roles": "선택: 원하는 직무 (그 직무의 핵심 기술을 먼저 보여 줘요)",
        "empty": "이력서에서 아는 기술을 찾지 못했어요 — 직접 적어 주세요 (예: Python: 3)",
        "listed": "목록", "education": "교육", "used": "사용", "learning": "학습 중",
        "production": "운영·배포", "blocks": "경력·프로젝트 {n}곳",
    },
}


@dataclass(frozen=True)
class DraftEntry:
    """One skill of a drafted profile: the suggested level, why, and the résumé line that shows it."""

    skill_id: str
    key: str
    category: str
    level: int
    reasons: tuple[str, ...]
    evidence: str
    first_seen: int


@dataclass(frozen=True)
class _Line:
    start: int
    text: str
    section: str
    block: int


# ---------------------------------------------------------------- reading résumés


def read_resume(path: Path) -> str:
    """Return the text of a .md, .txt, .pdf or .docx résumé (PDF and Word need the optional extras)."""
    suffix = path.suffix.lower()
    if suffix not in RESUME_SUFFIXES:
        kind = f"'{suffix}'" if suffix else "(no extension)"
        raise InputError(path, f"unsupported résumé type {kind}", "use a .md, .txt, .pdf or .docx file")
    if not path.is_file():
        raise InputError(path, "no such file", "check the path")
    if suffix == ".pdf":
        text = _pdf_text(path)
    elif suffix == ".docx":
        text = _docx_text(path)
    else:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(path, f"cannot read the file ({exc.strerror})", "check its permissions") from None
        text = decode_bytes(data, path)
    if not text.strip():
        hint = "a scanned PDF holds only images; save the résumé as .txt" if suffix == ".pdf" else \
            "write or paste your résumé into it"
        raise InputError(path, "no text found", hint)
    return text


def _pdf_text(path: Path) -> str:
    try:
        from pypdf import PdfReader
    except ImportError:
        raise UsageError(f"{path}: reading PDF résumés needs pypdf — run: pip install 'skillgap[pdf]' "
                         "(or save the résumé as .txt)") from None
    try:
        return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
    except Exception as exc:  # pypdf raises many exception types on broken or encrypted files
        raise InputError(path, f"cannot read the PDF ({exc})", "save the résumé as .txt") from None


def _docx_text(path: Path) -> str:
    try:
        import docx
    except ImportError:
        raise UsageError(f"{path}: reading Word résumés needs python-docx — run: pip install 'skillgap[docx]' "
                         "(or save the résumé as .txt)") from None
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises zip, XML and package errors on files it cannot open
        raise InputError(path, f"cannot read the Word file ({exc})", "save the résumé as .txt") from None
    lines: list[str] = []
    for block in document.iter_inner_content():
        if hasattr(block, "rows"):
            for row in block.rows:
                lines.append(" | ".join(cell.text.strip() for cell in row.cells))
        else:
            lines.append(_docx_paragraph(block))
    return "\n".join(lines)


def _docx_paragraph(paragraph) -> str:
    """Return a Word paragraph as a Markdown-like line, so headings and bullets keep their role."""
    style = paragraph.style.name if paragraph.style is not None else ""
    text = paragraph.text.strip()
    if style.startswith("Heading") and style[-1:].isdigit():
        return "#" * int(style[-1]) + " " + text
    numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
    if text and (style.startswith("List") or numbered):
        return "- " + text
    return text


# ---------------------------------------------------------------- suggesting levels


def draft_entries(text: str, taxonomy: Taxonomy, matcher: Matcher) -> list[DraftEntry]:
    """Find every skill a résumé mentions and suggest a level from how and how often it appears.

    Only listed (in a skills section, a list line or education) → 2; used in a role, a project
    or a sentence → 3; used in two or more roles/projects, or with a production cue
    (production, deployed, 운영, 배포, 리드, …; not a demo or prototype) → 4; only with a
    learning cue (관심, 공부 중, currently learning) → 1. Never 5: expertise is the user's call.
    Generic words and soft skills are left out.
    """
    cleaned = clean_text(text)
    lines = _resume_lines(cleaned)
    starts = [line.start for line in lines]
    skills, _ = extract_text(_without_headers(cleaned), taxonomy, matcher, include_implied=False)
    mentions_per_line: dict[int, int] = {}
    located = []
    for hit in skills:
        skill = taxonomy.skills[hit.id]
        # Generic words (운영, infrastructure) and soft skills in a résumé say nothing about a level.
        if skill.context_only or skill.kind == "soft":
            continue
        for mention in hit.mentions:
            index = bisect.bisect_right(starts, mention.start) - 1
            mentions_per_line[index] = mentions_per_line.get(index, 0) + 1
            located.append((hit.id, index, mention))
    evidence: dict[str, _Evidence] = {}
    for skill_id, index, mention in sorted(located, key=lambda item: item[2].start):
        line = lines[index]
        lo, hi = _sentence_bounds(line.text, mention.start - line.start, mention.end - line.start)
        sentence = line.text[lo:hi]
        kind = _mention_kind(line, sentence, mentions_per_line[index])
        evidence.setdefault(skill_id, _Evidence()).add(
            kind, line, _snippet(sentence, mention.start - line.start - lo, mention.end - line.start - lo),
            mention.start)
    return [_entry(taxonomy.skills[sid], ev, taxonomy) for sid, ev in evidence.items()]


def _without_headers(text: str) -> str:
    """Blank the lines a job posting would take for section headers, keeping every offset.

    The extractor reads job postings: under a "기술 스택" or "Education" header it drops concepts
    and generic words, which in a résumé are exactly the claims to keep.
    """
    return "\n".join(" " * len(line) if header_kind(line) else line for line in text.split("\n"))


class _Evidence:
    """What the résumé shows about one skill: how it is mentioned, in which blocks, and the best line."""

    _RANK = {"learning": 1, "education": 2, "listed": 2, "used": 3, "production": 4}

    def __init__(self) -> None:
        self.kinds: set[str] = set()
        self.blocks: set[int] = set()
        self.best: tuple[int, str] | None = None
        self.first = -1

    def add(self, kind: str, line: _Line, snippet: str, offset: int) -> None:
        if self.first < 0:
            self.first = offset
        if kind in ("used", "production") and line.section in ("experience", "projects"):
            self.blocks.add(line.block)
        self.kinds.add(kind)
        rank = self._RANK[kind]
        if self.best is None or rank > self.best[0]:
            self.best = (rank, snippet)

    def level(self) -> tuple[int, tuple[str, ...]]:
        used = self.kinds & {"used", "production"}
        if used:
            reasons = []
            if len(self.blocks) >= 2:
                reasons.append(f"blocks:{len(self.blocks)}")
            if "production" in self.kinds:
                reasons.append("production")
            return (LEVEL_STRONG, tuple(reasons)) if reasons else (LEVEL_USED, ("used",))
        for kind in ("listed", "education"):
            if kind in self.kinds:
                return LEVEL_LISTED, (kind,)
        return LEVEL_AWARE, ("learning",)


def _entry(skill: Skill, evidence: _Evidence, taxonomy: Taxonomy) -> DraftEntry:
    level, reasons = evidence.level()
    return DraftEntry(skill.id, _entry_key(skill, taxonomy), skill.category, level, reasons,
                      evidence.best[1], evidence.first)


def _entry_key(skill: Skill, taxonomy: Taxonomy) -> str:
    """Return the profile key for a skill: its name, unless that name resolves to another skill."""
    for candidate in (skill.name, skill.name_ko, skill.id):
        if candidate and taxonomy.resolve(candidate) is skill:
            return candidate
    return skill.id


def _mention_kind(line: _Line, sentence: str, mentions_on_line: int) -> str:
    if _LEARNING.search(sentence):
        return "learning"
    if line.section == "skills":
        return "listed"
    if line.section == "education":
        return "education"
    if line.section not in ("experience", "projects") and _is_list(line.text, mentions_on_line):
        return "listed"
    if _PRODUCTION.search(sentence) and not _TRIAL.search(sentence):
        return "production"
    return "used"


def _is_list(text: str, mentions: int) -> bool:
    """Tell whether a line is a list of skills ("Tools: Python, Docker, Git") rather than a sentence."""
    if mentions < 2:
        return False
    separators = len(_LIST_SEPARATORS.findall(text))
    return separators >= mentions - 1 and len(text.split()) <= 3 * mentions + 2


def _resume_lines(text: str) -> list[_Line]:
    """Split cleaned résumé text into lines, each with its section kind and role/project block number."""
    lines: list[_Line] = []
    section, block, previous = "other", 0, "blank"
    offset = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        heading = stripped.startswith("#")
        kind = _section_header(stripped)
        if kind:
            section, block, previous = kind, block + 1, "heading"
        elif stripped:
            bullet = bool(_BULLET.match(stripped))
            # A short plain line after bullets, a blank line or a heading names a new role or project.
            if heading or (not bullet and previous != "plain" and len(stripped) <= _BLOCK_TITLE_MAX_CHARS):
                block += 1
            previous = "bullet" if bullet else "plain"
        else:
            previous = "blank"
        lines.append(_Line(offset, raw, section, block))
        offset += len(raw) + 1
    return lines


def _section_header(line: str) -> str | None:
    """Return the résumé section a line announces ("## 경력", "SKILLS:", "Projects (selected)"), or None."""
    core = line.lstrip("#").strip().strip("*_").strip().rstrip(":").strip()
    if not core or len(core) > _HEADER_MAX_CHARS:
        return None
    for part in re.split(r"[/|()\[\]·&,]| and | 및 ", core):
        key = re.sub(r"[\W\d_]+", "", part.lower())
        if key in _SECTION_BY_KEY:
            return _SECTION_BY_KEY[key]
    return None


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Return the span of the sentence of `text` that holds [start, end)."""
    lo = 0
    for match in _SENTENCE_END.finditer(text, 0, start):
        lo = match.end()
    after = _SENTENCE_END.search(text, end)
    return lo, after.start() + 1 if after else len(text)


def _snippet(sentence: str, start: int, end: int) -> str:
    """Return the sentence around a mention, at most EVIDENCE_CELLS terminal cells, cut at spaces."""
    bullet = _BULLET.match(sentence.lstrip())
    lead = len(sentence) - len(sentence.lstrip()) + (bullet.end() if bullet else 0)
    text, start, end = sentence[lead:].rstrip(), max(start - lead, 0), max(end - lead, 0)
    if width(text) <= EVIDENCE_CELLS:
        return text
    lo = 0
    if width(text[:end]) > EVIDENCE_CELLS - _CONTEXT_CELLS:  # the mention sits late in a long sentence
        lo = text.rfind(" ", 0, max(start - _CONTEXT_CELLS, 0)) + 1
    hi, cells = lo, 0
    while hi < len(text) and cells + width(text[hi]) <= EVIDENCE_CELLS:
        cells += width(text[hi])
        hi += 1
    if hi < len(text) and text.rfind(" ", end, hi) > end:
        hi = text.rfind(" ", end, hi)
    return ("…" if lo else "") + text[lo:hi].strip() + ("…" if hi < len(text) else "")


# ---------------------------------------------------------------- writing the YAML


def guess_name(text: str) -> str | None:
    """Return the person's name from a résumé's first line ("# 김지우", "Jiwoo Kim — ML Engineer"), if it is one."""
    for line in text.split("\n"):
        line = line.strip().lstrip("#").strip().strip("*_").strip()
        if not line:
            continue
        first = _NAME_SEPARATORS.split(line)[0].strip()
        if 2 <= len(first) <= 30 and len(first.split()) <= 4 and not _NOT_A_NAME.search(first):
            return first
        return None
    return None


def resume_language(text: str) -> str:
    """Return "ko" or "en" for a résumé (mixed Korean and English counts as Korean)."""
    return "en" if detect_language(clean_text(text)) == "en" else "ko"


def render_profile(entries: list[DraftEntry], taxonomy: Taxonomy, *, name: str, language: str, source: str) -> str:
    """Return the drafted profile YAML: commented header, then skills grouped by category with evidence comments."""
    t = _TEXT[language]
    out = [f"# {line.format(source=source)}".rstrip() for line in t["header"]]
    out += ["", f"name: {_scalar(name)}", f"language: {language}", f"# target_roles: [ML Engineer]    # {t['roles']}", ""]
    if not entries:
        return "\n".join([*out, "skills: {}", f"  # {t['empty']}", ""])
    out.append("skills:")
    groups: dict[str, list[DraftEntry]] = {}
    for entry in entries:
        groups.setdefault(entry.category, []).append(entry)
    heads = {entry.skill_id: f"  {_scalar(entry.key)}: {entry.level}" for entry in entries}
    column = max(width(head) for head in heads.values()) + 3
    ordered = sorted(groups.items(), key=lambda item: (-max(e.level for e in item[1]), -len(item[1]),
                                                      taxonomy.category_name(item[0], language)))
    for category, members in ordered:
        out.append(f"  # ── {taxonomy.category_name(category, language)} ──")
        for entry in sorted(members, key=lambda e: (-e.level, e.first_seen)):
            reasons = ", ".join(_reason(code, t) for code in entry.reasons)
            out.append(f"{pad(heads[entry.skill_id], column)}# \"{entry.evidence}\" ({reasons})")
        out.append("")
    return "\n".join(out)


def _reason(code: str, t: dict) -> str:
    if code.startswith("blocks:"):
        return t["blocks"].format(n=code.split(":")[1])
    return t[code]


def _scalar(value: str) -> str:
    """Return `value` as a YAML scalar, quoted only when YAML needs it (C#, yes, 1.0, "a: b")."""
    return yaml.safe_dump([value], allow_unicode=True, width=10_000).strip()[2:]


def write_profile(path: Path, text: str) -> None:
    """Write a profile atomically: a half-written file never replaces a good one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    staged = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        with open(staged, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(staged, path)
    finally:
        staged.unlink(missing_ok=True)
