"""Split a cleaned job description into responsibility / required / preferred / other spans."""
from __future__ import annotations

import re
import sys
import unicodedata
from bisect import bisect_left
from functools import lru_cache

from skillgap.clean import fold_case
from skillgap.models import Section

# Header phrases per section kind, compared after `_header_key` (lower-case, no spaces/punctuation).
_HEADERS: dict[str, tuple[str, ...]] = {
    "responsibility": (
        "주요업무", "담당업무", "업무내용", "직무내용", "직무소개", "수행업무", "주요업무및역할", "주요역할", "업무소개",
        "이런일을해요", "이런일을합니다", "이런업무를해요", "우리는이런일을합니다", "이런일을함께해요",
        "합류하면함께할업무예요", "합류하면함께할업무에요", "합류하시면함께할업무예요", "합류하시면함께할업무에요",
        "오시면이런업무를하게되실거예요", "입사하시면경험하실업무입니다", "담당하시게될업무를소개합니다",
        "주요업무책임", "포지션소개", "하게될일", "합류하시면이런일을해요", "이런일을하게돼요", "무엇을하나요", "역할",
        "responsibilities", "keyresponsibilities", "jobresponsibilities", "mainresponsibilities",
        "yourresponsibilities", "roleresponsibilities", "whatyoulldo", "whatyouwilldo", "whatyoulldoing",
        "whatyoullbedoing", "whatyouwillbedoing", "whatyoulldohere", "intherole", "intheroleyouwill",
        "theroleyouwill", "yourrole", "therole", "abouttherole", "roleoverview", "duties", "dutiesandresponsibilities",
        "dayto-day", "daytoday", "yourmission", "themission", "whatyoullworkon", "yourimpact", "theimpactyoullhave",
        "whatthejobinvolves", "jobduties", "essentialduties", "essentialfunctions", "whatyouwilldoinyourrole",
        "responsibilitiesinclude", "whatyoudo", "youwill", "inthisroleyouwill", "roleandresponsibilities",
        "primaryresponsibilities", "positionsummary", "positionoverview", "positiondescription", "jobsummary",
        "summary", "theopportunity", "description", "aboutthejob", "abouttheposition", "whatyoullwork",
        "yourdaytoday", "whatyouwillwork",
    ),
    "required": (
        "자격요건", "필수요건", "필수자격", "필수자격요건", "지원자격", "자격조건", "필요역량", "필수사항", "필수조건",
        "기술요건", "요구역량", "요구사항", "경력요구사항", "지원요건", "필요기술", "필요경험", "필요한역량",
        "이런분을찾고있어요", "이런분들을찾고있어요", "이런분을찾아요", "이런분과함께하고싶어요", "이런분과함께하고싶습니다",
        "우리는이런분과함께하고싶습니다", "우리는이런분과함께하고싶어요", "이런분과함께성장하고싶습니다",
        "해당되신다면지원해주세요", "스킬/능력", "스킬능력", "요구경험및역량", "요구경험", "필요경험및역량", "필수경험", "이런분이필요해요", "이런역량이필요해요", "자격사항",
        "requirements", "requirement", "qualifications", "minimumqualifications", "basicqualifications",
        "requiredqualifications", "requiredskills", "requiredexperience", "requirementsandqualifications",
        "skillsandqualifications", "skillsandexperience", "experienceandqualifications", "knowledgeskillsandabilities",
        "whatwerelookingfor", "whatwelookfor", "whoyouare", "whatyoullneed", "whatyouneed", "whatyoubring",
        "whatyouwillbring", "whatyoullbring", "youhave", "youshouldhave", "youwillhave", "idealcandidate",
        "theidealcandidate", "musthave", "musthaves", "abouttyou", "aboutyou", "yourprofile", "jobrequirements",
        "mustrequirements", "whatweneed", "whatyouneedtobesuccessful", "whatyouneedtosucceed", "educationandexperience",
        "yourqualifications", "minimumrequirements", "basicrequirements", "whoweexpect", "weexpect",
        "whatittakes", "yourskills", "skills", "requiredskillsandexperience", "essentialskills", "jobdescription",
        "experience", "experiencerequirements", "keyqualifications", "skillsandexperience", "education",
        "educationandqualifications", "wedlovetohearfromyouifyouhave", "werelookingforsomeonewho",
        "werelookingforsomeone", "required", "requiredexperience", "minimumexperience", "technicalskills",
        "technicalrequirements", "whoyouareandwhatyoubring", "whatyoullbringtotheteam", "youbring",
        "experienceandskills", "experienceskills", "whatarewelookingfor", "youllneed", "youwillneed",
        "whatyoushouldhave", "whatweexpect", "mustknow",
    ),
    "preferred": (
        "우대사항", "우대조건", "우대요건", "우대", "우대사항및기타", "선호사항", "선호자격요건", "선호경험",
        "이런분이면더좋아요", "이런분이면더좋습니다", "이런분이라면더욱좋아요", "이런분이면더욱좋아요", "이런경험이있다면더좋아요", "이런경험이있으면더좋아요",
        "해당되신다면더욱좋아요", "이런분이라면좋겠어요", "이런분이라면더좋아요", "이런분이면좋아요", "더좋아요",
        "preferredqualifications", "preferred", "preferredskills", "preferredexperience", "nicetohave",
        "nicetohaves", "bonus", "bonuspoints", "pluses", "plus", "itsaplus", "bonusifyouhave", "goodtohave",
        "desiredqualifications", "desiredskills", "desirable", "additionalqualifications", "evenbetterif",
        "extracredit", "pointsif", "wewouldloveifyou", "itwouldbegreatifyou", "preferredrequirements",
        "niceifyouhave", "bonusskills", "whatwouldbenice", "pointsfor", "standoutifyou", "youllstandoutif",
        "preferredbutnotrequired", "preferredexperience", "preferredexperiencerequirements",
        "additionalskills", "nicetohaveskills", "bonusqualifications", "preferredqualificationsandskills",
        "abonus", "bonusifyou", "extrapoints", "bigplus", "addedbonus", "addedbonuses", "anaddedbonus", "niceifyouhave", "goodtohaves", "strongpluses",
    ),
    "other": (
        "혜택및복지", "복리후생", "복지", "복지및혜택", "근무환경", "근무조건", "근무환경및복지", "채용절차", "전형절차",
        "채용프로세스", "채용과정", "합류여정", "합류과정", "제출서류", "기타사항", "참고사항", "기타안내", "회사소개",
        "팀소개", "조직소개", "조직문화", "포지션상세", "기술스택", "기술스택툴", "근무지", "근무위치", "근무지역",
        "마감일", "요약", "함께할동료를위한한마디", "합류하게될팀에대해알려드려요", "합류하실팀을소개해요",
        "이런경험이있다면이력서에꼭작성해주세요", "이력서는이렇게작성하시는걸추천해요", "채용정보", "근무형태",
        "우리는이런혜택이있어요", "이런혜택이있어요", "전형안내", "이렇게합류해요", "만나게될근무지는여기에요",
        "동료의한마디", "참고해주세요", "근무지는여기에요", "보상및근무조건", "회사정보", "기업소개",
        "benefits", "perks", "perksandbenefits", "benefitsandperks", "whatweoffer", "whatwecanoffer", "aboutus",
        "aboutthecompany", "abouttheteam", "whoweare", "ourteam", "compensation", "salary", "location",
        "howtoapply", "hiringprocess", "interviewprocess", "ourprocess", "equalopportunity", "equalopportunityemployer",
        "eeo", "whyjoinus", "companyoverview", "overview", "thecompany", "theteam",
        "ourbenefits", "compensationandbenefits", "payrange", "salaryrange", "additionalinformation",
        "techstack", "ourtechstack", "ourstack", "payandbenefits", "compensationandbenefits", "eeostatement",
        "ourcommitmenttodiversityandinclusion", "diversityandinclusion", "whoweare", "ourcompany", "thecompany",
        "companydescription", "abouttheorganization", "whyyoullloveworkinghere", "whyworkwithus", "perksandbenefits",
        "applynow", "weencourageyoutoapply", "additionalinformation", "salary", "jobsegment", "postingtitle",
        "positiontype", "jobid",
    ),
}
_KIND_BY_KEY = {key: kind for kind, keys in _HEADERS.items() for key in keys}
# The first and the last four characters of the known keys: a key that neither starts nor ends like one cannot be
# a known header with a short qualifier before or after it (see header_kind), and skips that search.
_KEY_HEADS = frozenset(key[:4] for key in _KIND_BY_KEY if len(key) >= 4)
_KEY_TAILS = frozenset(key[-4:] for key in _KIND_BY_KEY if len(key) >= 4)
# A Toss-style suffix on a header, e.g. "이런 분과 함께하고 싶어요 (자격 요건)".
_TRAILING_PAREN = re.compile(r"\s*[\(\[（【][^()\[\]]{1,30}[\)\]）】]\s*$")
_CLOSERS = (")", "]", "）", "】")
# "About Stripe", "About the Team": a short "About …" header introduces the company, not the job.
_ABOUT_COMPANY = re.compile(r"about[a-z]{2,24}$")
_PAY_RANGE = re.compile(r"[a-z]*payrange$|[a-z]*salaryrange$")
_HANGUL_SYLLABLES = re.compile("[\uac00-\ud7a3]+")
# Bullets, markdown marks and numbering ("1)", "2.", "IV.") in front of a header.
_DECOR = re.compile(r"^(?:[\s#*>\-–—•·◦▪▶▷►■□●○◆◇★☆※✓✔✅➕➤→=|_~:.)(]|\d+[.)]?|[IVXivx]{1,4}[.)])*")
_ENCLOSED = re.compile(r"[\[【<《「『(]\s*(.+?)\s*[\]】>》」』)]\s*:?")
_MAX_HEADER_CHARS = 60
_MAX_COMPOUND_KEY = 45
_MAX_SENTENCE_HEADER = 20
_PREFERRED_STARTS = ("preferred", "desired", "bonus", "nicetohave", "additionalqualifications", "preferences")
_REQUIRED_STARTS = ("required", "minimumqualifications", "basicqualifications", "musthave")
_YOU_WILL_ENDS = ("youwill", "youwilldo", "youlldo", "youllwork", "youllbedoing")
_YOU_HAVE_ENDS = ("ifyouhave", "youshouldhave", "youllhave", "youllbring", "youllneed")
_GOOD_FIT_STARTS = ("youareagoodfit", "youreagoodfit", "youmightbeagoodfit")
_LABEL = re.compile(r"^\s*([^:：\n]{2,40}[:：])\s*(?=\S)")

