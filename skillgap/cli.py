"""The `skillgap` command line: parse arguments, call the library, map errors to exit codes."""
from __future__ import annotations

import argparse
import io
import json
import os
import re
import sys
from enum import IntEnum
from pathlib import Path

from skillgap import __version__
from skillgap.errors import SkillgapError


class ExitStatus(IntEnum):
    """Exit statuses of DESIGN.md's CLI contract."""

    OK = 0
    SKIPPED_SOME = 1
    ERROR = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        self.print_usage(sys.stderr)
        raise SkillgapError(f"{self.prog}: {message}")


def _taxonomy(args):
    """Return the taxonomy for a command: bundled plus --taxonomy FILE, else plus profiles/taxonomy.yaml."""
    from skillgap.analysis import user_taxonomy_path
    from skillgap.taxonomy import load_taxonomy

    return load_taxonomy(Path(args.taxonomy) if args.taxonomy else user_taxonomy_path(None),
                         required=bool(args.taxonomy))


def _cache_dir(args):
    """Return the extraction cache folder for a command: the default, or None with --no-cache."""
    from skillgap.analysis import DEFAULT_CACHE

    return None if getattr(args, "no_cache", False) else DEFAULT_CACHE


def _refuse_planted_link(folder: Path, option: str) -> None:
    """Refuse a default folder that is a link leading out of the project (one the user named is theirs to choose)."""
    from skillgap.errors import UsageError
    from skillgap.writes import inside_project

    if folder.is_symlink() and not inside_project(folder):
        raise UsageError(f"{folder}: is a link to {folder.resolve()}, outside this project — skillgap does not write "
                         f"through it; remove the link, or pass {option}")


def _refuse_output_among_inputs(output: Path, workspace) -> None:
    """Refuse an --output whose HTML or JSON twin would replace the profile or land among the postings:
    inputs are only read, and a report in the postings folder would be read as a posting next time."""
    from skillgap.errors import UsageError

    jobs, profile = workspace.jobs.resolve(), workspace.profile.resolve()
    for path in (output, output.with_suffix(".json")):
        target = path.resolve()
        if target == profile or target == jobs or jobs in target.parents:
            raise UsageError(f"{path}: is {'your profile' if target == profile else 'inside the postings folder'} — "
                             "skillgap only reads its inputs; choose an --output elsewhere, e.g. reports/report.html")


def _print_problems(problems, stream, prefix: str = "skipped") -> None:
    from skillgap.terminal import bounded_lines

    for line in bounded_lines(problems, prefix):
        print(line, file=stream)


def _workspace(args, err, command: str):
    """Return the run's folders from --jobs/--profile; say so on stderr when the examples stand in."""
    from skillgap.workspace import choose_language, resolve, text

    workspace = resolve(args.jobs, args.profile, choose_language(args.lang), command)
    if workspace.example:
        print(text(choose_language(args.lang), "examples", root=workspace.root.as_posix()), file=err)
    return workspace


def cmd_report(args, out, err) -> int:
    return run_report(args, out, err, _workspace(args, err, "report"))


def run_report(args, out, err, workspace) -> int:
    """Analyse, write the report and print its summary once; `report` and `watch` both call this."""
    from skillgap.batch import collector_paused
    from skillgap.summary import print_summary
    from skillgap.workspace import check_postings, choose_language

    check_postings(workspace.jobs, choose_language(args.lang))
    if args.output:
        _refuse_output_among_inputs(Path(args.output), workspace)
    # The postings and the analysis live until the report is written and hold no cycles: collection
    # after collection would walk them all again (half a second of a warm run over 5,000 postings).
    with collector_paused():
        result, report, html_path, typos = _analyse_and_write(args, err, workspace)
    print_summary(report, report.language, out, typos)
    print(html_path, file=out)
    return ExitStatus.SKIPPED_SOME if result.problems or result.profile.unknown else ExitStatus.OK


# Bytes of a profile's file name a report's name keeps: with the date, ".json" and a temporary suffix it stays far
# below the 255 bytes a file system allows.
_STEM_BYTES = 120


