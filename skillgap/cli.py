"""The `skillgap` command line: parse arguments, call the library, map errors to exit codes."""
from __future__ import annotations

import argparse
import json
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


def _print_problems(problems, stream) -> None:
    for problem in problems:
        print(f"skipped: {problem}", file=stream)


def cmd_report(args, out, err) -> int:
    return run_report(args, out, err)


def run_report(args, out, err) -> int:
    """Analyse, write the report and print its summary once; `report` and `watch` both call this."""
    from skillgap.analysis import find_profile
    from skillgap.batch import collector_paused
    from skillgap.summary import print_summary

    profile_path = Path(args.profile) if args.profile else find_profile(Path("profiles"))
    # The postings and the analysis live until the report is written and hold no cycles: collection
    # after collection would walk them all again (half a second of a warm run over 5,000 postings).
    with collector_paused():
        result, html_path = _analyse_and_write(args, err, profile_path)
    print_summary(result.data, result.data["language"], out)
    print(html_path, file=out)
    return ExitStatus.SKIPPED_SOME if result.problems or result.profile.unknown else ExitStatus.OK


def _analyse_and_write(args, err, profile_path: Path):
    """Analyse with the collector paused, then write the page with it running over what the page makes."""
    from datetime import date

    from skillgap.analysis import analyze
    from skillgap.batch import collector_running
    from skillgap.report import write_report
    from skillgap.summary import ProgressBar

    bar = ProgressBar(err)
    try:
        result = analyze(Path(args.jobs), profile_path, cache_dir=_cache_dir(args), progress=bar)
    finally:
        bar.close()
    for warning in result.profile.warnings:
        print(f"warning: {warning}", file=err)
    for note in result.notes:
        print(f"note: {note}", file=err)
    _print_problems(result.problems, err)
    lang = args.lang or result.profile.language or "en"
    result.data["language"] = lang
    output = Path(args.output) if args.output else \
        Path("reports") / f"{result.profile.stem}-{date.today().isoformat()}.html"
    with collector_running():  # charts make cycles; the analysis is set aside, not walked
        html_path = write_report(result.data, output, lang, history_path=output.parent / "history.jsonl")
    return result, html_path


def cmd_extract(args, out, err) -> int:
    from skillgap.analysis import extract_paths
    from skillgap.summary import ProgressBar

    taxonomy = _taxonomy(args)

    bar = ProgressBar(err)
    try:
        run = extract_paths(args.paths, taxonomy, cache_dir=_cache_dir(args), progress=bar)
    finally:
        bar.close()
    for note in run.notes:
        print(f"note: {note}", file=err)
    _print_problems(run.problems, err)
    if args.format == "json":
        _write_json_lines(out, (job.to_json() for job in run.jobs))
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