# Strong Korean headers also recognised when glued into running text (copies that lost their newlines).
_GLUED_HEADERS = ("주요 업무", "담당 업무", "직무 소개", "자격 요건", "필수 요건", "지원 자격", "우대 사항", "혜택 및 복지",
                  "복리 후생", "채용 절차", "전형 절차")
_GLUED_WORDS = "(" + "|".join(r"\s?".join(header.split()) for header in _GLUED_HEADERS) + ")"
# Each glued header starts with one of these words: a line without any is not searched for one.
_GLUED_HINTS = tuple(sorted({header.split()[0] for header in _GLUED_HEADERS}))
_GLUED = re.compile(
    # after a word boundary, followed by a bullet, a number or glued text that is not a particle
    rf"(?:(?<=^)|(?<=[\s.!?:\])】>•·])){_GLUED_WORDS}(?=[•·\-*▶■□◦:0-9]|[가-힣A-Za-z](?<![을를이가은는과와에의도로]))"
    # anywhere, when a bullet follows directly ("근무지서울직무소개• …")
    rf"|{_GLUED_WORDS}(?=\s?[•▶■□◦])"
)

# English headers inside a paragraph (a page pasted without line breaks): "… automation Main Responsibilities
# Prototype, optimize …". Title case and a capitalised word, digit or bullet after are what tell a header from
# the word in a sentence ("gather requirements from"); only lines of paragraph length are searched.
_GLUED_EN = re.compile(
    r"(?<![\w,(/&-])"
    r"((?:(?:Main|Key|Primary|Core|Essential|Job|Your|Role|Required|Preferred|Minimum|Basic|Desired|Additional|Bonus)\s)?"
    r"(?:Responsibilities|Requirements|Qualifications|Duties)"
    r"|What [Yy]ou(?:'|’)?ll (?:[Dd]o|[Bb]ring|[Nn]eed)|What [Ww]e(?:'|’)?re [Ll]ooking [Ff]or|Nice[ -][Tt]o[ -][Hh]ave"
    r"|Benefits|Perks|About [Uu]s|Who [Yy]ou [Aa]re)"
    r"(?::\s?|\s(?=[A-Z0-9•·▪■-]))")