def _file_stem(stem: str) -> str:
    """Return a profile's file stem cut to _STEM_BYTES of UTF-8, at a character boundary."""
    return stem.encode("utf-8", "surrogateescape")[:_STEM_BYTES].decode("utf-8", "ignore") or "profile"


def _analyse_and_write(args, err, workspace):
    """Analyse with the collector paused, then write the page with it running over what the page makes."""
    from dataclasses import replace

    from skillgap.analysis import analyze, user_taxonomy_path
    from skillgap.batch import collector_running
    from skillgap.messages import localize, unknown_skills
    from skillgap.report import write_report
    from skillgap.summary import ProgressBar
    from skillgap.workspace import choose_language

    bar = ProgressBar(err)
    cache = None if getattr(args, "no_cache", False) else workspace.cache
    try:
        result = analyze(workspace.jobs, workspace.profile, cache_dir=cache, progress=bar)
    finally:
        bar.close()
    lang = choose_language(args.lang, result.profile.language)
    typos = unknown_skills(result.profile, result.taxonomy, user_taxonomy_path(workspace.profile))
    # Unknown names are named here too: exit status 1 always comes with its reason on stderr.
    for warning in result.profile.warnings:
        print(f"{_WARNING[lang]}: {localize(warning, lang)}", file=err)
    _print_problems(result.notes, err, "note")
    _print_problems(result.problems, err)
    report = replace(result.report, language=lang)
    if not args.output:
        _refuse_planted_link(workspace.reports, "--output FILE.html")
    output = Path(args.output) if args.output else \
        workspace.reports / f"{_file_stem(result.profile.stem)}-{report.generated_at[:10]}.html"  # the day it says
    with collector_running():  # charts make cycles; the analysis is set aside, not walked
        html_path = write_report(report, output, lang, history_path=workspace.history, unknown_skills=typos)
    return result, report, html_path, typos


_WARNING = {"en": "warning", "ko": "경고"}


def _other_warnings(profile) -> list[str]:
    """Return the profile's warnings other than its unknown names."""
    unknown = tuple(f"{profile.path}: unknown skill '{name}'" for name in profile.unknown)
    return [w for w in profile.warnings if not w.startswith(unknown)] if unknown else list(profile.warnings)


def cmd_extract(args, out, err) -> int:
    from skillgap.analysis import extract_paths
    from skillgap.summary import ProgressBar

    taxonomy = _taxonomy(args)

    bar = ProgressBar(err)
    try:
        if args.format == "json":  # each posting's line is made where it is extracted, in parallel
            run = extract_paths(args.paths, taxonomy, cache_dir=_cache_dir(args), progress=bar, build=json_line)
        else:
            run = extract_paths(args.paths, taxonomy, cache_dir=_cache_dir(args), progress=bar)
    finally:
        bar.close()
    _print_problems(run.notes, err, "note")
    _print_problems(run.problems, err)
    if args.format == "json":
        _write_json_lines(out, run.jobs)
    else:
        for job in run.jobs:
            label = " · ".join(x for x in (job.title, job.company) if x) or job.source
            years = f", {job.years_min}+ years" if job.years_min is not None else ""
            print(f"{job.source}  [{job.language}{years}]  {label}", file=out)
            for hit in job.skills:
                if hit.mentions:
                    print(f"  {hit.requirement:<14} {hit.name:<32} {hit.category:<22} "
                          f"{', '.join(dict.fromkeys(m.text for m in hit.mentions))}", file=out)
    if not run.jobs and run.problems:
        return ExitStatus.ERROR
    return ExitStatus.SKIPPED_SOME if run.problems else ExitStatus.OK


# DEL, C1 controls and bidi controls in UTF-8: valid in JSON strings, so orjson leaves them raw, but
# a terminal may act on them. Written as \u escapes, the JSON means the same.
_JSON_UNSAFE = re.compile(rb"\x7f|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]")
# Every match starts with one of these: most lines hold none, and a byte search is many times faster than the regex.
_JSON_UNSAFE_STARTS = (b"\x7f", b"\xc2", b"\xe2\x80", b"\xe2\x81")


