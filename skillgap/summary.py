"""The short summary `skillgap report` prints in the terminal."""
from __future__ import annotations

from skillgap.display import pad
from skillgap.results import GapReport
from skillgap.terminal import unfiltered

TOP_GAPS = 5
_TEXT = {
    "en": {"match": "Overall match", "postings": "{n} postings", "top": "Top gaps", "none": "No gaps: you meet every "
           "skill these postings ask for.", "skipped": "{n} skipped", "level": "level", "role": "for: {names}",
           "rank": "#", "skill": "Skill", "levels": "Level", "demand": "Demand", "gap": "Gap"},
    "ko": {"match": "전체 적합도", "postings": "공고 {n}개", "top": "주요 격차", "none": "격차가 없어요: 공고가 요구하는 "
           "기술을 모두 갖추고 있어요.", "skipped": "건너뛴 파일 {n}개", "level": "레벨", "role": "목표 역할: {names}",
           "rank": "#", "skill": "기술", "levels": "레벨", "demand": "수요", "gap": "격차"},
}


def format_summary(data: GapReport, lang: str, alerts=()) -> str:
    """Return the terminal summary: the profile's unknown names first, then overall match, job count and the top gaps."""
    t = _TEXT[lang]
    match = data.overall_match
    match_text = f"{round(match * 100)}%" if match is not None else "—"
    lines = [f"! {alert.alert(lang)}" for alert in alerts]
    lines.append(f"{t['match']}: {match_text} · {t['postings'].format(n=data.job_count)}")
    lines[-1] += _after_count(data, lang)
    gaps = data.gaps[:TOP_GAPS]
    if not gaps:
        lines.append(t["none"])
    else:
        lines.append(f"{t['top']}:")
        for gap in gaps:
            name = gap.name_ko if lang == "ko" and gap.name_ko else gap.name
            lines.append(f"  {gap.rank}. {pad(name, 28)} {gap.gap_score:.2f}  "
                         f"({t['level']} {gap.your_level} → {gap.target_level}, {round(gap.demand * 100)}%)")
    return "\n".join(lines)


def _after_count(data: GapReport, lang: str) -> str:
    """Return what follows the posting count: skipped files, and the role the ranking weighs."""
    t = _TEXT[lang]
    extra = ""
    if data.skipped:
        extra += " · " + t["skipped"].format(n=len(data.skipped))
    if data.roles:
        names = ", ".join(r.name_ko if lang == "ko" else r.name for r in data.roles)
        extra += " · " + t["role"].format(names=names)
    return extra


def print_summary(data: GapReport, lang: str, out, alerts=()) -> None:
    """Print the summary to `out`: a rich table on a terminal, plain lines otherwise (pipes, tests).

    `alerts` (the profile's unknown names, see `messages.UnknownName`) come first: a misspelt strong
    skill would otherwise show up only as the top gap.
    """
    if not (hasattr(out, "isatty") and out.isatty()):
        print(format_summary(data, lang, alerts), file=out)
        return
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    t = _TEXT[lang]
    console = Console(file=unfiltered(out))  # rich draws its own escape codes; skill names are cleaned on load
    for alert in alerts:
        console.print(f"[bold yellow]![/bold yellow] {escape(alert.alert(lang))}")
    match = data.overall_match
    count = t["postings"].format(n=data.job_count)
    console.print(f"[bold]{t['match']}[/bold]: [cyan]{round(match * 100) if match is not None else '—'}%[/cyan] · "
                  f"{count}{escape(_after_count(data, lang))}")
    gaps = data.gaps[:TOP_GAPS]
    if not gaps:
        console.print(t["none"])
        return
    table = Table(title=t["top"], title_justify="left", show_edge=False, pad_edge=False)
    for column, justify in ((t["rank"], "right"), (t["skill"], "left"), (t["levels"], "center"),
                            (t["demand"], "right"), (t["gap"], "right")):
        table.add_column(column, justify=justify)
    for gap in gaps:
        name = gap.name_ko if lang == "ko" and gap.name_ko else gap.name
        table.add_row(str(gap.rank), name, f"{gap.your_level} → {gap.target_level}",
                      f"{round(gap.demand * 100)}%", f"{gap.gap_score:.2f}")
    console.print(table)


class ProgressBar:
    """A `progress(done, total)` callback that draws a rich progress bar on a terminal.

    Nothing is drawn for a few files or when `stream` is not a terminal (pipes, tests, CI).
    """

    MIN_FILES = 50

    def __init__(self, stream, label: str = "Reading postings"):
        self.stream = stream
        self.label = label
        self._progress = None
        self._task = None

    def __call__(self, done: int, total: int) -> None:
        if self._progress is None:
            if total < self.MIN_FILES or not (hasattr(self.stream, "isatty") and self.stream.isatty()):
                return
            from rich.console import Console
            from rich.progress import Progress

            self._progress = Progress(console=Console(file=unfiltered(self.stream)), transient=True)
            self._progress.start()
            self._task = self._progress.add_task(self.label, total=total)
        self._progress.update(self._task, completed=done)
        if done >= total:
            self.close()

    def close(self) -> None:
        """Remove the bar from the terminal."""
        if self._progress is not None:
            self._progress.stop()
            self._progress = None