# Every match of _GLUED_EN holds one of these: a paragraph without any is not searched (`re` tries the pattern,
# which starts with a lookbehind, at every character).
_GLUED_EN_HINTS = ("Responsibilities", "Requirements", "Qualifications", "Duties", "What ", "Nice", "Benefits", "Perks",
                   "About ", "Who ")
_PARAGRAPH = 300

# Sentence endings that mark a preferred item inside a required section (Toss: "…필요해요" vs "…좋아요").
# Read in `fold_case` text, as with re.IGNORECASE in the text.
_PREFERRED_LINE = re.compile(
    r"(좋아요|좋습니다|좋겠어요|우대합니다|우대해요|우대|환영해요|환영합니다|가산점|플러스입니다|더욱 좋|더 좋)"
    r"[\s.!)\]]*$|\(우대\)|\[우대\]|우대\s*$"
    r"|\bplus\.?\s*$"
    r"|\b(is a plus|are a plus|a plus\b|nice to have|nice-to-have|is preferred|are preferred|preferred\b|"
    r"is an advantage|a bonus|is a bonus|desirable|would be great|bonus points)"
)
# Every match of _PREFERRED_LINE holds one of these words: a line without any is not searched.
_PREFERRED_HINTS = ("좋", "우대", "환영", "가산점", "플러스", "plus", "nice", "preferred", "advantage", "bonus", "desirable",
                    "great")