def _json_escape(match: re.Match) -> bytes:
    return b"\\u%04x" % ord(match.group().decode("utf-8"))


def json_line(fields: list, source: str) -> bytes:
    """Return the `extract --format json` object of a posting's `cache.job_fields`, compact and terminal-safe."""
    from skillgap.cache import fields_json

    line = fields_json(fields, source)
    if any(start in line for start in _JSON_UNSAFE_STARTS):
        line = _JSON_UNSAFE.sub(_json_escape, line)
    return line


def _write_json_lines(out, items) -> None:
    """Write a JSON array of `json_line` objects, one a line, as UTF-8 bytes straight to `out`'s buffer when it has one.

    Tens of megabytes for a corpus: the stdlib encoder with an indent spent half the run here.
    """
    binary = getattr(out, "buffer", None)
    if binary is not None:
        out.flush()
        write = binary.write
    else:  # a text stream (tests, an embedding program)
        def write(chunk: bytes) -> None:
            out.write(chunk.decode("utf-8"))
    separator = b"[\n"
    for item in items:
        write(separator + item)
        separator = b",\n"
    write(b"[]\n" if separator == b"[\n" else b"\n]\n")
    if binary is not None:
        binary.flush()


def cmd_taxonomy(args, out, err) -> int:
    from skillgap.taxonomy import normalize_key

    taxonomy = _taxonomy(args)
    skills = list(taxonomy)
    if args.search:
        key = normalize_key(args.search)
        exact = taxonomy.resolve(args.search)
        skills = [s for s in skills if s is exact or any(key in normalize_key(f) for f in (s.id, *s.surface_forms))]
        skills.sort(key=lambda s: (s is not exact, len(s.name), s.id))
        if not skills:
            hint = taxonomy.did_you_mean(args.search)
            extra = f" — did you mean {' or '.join(repr(h) for h in hint)}?" if hint else ""
            print(f"no skill matches '{args.search}'{extra}", file=err)
            return ExitStatus.SKIPPED_SOME
    if args.format == "json":
        json.dump([s.to_dict() for s in skills], out, ensure_ascii=False, indent=1)
        out.write("\n")
    else:
        for s in skills:
            aliases = ", ".join(a for a in s.surface_forms if a != s.name)
            print(f"{s.id:<34} {s.name:<34} {s.category:<22} {aliases}", file=out)
    return ExitStatus.OK


ADD_PREVIEW_SKILLS = 8
ADD_DEFAULT_JOBS = "job_descriptions"
_INIT_TEXT = {
    "en": {"wrote": "wrote {path}: {count} skills from {resume}; the levels are guesses — open the file and "
                    "correct them",
           "nothing": "warning: no known skill was found in {resume}; add your skills to {path} by hand",
           "add": "next: save the postings you care about into {jobs}/: skillgap add FILE|URL ... "
                  "(several at once), then: skillgap report",
           "report": "next: skillgap profile check (what your postings ask for that the profile lacks), "
                     "then: skillgap report",
           "elsewhere": "next: skillgap report --profile {path} --jobs DIR"},
    "ko": {"wrote": "{path} 을(를) 만들었어요: {resume} 에서 기술 {count}개를 찾았고 레벨은 추정값이에요 — 파일을 열어 "
                    "고쳐 주세요",
           "nothing": "경고: {resume} 에서 아는 기술을 찾지 못했어요. {path} 에 직접 적어 주세요",
           "add": "다음: 관심 있는 공고를 {jobs}/ 에 저장하세요: skillgap add 파일|URL ... (여러 개 한 번에), "
                  "그다음: skillgap report",
           "report": "다음: skillgap profile check (공고가 요구하지만 프로필에 없는 기술), 그다음: skillgap report",
           "elsewhere": "다음: skillgap report --profile {path} --jobs DIR"},
}
_ADD_TEXT = {
    "en": {"paste": "paste the posting, then press Ctrl-D (Ctrl-Z and Enter on Windows)",
           "saved": "saved {path}", "none": "skills: none found — check the text, or teach skillgap new names in "
           "profiles/taxonomy.yaml", "skills": "skills: {preview}", "more": " · +{n} more",
           "next": "next: skillgap report"},
    "ko": {"paste": "공고를 붙여 넣고 Ctrl-D를 누르세요 (Windows는 Ctrl-Z 후 Enter)",
           "saved": "저장했어요 {path}", "none": "기술: 찾지 못했어요 — 본문을 확인하거나 profiles/taxonomy.yaml 에 "
           "새 이름을 알려 주세요", "skills": "기술: {preview}", "more": " · 외 {n}개",
           "next": "다음: skillgap report"},
}
_SECTION_KO = {"required": "필수", "preferred": "우대", "responsibility": "주요 업무", "other": "기타"}


