"""Inline SVG charts for the dashboard's metrics page: no script, no build, no network.

A chart is a list of series over the same time buckets; bars stack, lines join their points and
leave a gap where a bucket has no value (a success rate with nothing finished)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from html import escape

from markupsafe import Markup

WIDTH, HEIGHT = 560, 190
LEFT, RIGHT, TOP, BOTTOM = 46, 10, 12, 26


@dataclass(frozen=True)
class Series:
    name: str
    color: str
    values: list[float | None]


def bars(times: list[datetime], series: list[Series], unit: str = "", label: str = "") -> Markup:
    """Stacked bars, one per bucket."""
    totals = [sum(s.values[i] or 0.0 for s in series) for i in range(len(times))]
    top = _nice_max(max(totals, default=0.0))
    plot_w, step = _plot_width(), _plot_width() / max(1, len(times))
    parts: list[str] = []
    for i, at in enumerate(times):
        base = 0.0
        for s in series:
            value = s.values[i] or 0.0
            if value <= 0:
                continue
            y0, y1 = _y(base, top), _y(base + value, top)
            tip = f"{at:%H:%M} {s.name}: {_fmt(value, unit)}"
            parts.append(
                f'<rect x="{LEFT + i * step + step * 0.12:.1f}" y="{y1:.1f}" '
                f'width="{max(1.0, step * 0.76):.1f}" height="{max(0.5, y0 - y1):.1f}" fill="{s.color}">'
                f"<title>{escape(tip)}</title></rect>"
            )
            base += value
    return _frame(times, top, unit, label, series, "".join(parts), plot_w)


def lines(
    times: list[datetime], series: list[Series], unit: str = "", label: str = "", top: float | None = None
) -> Markup:
    """One line per series; `top` fixes the scale (1.0 for a rate)."""
    highest = max((v for s in series for v in s.values if v is not None), default=0.0)
    scale = top if top is not None else _nice_max(highest)
    plot_w, step = _plot_width(), _plot_width() / max(1, len(times))
    parts: list[str] = []
    for s in series:
        points = [
            (LEFT + (i + 0.5) * step, _y(v, scale), at, v)
            for i, (at, v) in enumerate(zip(times, s.values, strict=True))
            if v is not None
        ]
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _, _ in points)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{s.color}" stroke-width="2"/>')
        for x, y, at, v in points if len(points) <= 60 else []:
            tip = escape(f"{at:%H:%M} {s.name}: {_fmt(v, unit)}")
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.6" fill="{s.color}"><title>{tip}</title></circle>'
            )
    return _frame(times, scale, unit, label, series, "".join(parts), plot_w)


def _frame(
    times: list[datetime], top: float, unit: str, label: str, series: list[Series], body: str, plot_w: float
) -> Markup:
    grid = []
    for fraction in (0.0, 0.5, 1.0):
        y = _y(top * fraction, top)
        grid.append(
            f'<line x1="{LEFT}" x2="{LEFT + plot_w:.0f}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">'
            f"{escape(_fmt(top * fraction, unit))}</text>"
        )
    ticks = []
    step = plot_w / max(1, len(times))
    every = max(1, len(times) // 6)
    for i in range(0, len(times), every):
        x = LEFT + (i + 0.5) * step
        ticks.append(f'<text x="{x:.1f}" y="{HEIGHT - 8}" text-anchor="middle">{times[i]:%H:%M}</text>')
    legend = "".join(
        f'<span class="key"><i style="background:{s.color}"></i>{escape(s.name)}</span>' for s in series
    )
    svg = (
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(label)}" class="chart">'
        f"{''.join(grid)}{''.join(ticks)}{body}</svg>"
    )
    return Markup(f'<div class="legend">{legend}</div>{svg}')


def _plot_width() -> float:
    return float(WIDTH - LEFT - RIGHT)


def _y(value: float, top: float) -> float:
    span = HEIGHT - TOP - BOTTOM
    return TOP + span * (1 - (value / top if top else 0.0))


def _nice_max(value: float) -> float:
    """A round top for the axis at or above `value`."""
    if value <= 0:
        return 1.0
    magnitude = 10.0 ** math.floor(math.log10(value))
    for factor in (1, 2, 2.5, 5, 10):
        if value <= factor * magnitude:
            return float(factor * magnitude)
    return value


def _fmt(value: float, unit: str) -> str:
    if unit == "%":
        return f"{value * 100:.0f}%"
    if unit == "$":
        return f"${value:.4f}".rstrip("0").rstrip(".") if 0 < value < 0.01 else f"${value:.2f}"
    return f"{value:.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"