class _Hints:
    """Where a few words occur in a text, to tell which of its lines hold one.

    `str.find` skips to each word in C; a regex alternation of them, searched line by line, stepped through
    every character (a fifth of sectioning).
    """

    def __init__(self, text: str, words: tuple[str, ...]):
        spans = []
        for word in words:
            at = text.find(word)
            while at >= 0:
                spans.append((at, at + len(word)))
                at = text.find(word, at + 1)
        spans.sort()
        self._spans = spans
        self._starts = [start for start, _ in spans]

    def within(self, start: int, end: int) -> bool:
        """Tell whether one of the words lies wholly within text[start:end]."""
        spans = self._spans
        for at in range(bisect_left(self._starts, start), len(spans)):
            word_start, word_end = spans[at]
            if word_start >= end:
                return False
            if word_end <= end:
                return True
        return False


def _header_key(line: str) -> str:
    """Return the comparable key of a possible header line."""
    s = line[_DECOR.match(line).end():].strip()
    enclosed = _ENCLOSED.fullmatch(s)
    if enclosed:
        s = enclosed.group(1)
    if s.rstrip().endswith(_CLOSERS):  # what _TRAILING_PAREN removes ends with one (checked first: cheap)
        s = _TRAILING_PAREN.sub("", s)
    s = s.translate(_ASCII_SYMBOLS_AND_SPACES if s.isascii() else _SYMBOLS_AND_SPACES)
    return s.lower().rstrip("/")


class _DropTable(dict):
    """str.translate table deleting symbols, punctuation, spaces and controls except "/", filled on demand."""

    def __missing__(self, code: int) -> int | None:
        category = unicodedata.category(chr(code))
        keep = not category.startswith(("S", "P", "Z", "C")) or code == ord("/")
        self[code] = code if keep else None
        return self[code]


# One category lookup per distinct character, not per character of every line (a measurable share of extraction).
_SYMBOLS_AND_SPACES = _DropTable()
# The same for ASCII text as a plain table, which str.translate applies many times faster.
_ASCII_SYMBOLS_AND_SPACES = str.maketrans({chr(code): _SYMBOLS_AND_SPACES[code] for code in range(128)})