def cmd_add(args, out, err) -> int:
    from skillgap.add import STDIN
    from skillgap.analysis import user_taxonomy_path
    from skillgap.errors import UsageError
    from skillgap.taxonomy import load_taxonomy
    from skillgap.workspace import project_language

    lang = project_language(None)
    taxonomy = load_taxonomy(user_taxonomy_path(None))
    if args.name and len(args.sources) > 1:
        raise UsageError(f"--name names one posting, not {len(args.sources)} — add them one by one to name each")
    if args.jobs == ADD_DEFAULT_JOBS:
        _refuse_planted_link(Path(args.jobs), "--jobs DIR")
    status = ExitStatus.OK
    for source in args.sources:
        if source == STDIN and sys.stdin is not None and sys.stdin.isatty():
            print(_ADD_TEXT[lang]["paste"], file=err)
        try:
            _add_one(source, args, taxonomy, lang, out)
        except SkillgapError as exc:
            if len(args.sources) == 1:
                raise
            # One bad source among several: the others are still saved, as with postings in a folder.
            print(f"error: {exc}", file=err)
            status = max(status, ExitStatus.SKIPPED_SOME)
    print(_ADD_TEXT[lang]["next"], file=out)
    return status


def _add_one(source: str, args, taxonomy, lang: str, out) -> None:
    from skillgap.add import add_posting

    t = _ADD_TEXT[lang]
    # A closed standard input (`<&-`) reads as nothing pasted.
    added = add_posting(source, Path(args.jobs), taxonomy, name=args.name, stdin=sys.stdin or io.StringIO())
    label = " · ".join(x for x in (added.job.title, added.job.company) if x)
    print(t["saved"].format(path=added.path) + (f"  ({label})" if label else ""), file=out)
    explicit = [hit for hit in added.job.skills if hit.mentions]
    if not explicit:
        print(t["none"], file=out)
        return
    groups: dict[str, list[str]] = {}
    for hit in explicit[:ADD_PREVIEW_SKILLS]:  # already ordered required > preferred > responsibility > other
        groups.setdefault(hit.requirement, []).append(taxonomy.skill_name(hit.id, lang))
    section = (lambda r: _SECTION_KO.get(r, r)) if lang == "ko" else (lambda r: r)
    preview = " · ".join(f"{', '.join(names)} ({section(requirement)})" for requirement, names in groups.items())
    more = len(explicit) - ADD_PREVIEW_SKILLS
    print(t["skills"].format(preview=preview) + (t["more"].format(n=more) if more > 0 else ""), file=out)


