"""Draw the report's static charts as inline SVG strings, written directly.

Written by hand rather than with matplotlib: importing and drawing with it took about a second of
every report (half of a warm run's budget) for a few bars and lines. Text stays text, so the
browser draws Korean labels with the reader's fonts; every label is XML-escaped.
"""
from __future__ import annotations

import math
from collections import Counter
from datetime import datetime
from html import escape

from skillgap.results import Gap

INK = "#1f2933"
MUTED = "#616e7c"
GRID = "#e4e7eb"
ACCENT = "#3552c8"
DEMAND = "#9fb1f0"
GAP = "#d9480f"
TARGET = "#1f2933"
WIDTH = 720
FONT = 13
ROW = 26  # px per bar row
# A run's label on the trend: its day, then the time, then the seconds, as far as needed to tell runs apart.
_TREND_FORMATS = ("%m-%d", "%m-%d %H:%M", "%m-%d %H:%M:%S")

_LABELS = {
    "demand": {"en": "Share of postings asking", "ko": "요구하는 공고 비율"},
    "level": {"en": "Your level → expected level", "ko": "현재 수준 → 기대 수준"},
    "you": {"en": "you", "ko": "현재"},
    "target": {"en": "expected", "ko": "기대"},
    "match": {"en": "Overall match", "ko": "전체 적합도"},
}


def demand_level_chart(gaps: tuple[Gap, ...], lang: str, limit: int = 10) -> str:
    """Draw the top gaps as demand bars beside a your-level → expected-level dumbbell."""
    rows = gaps[:limit]
    labels = [_name(g, lang) for g in rows]
    left = _label_width(labels)
    split = left + (WIDTH - 16 - left) * 0.44
    top, height = 30, ROW * max(len(rows), 1)
    bottom = top + height
    demand = _scale(0, 118, left, split - 12)
    level = _scale(-0.4, 5.4, split + 12, WIDTH - 16)
    parts = _x_grid([(demand(t), f"{t}%" if t == 100 else str(t)) for t in (0, 25, 50, 75, 100)], top, bottom)
    parts += _x_grid([(level(t), str(t)) for t in range(6)], top, bottom)
    for row, gap in enumerate(rows):
        middle = top + ROW * row + ROW / 2
        share = gap.demand * 100
        yours, target = gap.your_level, gap.target_level
        parts.append(_text(left - 8, middle, labels[row], anchor="end"))
        parts.append(_rect(left, middle - ROW * 0.3, demand(share) - left, ROW * 0.6, DEMAND))
        parts.append(_text(demand(share) + 4, middle, f"{share:.0f}%", size=12))
        parts.append(f'<line x1="{level(yours):.1f}" y1="{middle:.1f}" x2="{level(target):.1f}" y2="{middle:.1f}" '
                     f'stroke="{GAP}" stroke-width="3" stroke-opacity="0.85"/>')
        parts.append(_dot(level(yours), middle, ACCENT, ACCENT))
        parts.append(_dot(level(target), middle, "white", TARGET))
    legend = WIDTH - 16
    parts.append(_text(legend, 14, _LABELS["target"][lang], anchor="end", size=12))
    legend -= _width(_LABELS["target"][lang], 12) + 12
    parts.append(_dot(legend, 14, "white", TARGET))
    legend -= 14
    parts.append(_text(legend, 14, _LABELS["you"][lang], anchor="end", size=12))
    parts.append(_dot(legend - _width(_LABELS["you"][lang], 12) - 12, 14, ACCENT, ACCENT))
    parts.append(_text((left + split - 12) / 2, bottom + 40, _LABELS["demand"][lang], anchor="middle", color=MUTED))
    parts.append(_text((split + WIDTH - 4) / 2, bottom + 40, _LABELS["level"][lang], anchor="middle", color=MUTED))
    return _svg(bottom + 52, parts)