def header_kind(line: str) -> str | None:
    """Return the section kind a line announces as a header, or None when it is content."""
    stripped = line.strip()
    if not stripped or len(stripped) > _MAX_HEADER_CHARS:
        return None
    return _stripped_header_kind(stripped)


@lru_cache(maxsize=16384)
def _stripped_header_kind(stripped: str) -> str | None:
    """`header_kind` of a stripped line, remembered: postings from one site repeat their headers and many lines."""
    key = _header_key(stripped)
    if not key:
        return None
    kind = _KIND_BY_KEY.get(key)
    if kind:
        return kind
    if (key.startswith("about") and _ABOUT_COMPANY.fullmatch(key)) or \
            (key.endswith(("payrange", "salaryrange")) and _PAY_RANGE.fullmatch(key)):
        return "other"
    # Korean Toss/Wanted-style sentences: "…더욱 좋아요" is a nice-to-have header, "…함께하고 싶어요" a must-have.
    if len(key) <= _MAX_SENTENCE_HEADER and _HANGUL_SYLLABLES.fullmatch(key):
        if key.endswith(("좋아요", "좋습니다", "좋겠어요", "우대합니다", "우대해요")) or key.startswith(("선호", "우대")):
            return "preferred"
        if key.startswith("이런분") and key.endswith(("싶어요", "싶습니다", "찾고있어요", "찾습니다", "필요해요")):
            return "required"
    # "Preferred Skills and Experience", "Knowledge, Skills & Abilities Required"
    if len(key) <= _MAX_COMPOUND_KEY and key.isascii():
        if key.startswith(_PREFERRED_STARTS) or key.endswith(("preferred", "preferences", "niceToHave".lower())):
            return "preferred"
        if key.startswith(_REQUIRED_STARTS) or key.endswith(("required", "requirements", "qualifications")):
            return "required"
        # "As a Machine Learning Engineer, You Will", "You Are a Good Fit If You Have", "Added bonus if you have"
        if key.endswith(_YOU_WILL_ENDS):
            return "responsibility"
        asks = key.endswith(_YOU_HAVE_ENDS) or "lookingfor" in key
        if asks and any(word in key for word in ("bonus", "plus", "nice", "extra")):
            return "preferred"
        if asks or key.startswith(_GOOD_FIT_STARTS):
            return "required"
    # A known header with a short qualifier before or after: "주요업무 안내", "토스로의 합류여정".
    if key[:4] not in _KEY_HEADS and key[-4:] not in _KEY_TAILS:
        return None
    for cut in range(1, 6):
        for part in (key[:-cut], key[cut:]):
            if len(part) >= 4 and part in _KIND_BY_KEY:
                return _KIND_BY_KEY[part]
    return None


_STACK_KEYS = ("기술스택", "사용기술", "개발환경", "techstack", "ourstack", "technologies", "toolsweuse")


@lru_cache(maxsize=4096)
def is_stack_header(header: str) -> bool:
    """Tell whether a header introduces the team's tech stack ("기술 스택", "Our Tech Stack", "Backend stack")."""
    key = _header_key(header)
    return any(part in key for part in _STACK_KEYS) or key.endswith("stack")


# "Other" headers the posting's own text goes on under: a one-line field (Location, Apply now) or the team the hire
# joins. Train labels name 3 of 4 concepts and soft skills found under them; under company intros, 1 of 3.
_JOB_TEXT_KEYS = frozenset({"location", "joblocation", "applynow", "overview", "abouttheteam", "theteam", "joinourteam"})


@lru_cache(maxsize=4096)
def heads_job_text(header: str) -> bool:
    """Tell whether an "other" header is followed by the job's own text, as an untitled opening is ("Location: …")."""
    return _header_key(re.split("[:：]", header, maxsplit=1)[0]) in _JOB_TEXT_KEYS  # "Location: Seoul" is a label and its value


def is_job_text(section: Section) -> bool:
    """Tell whether a section is the job's own text, not a titled company intro, benefits or hiring process."""
    return section.kind != "other" or not section.header or heads_job_text(section.header)