def cmd_profile_init(args, out, err) -> int:
    from skillgap.analysis import matcher_for, user_taxonomy_path
    from skillgap.draft import draft_entries, guess_name, read_resume, render_profile, resume_language, write_profile
    from skillgap.errors import UsageError
    from skillgap.taxonomy import load_taxonomy
    from skillgap.workspace import JOBS_DIRNAME, PROFILES_DIRNAME, project_language

    output = Path(args.output)
    if output.exists() and not args.force:
        raise UsageError(_INIT_EXISTS[project_language(args.lang)].format(path=output))
    resume = Path(args.resume)
    text = read_resume(resume)
    taxonomy = load_taxonomy(user_taxonomy_path(output))
    entries = draft_entries(text, taxonomy, matcher_for(taxonomy))
    lang = args.lang or resume_language(text)
    write_profile(output, render_profile(entries, taxonomy, name=guess_name(text) or output.stem,
                                         language=lang, source=resume.name))
    t = _INIT_TEXT[lang]
    if entries:
        print(t["wrote"].format(path=output, count=len(entries), resume=resume.name), file=out)
    else:
        print(t["nothing"].format(path=output, resume=resume.name), file=err)
    if output.parent.name != PROFILES_DIRNAME:
        print(t["elsewhere"].format(path=output), file=out)
        return ExitStatus.OK
    # The profile's project folder gets its postings folder, so `skillgap add` and `report` work from here on.
    jobs = output.parent.parent / JOBS_DIRNAME
    jobs.mkdir(exist_ok=True)
    has_postings = any(p.is_file() and not p.name.startswith(".") for p in jobs.rglob("*"))
    print(t["report" if has_postings else "add"].format(jobs=jobs.as_posix()), file=out)
    return ExitStatus.OK


_INIT_EXISTS = {
    "en": "{path}: a profile already exists — edit it, pass --force to overwrite it, or choose another --output FILE",
    "ko": "{path}: 프로필이 이미 있어요 — 그 파일을 고치거나, --force 로 덮어쓰거나, 다른 --output FILE 을 고르세요",
}


def cmd_profile_check(args, out, err) -> int:
    from skillgap.analysis import extract_paths, user_taxonomy_path
    from skillgap.check import check_profile, format_check
    from skillgap.messages import localize
    from skillgap.profile import load_profile
    from skillgap.taxonomy import load_taxonomy
    from skillgap.workspace import choose_language

    workspace = _workspace(args, err, "profile check")
    taxonomy_file = user_taxonomy_path(workspace.profile)
    taxonomy = load_taxonomy(taxonomy_file)
    profile = load_profile(workspace.profile, taxonomy)
    lang = choose_language(args.lang, profile.language)
    jobs_dir = workspace.jobs
    run = extract_paths([jobs_dir], taxonomy, cache_dir=workspace.cache) if jobs_dir.is_dir() else None
    check = check_profile(profile, taxonomy, run.jobs if run else [])
    # Unknown names are listed, with their did-you-mean, in the check itself.
    for warning in _other_warnings(profile):
        print(f"{_WARNING[lang]}: {localize(warning, lang)}", file=err)
    if run:
        _print_problems(run.problems, err)
    print(format_check(check, taxonomy, lang, jobs_dir.as_posix(), taxonomy_file.as_posix()), file=out)
    return ExitStatus.SKIPPED_SOME if check.unknown or (run and run.problems) else ExitStatus.OK


def cmd_watch(args, out, err) -> int:
    from skillgap.watch import watch_loop
    from skillgap.workspace import choose_language, profile_language

    workspace = _workspace(args, err, "watch")
    report_files = [Path(args.output), Path(args.output).with_suffix(".json")] if args.output else []
    watch_loop(lambda: run_report(args, out, err, workspace), workspace.jobs, workspace.profile.parent, out, err,
               ignore=report_files, lang=choose_language(args.lang, profile_language(workspace.profile)))
    return ExitStatus.OK


def _help_handler(parser: argparse.ArgumentParser):
    """Return a handler that prints `parser`'s help, for a command group run without its action."""
    def show_help(args, out, err) -> int:
        parser.print_help(out)
        return ExitStatus.ERROR
    return show_help


_SUGGEST_TEXT = {
    "en": {"none": "no usable job descriptions to look at",
           "known": "every frequent product or concept term in these {n} postings is already known",
           "head": ("postings", "term", "example line"),
           "teach": "To teach skillgap a term, add it to profiles/taxonomy.yaml (choose the category: skillgap "
                    "taxonomy lists them), e.g.:"},
    "ko": {"none": "살펴볼 수 있는 공고가 없어요",
           "known": "공고 {n}개에 자주 나오는 제품명과 개념어는 skillgap 이 이미 모두 알아요",
           "head": ("공고 수", "용어", "예문"),
           "teach": "skillgap 에 용어를 알려 주려면 profiles/taxonomy.yaml 에 추가하세요 (분류는 skillgap taxonomy "
                    "에서 골라요). 예:"},
}


