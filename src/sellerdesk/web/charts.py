"""Server-rendered inline SVG charts (no script): vertical histograms and horizontal share bars.

Every label goes through ``markupsafe.escape``: category names are user data."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape


def histogram(labels: Sequence[str], counts: Sequence[int], *, title: str) -> Markup:
    width, height, left, bottom = 300, 150, 4, 24
    top = max(counts) if counts and max(counts) > 0 else 1
    slot = (width - left) / max(len(counts), 1)
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
    ]
    for i, (label, count) in enumerate(zip(labels, counts, strict=True)):
        bar = (height - bottom - 14) * count / top
        x = left + i * slot + 4
        y = height - bottom - bar
        mid = x + (slot - 8) / 2
        parts.append(
            f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{slot - 8:.1f}" height="{bar:.1f}"/>'
            f'<text x="{mid:.1f}" y="{y - 3:.1f}" text-anchor="middle">{count}</text>'
            f'<text x="{mid:.1f}" y="{height - bottom + 14}" '
            f'text-anchor="middle">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def share_bars(rows: Sequence[tuple[str, float, str]], *, title: str) -> Markup:
    """One bar per row: (label, share in 0..1, the text after the bar such as ``3/5``)."""
    row_height, label_width, bar_width = 20, 120, 110
    height = row_height * len(rows) + 6
    width = label_width + bar_width + 75
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
    ]
    for i, (label, share, note) in enumerate(rows):
        y = 4 + i * row_height
        short = label if len(label) <= 20 else label[:19] + "…"
        parts.append(
            f'<text x="0" y="{y + 14}">{escape(short)}</text>'
            f'<rect class="bar2" x="{label_width}" y="{y + 3}" width="{bar_width}" height="14" '
            'opacity="0.3"/>'
            f'<rect class="bar" x="{label_width}" y="{y + 3}" width="{bar_width * share:.1f}" '
            'height="14"/>'
            f'<text x="{label_width + bar_width + 6}" y="{y + 14}">'
            f"{round(share * 100)}% ({escape(note)})</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def rate_lines(
    points: Sequence[tuple[str, float]], *, target: float | None, title: str, target_label: str
) -> Markup:
    """One rate over time (``(date label, fraction)``, oldest first) with its target as a
    dashed line; the y axis spans the values and the target, in percent."""
    width, height, left, right, top, bottom = 300, 140, 44, 8, 10, 22
    values = [v * 100 for _, v in points]
    goal = target * 100 if target is not None else None
    low = min([*values, *([goal] if goal is not None else [])])
    high = max([*values, *([goal] if goal is not None else [])])
    if high - low < 1e-9:
        low, high = low - 0.5, high + 0.5
    pad = (high - low) * 0.1
    low, high = max(0.0, low - pad), min(100.0, high + pad)
    span_x = max(len(points) - 1, 1)

    def x(i: int) -> float:
        return left + (width - left - right) * i / span_x

    def y(v: float) -> float:
        return top + (height - top - bottom) * (high - v) / (high - low)

    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
        f'<text x="0" y="{top + 4}">{high:.2f}%</text>'
        f'<text x="0" y="{height - bottom}">{low:.2f}%</text>'
    ]
    if goal is not None:
        parts.append(
            f'<line class="target" x1="{left}" x2="{width - right}" y1="{y(goal):.1f}" '
            f'y2="{y(goal):.1f}" stroke-dasharray="4 3"/>'
            f'<text x="{width - right}" y="{y(goal) - 3:.1f}" text-anchor="end">'
            f"{escape(target_label)} {goal:g}%</text>"
        )
    line = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
    parts.append(f'<polyline class="line" fill="none" points="{line}"/>')
    for i, v in enumerate(values):
        parts.append(f'<circle class="dot" cx="{x(i):.1f}" cy="{y(v):.1f}" r="2.5"/>')
    if points:
        parts.append(
            f'<text x="{left}" y="{height - 6}">{escape(points[0][0])}</text>'
            f'<text x="{width - right}" y="{height - 6}" text-anchor="end">'
            f"{escape(points[-1][0])}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))