def _split_glued(line: str, base: int, pattern: re.Pattern = _GLUED) -> list[tuple[int, int, str | None]]:
    """Split a line at glued headers (Korean by default); return (start, end, kind-or-None) pieces."""
    pieces: list[tuple[int, int, str | None]] = []
    cut = 0
    kind: str | None = None
    for m in pattern.finditer(line):
        found = header_kind(next(g for g in m.groups() if g))
        if found is None:
            continue
        if m.start() > cut or (m.start() == cut and cut > 0):
            pieces.append((base + cut, base + m.start(), kind))
        kind = found
        cut = m.start()
    pieces.append((base + cut, base + len(line), kind))
    return pieces


def split_sections(text: str) -> tuple[Section, ...]:
    """Partition `text` into consecutive sections that together cover every character.

    Text before the first recognised header is "other" (title, company intro); a document
    with no headers at all is treated as one block of requirements after its first line.
    Inside required sections, lines that end like a nice-to-have become "preferred".
    """
    lines: list[tuple[int, int, str | None, str]] = []  # start, end, header kind, header text
    glued_hints = _Hints(text, _GLUED_HINTS)  # English postings: none
    pos = 0
    for raw in text.split("\n"):
        start, end = pos, pos + len(raw)
        pos = end + 1
        stripped = raw.strip()
        kind = _stripped_header_kind(stripped) if 0 < len(stripped) <= _MAX_HEADER_CHARS else None  # header_kind
        if kind:
            lines.append((start, end, kind, stripped))
            continue
        label = _LABEL.match(raw) if ":" in raw or "：" in raw else None
        label_kind = header_kind(label.group(1)) if label else None
        if label_kind:
            # "Requirements: Python, SQL" — a header and its content on one line.
            cut = start + label.end()
            lines.append((start, cut, label_kind, label.group(1).strip()))
            lines.append((cut, end, None, ""))
            continue
        may_glue = glued_hints.within(start, end) and (len(raw) > _MAX_HEADER_CHARS or _GLUED.search(raw))
        glued = _split_glued(raw, start) if may_glue else \
            _split_glued(raw, start, _GLUED_EN) if len(raw) > _PARAGRAPH and any(
                hint in raw for hint in _GLUED_EN_HINTS) else []
        if len(glued) > 1 or (glued and glued[0][2]):
            lines.extend((s, e, k, text[s:e][:20] if k else "") for s, e, k in glued)
        else:
            lines.append((start, end, None, ""))
    has_headers = any(kind for _, _, kind, _ in lines)
    folded = fold_case(text)
    preferred_hints = _Hints(folded, _PREFERRED_HINTS)

    spans: list[list] = []  # [kind, start, end, header] of each run of lines of one kind under one header
    last: list = [None, 0, 0, None]  # spans[-1]
    current, header = "other", ""
    size = len(text)
    for index, (start, end, kind, head) in enumerate(lines):
        if kind:
            current, header = kind, head
        line_kind = current
        if not has_headers:
            line_kind = "other" if index == 0 else "required"
        if line_kind in ("required", "responsibility") and not kind and preferred_hints.within(start, end) \
                and _PREFERRED_LINE.search(folded[start:end]):
            line_kind = "preferred"
        line_end = end + 1 if end < size and text[end] == "\n" else end
        if last[0] == line_kind and last[3] == header:
            last[2] = line_end
        else:
            last = [line_kind, start, line_end, header]
            spans.append(last)
    # Close gaps so the sections tile the text exactly: each starts where the one before ends.
    last[2] = size
    tiled, start = [], 0
    for kind, _, end, header in spans:
        tiled.append(Section(kind, start, end, sys.intern(header)))  # headers repeat across postings: kept once
        start = end
    return tuple(tiled)


def section_at(sections: tuple[Section, ...], offset: int) -> Section:
    """Return the section containing character `offset` (binary search over the tiling)."""
    lo, hi = 0, len(sections) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if sections[mid].start <= offset:
            lo = mid
        else:
            hi = mid - 1
    return sections[lo]
