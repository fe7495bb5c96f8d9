"""Draw the report's static charts as inline SVG strings with matplotlib's SVG backend.

Charts only ever receive taxonomy names and numbers, never job-posting text, so the SVG
they return is safe to inline into the page unescaped.
"""
from __future__ import annotations

import io
import logging
import re
import warnings
from collections import Counter
from contextlib import contextmanager
from datetime import datetime
from functools import lru_cache

from skillgap.results import Gap

INK = "#1f2933"
MUTED = "#616e7c"
GRID = "#e4e7eb"
ACCENT = "#3552c8"
GAP = "#d9480f"
TARGET = "#1f2933"
# Fonts with Hangul, tried in order, so matplotlib measures Korean labels correctly.
KOREAN_FONTS = ("Noto Sans CJK KR", "Noto Sans KR", "Noto Sans CJK JP", "Apple SD Gothic Neo",
                "Malgun Gothic", "NanumGothic")

_LABELS = {
    "demand": {"en": "Share of postings asking", "ko": "요구하는 공고 비율"},
    "level": {"en": "Your level → expected level", "ko": "현재 수준 → 기대 수준"},
    "you": {"en": "you", "ko": "현재"},
    "target": {"en": "expected", "ko": "기대"},
    "gap_score": {"en": "Gap score (sum of the category's skill gaps)", "ko": "격차 점수 (분야별 기술 격차의 합)"},
    "match": {"en": "Overall match", "ko": "전체 적합도"},
}


def demand_level_chart(gaps: tuple[Gap, ...], lang: str, limit: int = 10) -> str:
    """Draw the top gaps as demand bars beside a your-level → expected-level dumbbell."""
    rows = gaps[:limit]
    labels = [_name(g, lang) for g in rows]
    positions = list(range(len(rows)))
    with _rc(f"demand-{lang}"):
        fig = _figure(7.2, 1.1 + 0.36 * max(len(rows), 1))
        left, right = fig.subplots(1, 2, sharey=True, gridspec_kw={"width_ratios": [1, 1.25], "wspace": 0.08})
        demand = [g.demand * 100 for g in rows]
        left.barh(positions, demand, color="#9fb1f0", height=0.6)
        for y, value in zip(positions, demand):
            left.annotate(f"{value:.0f}%", (value, y), xytext=(4, 0), textcoords="offset points",
                          va="center", ha="left", color=INK, fontsize=9)
        left.set_xlim(0, 118)
        left.set_xticks([0, 25, 50, 75, 100], ["0", "25", "50", "75", "100%"])
        left.set_xlabel(_LABELS["demand"][lang], color=MUTED)
        left.set_yticks(positions, labels)
        left.invert_yaxis()
        _style(left, grid_axis="x")

        yours = [g.your_level for g in rows]
        targets = [g.target_level for g in rows]
        right.hlines(positions, yours, targets, color=GAP, linewidth=3, alpha=0.85)
        right.scatter(yours, positions, s=46, color=ACCENT, zorder=3, label=_LABELS["you"][lang])
        right.scatter(targets, positions, s=46, facecolor="white", edgecolor=TARGET, linewidth=1.6, zorder=3,
                      label=_LABELS["target"][lang])
        right.set_xlim(-0.4, 5.4)
        right.set_xticks(range(6))
        right.set_xlabel(_LABELS["level"][lang], color=MUTED)
        right.tick_params(axis="y", length=0)
        right.legend(loc="lower right", frameon=False, fontsize=9, ncols=2, bbox_to_anchor=(1.0, 1.0),
                     borderaxespad=0.2, handletextpad=0.3)
        _style(right, grid_axis="x")
        _fit(fig, labels, top=0.4)
        return _svg(fig)


def trend_chart(snapshots: list[dict], lang: str) -> str:
    """Draw overall match across runs as a line chart, one point per snapshot."""
    labels = _trend_labels([s.get("generated_at") for s in snapshots])
    values = [s.get("overall_match", 0.0) * 100 for s in snapshots]
    positions = list(range(len(snapshots)))
    with _rc(f"trend-{lang}"):
        fig = _figure(7.2, 2.5)
        ax = fig.add_subplot()
        ax.plot(positions, values, color=ACCENT, linewidth=2.2, marker="o", markersize=6)
        for x, value in zip(positions, values):
            ax.annotate(f"{value:.0f}%", (x, value), textcoords="offset points", xytext=(0, 8),
                        ha="center", color=INK, fontsize=9)
        ax.set_xticks(positions, labels)
        ax.set_ylim(0, 105)
        ax.set_yticks([0, 25, 50, 75, 100], ["0", "25", "50", "75", "100%"])
        ax.set_xlim(-0.5, max(len(positions) - 0.5, 0.5))
        ax.set_ylabel(_LABELS["match"][lang], color=MUTED)
        _style(ax, grid_axis="y")
        fig.subplots_adjust(left=0.12, right=0.98, top=0.94, bottom=0.18)
        return _svg(fig)