def cmd_suggest(args, out, err) -> int:
    from skillgap.analysis import extract_paths, matcher_for
    from skillgap.display import pad
    from skillgap.suggest import suggest_terms
    from skillgap.workspace import project_language

    t = _SUGGEST_TEXT[project_language(None)]
    taxonomy = _taxonomy(args)
    run = extract_paths(args.paths, taxonomy)
    _print_problems(run.problems, err)
    if not run.jobs:
        print(f"error: {t['none']}", file=err)
        return ExitStatus.ERROR
    found = suggest_terms(run.jobs, taxonomy, matcher_for(taxonomy), top=args.top, min_documents=args.min_docs)
    if args.format == "json":
        json.dump([s.__dict__ for s in found], out, ensure_ascii=False, indent=1)
        out.write("\n")
    elif not found:
        print(t["known"].format(n=len(run.jobs)), file=out)
    else:
        count, term, example = t["head"]
        print(f"{count:>8}  {pad(term, 28)} {example}", file=out)
        for s in found:
            print(f"{s.documents:>8}  {pad(s.term, 28)} {s.example}", file=out)
        print(f"\n{t['teach']}\nskills:", file=out)
        for s in found[:3]:
            print(f"  - {{name: {s.term}, category: software-engineering}}", file=out)
    return ExitStatus.SKIPPED_SOME if run.problems else ExitStatus.OK