def _write_json_lines(out, items) -> None:
    """Write a JSON array, one compact object a line, as UTF-8 bytes straight to `out`'s buffer when it has one.

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
_INIT_TEXT = {
    "en": ("wrote {path}: {count} skills from {resume}; the levels are guesses — open the file and correct them",
           "warning: no known skill was found in {resume}; add your skills to {path} by hand",
           "next: skillgap profile check"),
    "ko": ("{path} 을 만들었어요: {resume} 에서 기술 {count}개를 찾았고 레벨은 추정값이에요 — 파일을 열어 고쳐 주세요",
           "warning: {resume} 에서 아는 기술을 찾지 못했어요. {path} 에 직접 적어 주세요",
           "다음: skillgap profile check"),
}


def cmd_add(args, out, err) -> int:
    from skillgap.add import STDIN, add_posting
    from skillgap.analysis import user_taxonomy_path
    from skillgap.taxonomy import load_taxonomy

    taxonomy = load_taxonomy(user_taxonomy_path(None))
    if args.source == STDIN and sys.stdin.isatty():
        print("paste the posting, then press Ctrl-D (Ctrl-Z and Enter on Windows)", file=err)
    added = add_posting(args.source, Path(args.jobs), taxonomy, name=args.name, stdin=sys.stdin)
    label = " · ".join(x for x in (added.job.title, added.job.company) if x)
    print(f"saved {added.path}" + (f"  ({label})" if label else ""), file=out)
    explicit = [hit for hit in added.job.skills if hit.mentions]
    if not explicit:
        print("skills: none found — check the text, or teach skillgap new names in profiles/taxonomy.yaml", file=out)
        return ExitStatus.OK
    groups: dict[str, list[str]] = {}
    for hit in explicit[:ADD_PREVIEW_SKILLS]:  # already ordered required > preferred > responsibility > other
        groups.setdefault(hit.requirement, []).append(hit.name)
    preview = " · ".join(f"{', '.join(names)} ({requirement})" for requirement, names in groups.items())
    more = len(explicit) - ADD_PREVIEW_SKILLS
    print(f"skills: {preview}" + (f" · +{more} more" if more > 0 else ""), file=out)
    return ExitStatus.OK


def cmd_profile_init(args, out, err) -> int:
    from skillgap.analysis import matcher_for, user_taxonomy_path
    from skillgap.draft import draft_entries, guess_name, read_resume, render_profile, resume_language, write_profile
    from skillgap.errors import UsageError
    from skillgap.taxonomy import load_taxonomy

    output = Path(args.output)
    if output.exists() and not args.force:
        raise UsageError(f"{output}: a profile already exists — pass --force to overwrite it, or choose "
                         "another --output FILE")
    resume = Path(args.resume)
    text = read_resume(resume)
    taxonomy = load_taxonomy(user_taxonomy_path(output))
    entries = draft_entries(text, taxonomy, matcher_for(taxonomy))
    lang = args.lang or resume_language(text)
    write_profile(output, render_profile(entries, taxonomy, name=guess_name(text) or output.stem,
                                         language=lang, source=resume.name))
    wrote, nothing, next_step = _INIT_TEXT[lang]
    if entries:
        print(wrote.format(path=output, count=len(entries), resume=resume.name), file=out)
    else:
        print(nothing.format(path=output, resume=resume.name), file=err)
    print(next_step, file=out)
    return ExitStatus.OK


def cmd_profile_check(args, out, err) -> int:
    from skillgap.analysis import extract_paths, find_profile, user_taxonomy_path
    from skillgap.check import check_profile, format_check
    from skillgap.profile import load_profile
    from skillgap.taxonomy import load_taxonomy

    profile_path = Path(args.profile) if args.profile else find_profile(Path("profiles"))
    taxonomy_file = user_taxonomy_path(profile_path)
    taxonomy = load_taxonomy(taxonomy_file)
    profile = load_profile(profile_path, taxonomy)
    jobs_dir = Path(args.jobs)
    run = extract_paths([jobs_dir], taxonomy) if jobs_dir.is_dir() else None
    check = check_profile(profile, taxonomy, run.jobs if run else [])
    # Unknown names are listed, with their did-you-mean, in the check itself.
    unknown_prefixes = tuple(f"{profile_path}: unknown skill '{name}'" for name in profile.unknown)
    for warning in profile.warnings:
        if not warning.startswith(unknown_prefixes):
            print(f"warning: {warning}", file=err)
    if run:
        _print_problems(run.problems, err)
    lang = args.lang or profile.language or "en"
    print(format_check(check, taxonomy, lang, str(jobs_dir), str(taxonomy_file)), file=out)
    return ExitStatus.SKIPPED_SOME if check.unknown or (run and run.problems) else ExitStatus.OK


def cmd_watch(args, out, err) -> int:
    from skillgap.watch import watch_loop

    profile_dir = Path(args.profile).parent if args.profile else Path("profiles")
    report_files = [Path(args.output), Path(args.output).with_suffix(".json")] if args.output else []
    watch_loop(lambda: run_report(args, out, err), Path(args.jobs), profile_dir, out, err, ignore=report_files)
    return ExitStatus.OK


def _help_handler(parser: argparse.ArgumentParser):
    """Return a handler that prints `parser`'s help, for a command group run without its action."""
    def show_help(args, out, err) -> int:
        parser.print_help(out)
        return ExitStatus.ERROR
    return show_help