def _name(entry: Gap, lang: str) -> str:
    name = (entry.name_ko if lang == "ko" else None) or entry.name or entry.id
    # A "$" would switch matplotlib into math mode.
    return name.replace("$", r"\$")


_TREND_FORMATS = ("%m-%d", "%m-%d %H:%M", "%m-%d %H:%M:%S")


def _trend_labels(stamps: list[str | None]) -> list[str]:
    """Label each run by its day, adding the time (then the seconds) where runs share one, so no two look alike."""
    whens = []
    for value in stamps:
        try:
            whens.append(datetime.fromisoformat(value or ""))
        except ValueError:
            whens.append(None)
    counts = [Counter(w.strftime(f) for w in whens if w) for f in _TREND_FORMATS]
    return [(value or "?")[:16] if w is None else
            next((w.strftime(f) for f, seen in zip(_TREND_FORMATS, counts) if seen[w.strftime(f)] == 1),
                 w.strftime(_TREND_FORMATS[-1]))
            for value, w in zip(stamps, whens)]


@contextmanager
def _rc(salt: str):
    """Scope matplotlib settings to one chart: fonts that keep text as text, a per-chart id salt."""
    import matplotlib

    font_log = logging.getLogger("matplotlib.font_manager")
    log_level = font_log.level
    font_log.setLevel(logging.ERROR)
    settings = {
        "svg.fonttype": "none",
        # Distinct salts keep clip-path and marker ids unique when several charts share a page.
        "svg.hashsalt": salt,
        "font.family": [*_korean_font(), "DejaVu Sans"],
        "font.size": 10,
        "axes.edgecolor": GRID,
        "xtick.color": MUTED,
        "ytick.color": INK,
        "text.color": INK,
    }
    try:
        with matplotlib.rc_context(settings), warnings.catch_warnings():
            # Without a Hangul font matplotlib warns per glyph; the browser draws the text anyway.
            warnings.filterwarnings("ignore", message="Glyph .* missing from font")
            yield
    finally:
        font_log.setLevel(log_level)


@lru_cache(maxsize=1)
def _korean_font() -> tuple[str, ...]:
    from matplotlib import font_manager

    available = {f.name for f in font_manager.fontManager.ttflist}
    return tuple(f for f in KOREAN_FONTS if f in available)[:1]


def _figure(width: float, height: float):
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=72)


def _style(ax, grid_axis: str) -> None:
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.spines["bottom"].set_color(GRID)
    ax.tick_params(axis="both", labelsize=9.5, length=0, pad=5)
    ax.grid(axis=grid_axis, color=GRID, linewidth=0.8)
    ax.set_axisbelow(True)


def _fit(fig, labels: list[str], top: float = 0.15) -> None:
    """Leave room on the left for the longest label and fixed margins elsewhere (inches)."""
    width, height = fig.get_size_inches()
    # Hangul glyphs are about twice as wide as Latin ones at the same size.
    longest = max((sum(2 if ord(ch) > 0x1100 else 1 for ch in label) for label in labels), default=4)
    left = min(0.45, (0.25 + 0.075 * longest) / width)
    fig.subplots_adjust(left=left, right=0.97, top=1 - top / height, bottom=0.55 / height)


def _svg(fig) -> str:
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    buf = io.StringIO()
    FigureCanvasSVG(fig).print_svg(buf, metadata={"Date": None})
    return _inline(buf.getvalue())


def _inline(svg: str) -> str:
    """Make matplotlib's SVG document embeddable: no prolog, metadata or stray ids; scalable."""
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    # The page styles SVG strokes itself; a <style> here would leak into the whole page.
    svg = re.sub(r"<style[^>]*>.*?</style>\s*", "", svg, flags=re.S)
    referenced = set(re.findall(r"(?:href=\"#|url\(#)([\w.-]+)", svg))
    svg = re.sub(r'\sid="([\w.-]+)"', lambda m: m.group(0) if m.group(1) in referenced else "", svg)
    # Size comes from CSS; the viewBox keeps the aspect ratio.
    svg = re.sub(r'<svg([^>]*?)\swidth="[^"]*"\sheight="[^"]*"', r'<svg\1', svg, count=1)
    return svg.replace("<svg", '<svg aria-hidden="true" focusable="false"', 1).strip()
