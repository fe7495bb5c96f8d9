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


def _print_problems(problems, stream) -> None:
    for problem in problems:
        print(f"skipped: {problem}", file=stream)


def cmd_report(args, out, err) -> int:
    return run_report(args, out, err)


def run_report(args, out, err) -> int:
    """Analyse, write the report and print its summary once; `report` and `watch` both call this."""
    from datetime import date

    from skillgap.analysis import analyze, find_profile
    from skillgap.report import write_report
    from skillgap.summary import print_summary

    profile_path = Path(args.profile) if args.profile else find_profile(Path("profiles"))
    result = analyze(Path(args.jobs), profile_path)
    for warning in result.profile.warnings:
        print(f"warning: {warning}", file=err)
    for note in result.notes:
        print(f"note: {note}", file=err)
    _print_problems(result.problems, err)
    lang = args.lang or result.profile.language or "en"
    result.data["language"] = lang
    output = Path(args.output) if args.output else \
        Path("reports") / f"{result.profile.stem}-{date.today().isoformat()}.html"
    output.parent.mkdir(parents=True, exist_ok=True)
    html_path = write_report(result.data, output, lang, history_path=output.parent / "history.jsonl")
    print_summary(result.data, lang, out)
    print(html_path, file=out)
    return ExitStatus.SKIPPED_SOME if result.problems or result.profile.unknown else ExitStatus.OK


def cmd_extract(args, out, err) -> int:
    from skillgap.analysis import extract_paths, user_taxonomy_path
    from skillgap.taxonomy import load_taxonomy

    taxonomy = load_taxonomy(Path(args.taxonomy) if args.taxonomy else user_taxonomy_path(None))
    run = extract_paths(args.paths, taxonomy)
    for note in run.notes:
        print(f"note: {note}", file=err)
    _print_problems(run.problems, err)
    if args.format == "json":
        json.dump([job.to_dict() for job in run.jobs], out, ensure_ascii=False, indent=1)
        out.write("\n")
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


def cmd_taxonomy(args, out, err) -> int:
    from skillgap.analysis import user_taxonomy_path
    from skillgap.taxonomy import load_taxonomy, normalize_key

    taxonomy = load_taxonomy(Path(args.taxonomy) if args.taxonomy else user_taxonomy_path(None))
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
    report.set_defaults(handler=cmd_report)

    extract = sub.add_parser("extract", help="list the skills found in job-description files",
                             description="Extract skills from job-description files, or every file in a folder.",
                             epilog="Example: skillgap extract job_descriptions --format table")
    extract.add_argument("paths", nargs="+", metavar="PATH", help="job-description files or folders")
    extract.add_argument("--format", choices=("json", "table"), default="json", help="output format (default: json)")
    extract.add_argument("--taxonomy", metavar="FILE",
                         help="your taxonomy extensions (default: profiles/taxonomy.yaml when present)")
    extract.set_defaults(handler=cmd_extract)

    taxonomy = sub.add_parser("taxonomy", help="list the skills skillgap knows",
                              description="List the taxonomy in use: the bundled one plus your extensions.",
                              epilog="Example: skillgap taxonomy --search 쿠버네티스 --format table")
    taxonomy.add_argument("--format", choices=("json", "table"), default="table", help="output format (default: table)")
    taxonomy.add_argument("--search", metavar="TEXT", help="show only skills whose name or alias contains TEXT")
    taxonomy.add_argument("--taxonomy", metavar="FILE",
                          help="your taxonomy extensions (default: profiles/taxonomy.yaml when present)")
    taxonomy.set_defaults(handler=cmd_taxonomy)
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