def cmd_suggest(args, out, err) -> int:
    from skillgap.analysis import extract_paths, matcher_for
    from skillgap.display import pad
    from skillgap.suggest import suggest_terms

    taxonomy = _taxonomy(args)
    run = extract_paths(args.paths, taxonomy)
    _print_problems(run.problems, err)
    if not run.jobs:
        print("error: no usable job descriptions to look at", file=err)
        return ExitStatus.ERROR
    found = suggest_terms(run.jobs, taxonomy, matcher_for(taxonomy), top=args.top, min_documents=args.min_docs)
    if args.format == "json":
        json.dump([s.__dict__ for s in found], out, ensure_ascii=False, indent=1)
        out.write("\n")
    elif not found:
        print(f"every frequent product or concept term in these {len(run.jobs)} postings is already known", file=out)
    else:
        for s in found:
            print(f"{s.documents:>4}  {pad(s.term, 28)} {s.example}", file=out)
        print("\nTo teach skillgap a term, add it to profiles/taxonomy.yaml, e.g.:\nskills:", file=out)
        for s in found[:3]:
            print(f"  - {{name: {s.term}, category: software-engineering}}", file=out)
    return ExitStatus.SKIPPED_SOME if run.problems else ExitStatus.OK


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
    report.add_argument("--jobs", default="job_descriptions", metavar="DIR",
                        help="folder of job descriptions (default: job_descriptions)")
    report.add_argument("--profile", metavar="FILE", help="profile YAML (default: the single profile in profiles/)")
    report.add_argument("--output", metavar="FILE.html",
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
    extract.add_argument("--taxonomy", metavar="FILE",
                         help="your taxonomy extensions (default: profiles/taxonomy.yaml when present)")
    extract.add_argument("--no-cache", action="store_true",
                         help="extract every file again instead of reusing .skillgap-cache/")
    extract.set_defaults(handler=cmd_extract)

    taxonomy = sub.add_parser("taxonomy", help="list the skills skillgap knows",
                              description="List the taxonomy in use: the bundled one plus your extensions.",
                              epilog="Example: skillgap taxonomy --search 쿠버네티스 --format table")
    taxonomy.add_argument("--format", choices=("json", "table"), default="table", help="output format (default: table)")
    taxonomy.add_argument("--search", metavar="TEXT", help="show only skills whose name or alias contains TEXT")
    taxonomy.add_argument("--taxonomy", metavar="FILE",
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
    suggest.add_argument("--taxonomy", metavar="FILE",
                         help="your taxonomy extensions (default: profiles/taxonomy.yaml when present)")
    suggest.set_defaults(handler=cmd_suggest)

    add = sub.add_parser("add", help="save a posting (file, URL or pasted text) into the job-description folder",
                         description="Save one posting into the job-description folder under a clean name "
                         "(<title>-<company>.<ext>) and preview the skills it asks for. The same posting "
                         "twice is refused; the input file is copied, never changed.",
                         epilog="Example: skillgap add https://example.com/jobs/123   "
                         "(or: skillgap add ~/Downloads/posting.html, or: pbpaste | skillgap add -)")
    add.add_argument("source", metavar="SOURCE",
                     help="a posting file (.txt .md .html .htm .json), an http(s) URL, or - to read pasted text "
                     "from standard input")
    add.add_argument("--jobs", default="job_descriptions", metavar="DIR",
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
    init.add_argument("--output", default="profiles/me.yaml", metavar="FILE",
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
    check.add_argument("--profile", metavar="FILE", help="profile YAML (default: the single profile in profiles/)")
    check.add_argument("--jobs", default="job_descriptions", metavar="DIR",
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
    watch.add_argument("--jobs", default="job_descriptions", metavar="DIR",
                       help="folder of job descriptions to watch (default: job_descriptions)")
    watch.add_argument("--profile", metavar="FILE",
                       help="profile YAML to watch (default: the single profile in profiles/)")
    watch.add_argument("--output", metavar="FILE.html",
                       help="report path (default: reports/<profile>-<YYYY-MM-DD>.html)")
    watch.add_argument("--lang", choices=("ko", "en"), help="report language (default: the profile's language)")
    watch.set_defaults(handler=cmd_watch)
    return parser


def main(argv: list[str] | None = None, stdout=None, stderr=None) -> int:
    """Run the CLI and return its exit status; user errors become one-line messages."""
    out, err = stdout or sys.stdout, stderr or sys.stderr
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