def trend_chart(snapshots: list[dict], lang: str) -> str:
    """Draw overall match across runs as a line chart, one point per snapshot."""
    labels = _trend_labels([s.get("generated_at") for s in snapshots])
    values = [float(s.get("overall_match", 0.0)) * 100 for s in snapshots]
    left, right, top, bottom = 86, WIDTH - 16, 12, 150
    x = _scale(-0.5, max(len(values) - 0.5, 0.5), left, right)
    y = _scale(0, 105, bottom, top)
    parts = []
    for tick in (0, 25, 50, 75, 100):
        parts.append(f'<line x1="{left}" y1="{y(tick):.1f}" x2="{right}" y2="{y(tick):.1f}" stroke="{GRID}"/>')
        parts.append(_text(left - 6, y(tick), f"{tick}%" if tick == 100 else str(tick), anchor="end", size=12,
                           color=MUTED))
    points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
    parts.append(f'<polyline points="{points}" fill="none" stroke="{ACCENT}" stroke-width="2.2"/>')
    for position, (label, value) in enumerate(zip(labels, values)):
        parts.append(_dot(x(position), y(value), ACCENT, ACCENT))
        parts.append(_text(x(position), y(value) - 12, f"{value:.0f}%", anchor="middle", size=12))
        parts.append(_text(x(position), bottom + 18, label, anchor="middle", size=12, color=MUTED))
    parts.append(f'<text x="18" y="{(top + bottom) / 2:.1f}" transform="rotate(-90 18 {(top + bottom) / 2:.1f})" '
                 f'text-anchor="middle" dominant-baseline="central" font-size="{FONT}" fill="{MUTED}">'
                 f'{escape(_LABELS["match"][lang])}</text>')
    return _svg(bottom + 32, parts)


def _name(entry: Gap, lang: str) -> str:
    return (entry.name_ko if lang == "ko" else None) or entry.name or entry.id


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


def _width(label: str, size: float = FONT) -> float:
    """Estimated drawn width: Hangul and other wide glyphs take about a full em, Latin about 0.6."""
    return sum(1.0 if ord(ch) > 0x1100 else 0.62 for ch in label) * size


def _label_width(labels: list[str]) -> float:
    """Room on the left for the longest label, at most 45% of the chart."""
    return min(WIDTH * 0.45, max((_width(label) for label in labels), default=40) + 16)


def _scale(low: float, high: float, start: float, end: float):
    span = (high - low) or 1.0
    return lambda value: start + (value - low) / span * (end - start)


def _ticks(top: float) -> list[float]:
    """About five round tick values from 0 up to `top`."""
    raw = top / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return [step * i for i in range(int(top / step) + 1)]


def _number(value: float) -> str:
    return f"{value:g}"


def _x_grid(ticks: list[tuple[float, str]], top: float, bottom: float) -> list[str]:
    parts = []
    for x, label in ticks:
        parts.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{bottom}" stroke="{GRID}"/>')
        parts.append(_text(x, bottom + 16, label, anchor="middle", size=12, color=MUTED))
    parts.append(f'<line x1="{ticks[0][0]:.1f}" y1="{bottom}" x2="{ticks[-1][0]:.1f}" y2="{bottom}" stroke="{GRID}"/>')
    return parts


def _text(x: float, y: float, label: str, anchor: str = "start", size: float = FONT, color: str = INK) -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" dominant-baseline="central" '
            f'font-size="{size}" fill="{color}">{escape(label)}</text>')


def _rect(x: float, y: float, width: float, height: float, color: str) -> str:
    return f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(width, 0):.1f}" height="{height:.1f}" fill="{color}"/>'


def _dot(x: float, y: float, fill: str, stroke: str) -> str:
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{fill}" stroke="{stroke}" stroke-width="1.6"/>'


def _svg(height: float, parts: list[str]) -> str:
    # Size comes from the page's CSS; the viewBox keeps the aspect ratio.
    return (f'<svg aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg" '
            f'viewBox="0 0 {WIDTH} {height:.0f}" font-family="system-ui, -apple-system, \'Segoe UI\', '
            f'\'Noto Sans KR\', \'Apple SD Gothic Neo\', \'Malgun Gothic\', sans-serif">' + "".join(parts) + "</svg>")