def _given_path(value: str) -> str:
    """Return a path option's value; an empty one ("") would silently mean the current folder."""
    if not value.strip():
        raise argparse.ArgumentTypeError("an empty path — give a file or folder name")
    return value


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every subcommand."""
    parser = _Parser(prog="skillgap", description="Rank your skill gaps against the job descriptions you collect "
                     "(Korean and English), offline.",
                     epilog="Example: skillgap report   (uses job_descriptions/, profiles/, writes reports/)")
    parser.add_argument("--version", action="version", version=f"skillgap {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    report = sub.add_parser("report", help="analyse the job descriptions against your profile and write the report",
                            description="Analyse every job description against your profile; write an HTML report "
                            "and the same analysis as JSON beside it.",
                            epilog="Example: skillgap report --jobs job_descriptions --profile profiles/me.yaml --lang ko")
    report.add_argument("--jobs", type=_given_path, metavar="DIR",
                        help="folder of job descriptions (default: job_descriptions)")
    report.add_argument("--profile", type=_given_path, metavar="FILE", help="profile YAML (default: the single profile in profiles/)")
    report.add_argument("--output", type=_given_path, metavar="FILE.html",
                        help="report path (default: reports/<profile>-<YYYY-MM-DD>.html)")
    report.add_argument("--lang", choices=("ko", "en"), help="report language (default: the profile's language)")
    report.add_argument("--no-cache", action="store_true",
                        help="extract every posting again instead of reusing .skillgap-cache/")
    report.set_defaults(handler=cmd_report)

    extract = sub.add_parser("extract", help="list the skills found in job-description files",
                             description="Extract skills from job-description files, or every file in a folder.",
                             epilog="Example: skillgap extract job_descriptions --format table")
    extract.add_argument("paths", nargs="+", metavar="PATH", help="job-description files or folders")
    extract.add_argument("--format", choices=("json", "table"), default="json", help="output format (default: json)")
    extract.add_argument("--taxonomy", type=_given_path, metavar="FILE",
                         help="your taxonomy extensions (default: profiles/taxonomy.yaml when present)")
    extract.add_argument("--no-cache", action="store_true",
                         help="extract every file again instead of reusing .skillgap-cache/")
    extract.set_defaults(handler=cmd_extract)

    taxonomy = sub.add_parser("taxonomy", help="list the skills skillgap knows",
                              description="List the taxonomy in use: the bundled one plus your extensions.",
                              epilog="Example: skillgap taxonomy --search 쿠버네티스 --format table")
    taxonomy.add_argument("--format", choices=("json", "table"), default="table", help="output format (default: table)")
    taxonomy.add_argument("--search", metavar="TEXT", help="show only skills whose name or alias contains TEXT")
    taxonomy.add_argument("--taxonomy", type=_given_path, metavar="FILE",
                          help="your taxonomy extensions (default: profiles/taxonomy.yaml when present)")
    taxonomy.set_defaults(handler=cmd_taxonomy)

    suggest = sub.add_parser("suggest", help="list frequent terms in your postings that skillgap does not know",
                             description="List terms that several postings use but the taxonomy does not know: "
                             "product-like names (e.g. Dagster, vLLM) and Korean concepts (e.g. 피처 스토어), so you "
                             "can add them to profiles/taxonomy.yaml.",
                             epilog="Example: skillgap suggest job_descriptions --top 15")
    suggest.add_argument("paths", nargs="*", default=["job_descriptions"], metavar="PATH",
                         help="job-description files or folders (default: job_descriptions)")
    suggest.add_argument("--top", type=int, default=20, metavar="N", help="how many terms to list (default: 20)")
    suggest.add_argument("--min-docs", type=int, default=2, metavar="K",
                         help="only terms used by at least K postings (default: 2)")
    suggest.add_argument("--format", choices=("table", "json"), default="table", help="output format (default: table)")
    suggest.add_argument("--taxonomy", type=_given_path, metavar="FILE",
                         help="your taxonomy extensions (default: profiles/taxonomy.yaml when present)")
    suggest.set_defaults(handler=cmd_suggest)

    add = sub.add_parser("add", help="save a posting (file, URL or pasted text) into the job-description folder",
                         description="Save one posting into the job-description folder under a clean name "
                         "(<title>-<company>.<ext>) and preview the skills it asks for. The same posting "
                         "twice is refused; the input file is copied, never changed.",
                         epilog="Example: skillgap add https://example.com/jobs/123   "
                         "(or: skillgap add ~/Downloads/posting.html, or: pbpaste | skillgap add -)")
    add.add_argument("sources", nargs="+", metavar="SOURCE",
                     help="posting files (.txt .md .html .htm .json), http(s) URLs, or - to read pasted text "
                     "from standard input; several at once are saved one by one")
    add.add_argument("--jobs", type=_given_path, default=ADD_DEFAULT_JOBS, metavar="DIR",
                     help="folder to save into, created if needed (default: job_descriptions)")
    add.add_argument("--name", metavar="NAME",
                     help="file name to use instead of <title>-<company> (the extension is kept), "
                     "e.g. --name toss-ml-engineer")
    add.set_defaults(handler=cmd_add)

    profile = sub.add_parser("profile", help="draft a profile from your résumé, or check the one you have",
                             description="Work with your skill profile: 'init' drafts one from a résumé, "
                             "'check' shows how skillgap reads it.",
                             epilog="Example: skillgap profile init --from resume.md   then: skillgap profile check")
    profile.set_defaults(handler=_help_handler(profile))
    actions = profile.add_subparsers(dest="profile_command", metavar="ACTION", parser_class=_Parser)

    init = actions.add_parser("init", help="draft profiles/me.yaml from a résumé, with suggested levels",
                              description="Draft a profile from a résumé (.md, .txt; .pdf and .docx with the "
                              "pdf/docx extras): every skill found, a suggested level (2 listed, 3 used in a "
                              "role or project, 4 several roles or production) and the résumé line behind it "
                              "as a comment. Correct the levels by hand afterwards.",
                              epilog="Example: skillgap profile init --from ~/cv/resume.md --lang ko")
    init.add_argument("--from", dest="resume", required=True, metavar="RESUME",
                      help="your résumé: .md or .txt (.pdf needs skillgap[pdf], .docx needs skillgap[docx])")
    init.add_argument("--output", type=_given_path, default="profiles/me.yaml", metavar="FILE",
                      help="profile to write (default: profiles/me.yaml)")
    init.add_argument("--force", action="store_true", help="overwrite the profile when it already exists")
    init.add_argument("--lang", choices=("ko", "en"),
                      help="language of the profile and its comments (default: the résumé's language)")
    init.set_defaults(handler=cmd_profile_init)

    check = actions.add_parser("check", help="show how each profile entry resolved and what the postings ask "
                               "for that it lacks",
                               description="Show how each profile entry resolved (name → skill, category, "
                               "level), did-you-means for unknown names, and the skills your postings ask for "
                               "that the profile does not mention. Exit status 1 when a name is unknown.",
                               epilog="Example: skillgap profile check --profile profiles/me.yaml --jobs job_descriptions")
    check.add_argument("--profile", type=_given_path, metavar="FILE", help="profile YAML (default: the single profile in profiles/)")
    check.add_argument("--jobs", type=_given_path, metavar="DIR",
                       help="folder of job descriptions to compare with (default: job_descriptions)")
    check.add_argument("--lang", choices=("ko", "en"), help="output language (default: the profile's language)")
    check.set_defaults(handler=cmd_profile_check)

    watch = sub.add_parser("watch", help="regenerate the report whenever a posting, the profile or your "
                           "taxonomy changes",
                           description="Write the report now and again after every change to the job-description "
                           "folder, the profile or profiles/taxonomy.yaml, printing the new top gaps each time. "
                           "Ctrl-C stops.",
                           epilog="Example: skillgap watch --lang ko   (then edit profiles/me.yaml or drop a "
                           "posting into job_descriptions/)")
    watch.add_argument("--jobs", type=_given_path, metavar="DIR",
                       help="folder of job descriptions to watch (default: job_descriptions)")
    watch.add_argument("--profile", type=_given_path, metavar="FILE",
                       help="profile YAML to watch (default: the single profile in profiles/)")
    watch.add_argument("--output", type=_given_path, metavar="FILE.html",
                       help="report path (default: reports/<profile>-<YYYY-MM-DD>.html)")
    watch.add_argument("--lang", choices=("ko", "en"), help="report language (default: the profile's language)")
    watch.set_defaults(handler=cmd_watch)
    return parser


def main(argv: list[str] | None = None, stdout=None, stderr=None) -> int:
    """Run the CLI and return its exit status; user errors become one-line messages."""
    from skillgap.terminal import SafeStream

    # A terminal whose encoding cannot show a character (PYTHONIOENCODING=ascii, a cp949 console and
    # an emoji) gets it as a \u escape rather than a UnicodeEncodeError.
    for stream in (sys.stdout, sys.stderr):
        if stream is not None and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    # A closed stdout or stderr (`2>&-`) is None here: the run still writes its files, silently.
    out = SafeStream(stdout or sys.stdout or open(os.devnull, "w"))
    err = SafeStream(stderr or sys.stderr or open(os.devnull, "w"))
    try:
        os.getcwd()
    except FileNotFoundError:
        print("error: the current folder no longer exists (deleted while this shell was in it) — cd to your "
              "project folder and run skillgap again", file=err)
        return ExitStatus.ERROR
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        if not getattr(args, "handler", None):
            parser.print_help(out)
            return ExitStatus.ERROR
        return int(args.handler(args, out, err))
    except SkillgapError as exc:
        print(f"error: {exc}", file=err)
        return exc.exit_code
    except SystemExit as exc:  # --help and --version end here
        return int(exc.code or 0)
    except KeyboardInterrupt:
        print("interrupted", file=err)
        return ExitStatus.ERROR
    except BrokenPipeError:
        return ExitStatus.OK
    except OSError as exc:  # what the output is written to failed (stdout on a full disk, a vanished terminal)
        try:
            print(f"error: cannot write the output ({(exc.strerror or str(exc)).lower()})", file=err)
        except OSError:
            pass
        return ExitStatus.ERROR
