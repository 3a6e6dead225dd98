"""Static bar charts in SVG, made at build time: no script, no style attribute (the security policy refuses them),
each bar labelled with its value, series told apart by fill and hatching (not by colour alone), a target drawn as
a dashed line and named in the legend. The chart is an image with a title and a description; the table beside it
holds the same figures (RGAA 1.3, WCAG 1.1.1)."""
from __future__ import annotations

from .html import escape
from .labels import format_number

WIDTH, BAR_AREA, LEFT, TOP, ROW = 640, 420, 200, 28, 22
FILLS = ("#1f3d7a", "url(#hachures)")  # first series solid, second hatched
HATCH = ('<defs><pattern id="hachures" width="6" height="6" patternUnits="userSpaceOnUse" '
         'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
         '<line x1="0" y1="0" x2="0" y2="6" stroke="#a3316f" stroke-width="3"/></pattern></defs>')


def bar_chart(chart_id: str, title: str, summary: str, categories: list[str],
              series: list[tuple[str, list[float | None]]], target: tuple[str, float] | None = None,
              maximum: float = 100, unit: str = "%") -> str:
    """Horizontal bars, one group per category, one bar per series; `target`: (label, value) drawn across."""
    per_group = len(series)
    height = TOP + len(categories) * (per_group * ROW + 10) + 40
    scale = BAR_AREA / maximum if maximum else 0
    parts = [HATCH]
    y = TOP
    for i, category in enumerate(categories):
        parts.append(f'<text x="{LEFT - 8}" y="{y + per_group * ROW / 2 + 4}" text-anchor="end" font-size="13" '
                     f'fill="#1b1b1b">{escape(category)}</text>')
        for s, (_, values) in enumerate(series):
            value = values[i]
            if value is None:
                parts.append(f'<text x="{LEFT + 4}" y="{y + 15}" font-size="12" fill="#4d4d4d">non disponible</text>')
            else:
                width = max(1.0, value * scale)
                parts.append(f'<rect x="{LEFT}" y="{y + 2}" width="{width:.1f}" height="{ROW - 6}" '
                             f'fill="{FILLS[s % 2]}" stroke="#1f3d7a" stroke-width="1"/>')
                parts.append(f'<text x="{LEFT + width + 6:.1f}" y="{y + 15}" font-size="12" fill="#1b1b1b">'
                             f'{format_number(value)}\u202f{escape(unit)}</text>')
            y += ROW
        y += 10
    legend_y = y + 16
    legend = []
    for s, (label, _) in enumerate(series):
        x = LEFT + s * 190
        legend.append(f'<rect x="{x}" y="{legend_y - 11}" width="14" height="14" fill="{FILLS[s % 2]}" '
                      f'stroke="#1f3d7a" stroke-width="1"/><text x="{x + 20}" y="{legend_y}" font-size="12" '
                      f'fill="#1b1b1b">{escape(label)}</text>')
    if target is not None:
        tx = LEFT + target[1] * scale
        parts.append(f'<line x1="{tx:.1f}" y1="{TOP - 6}" x2="{tx:.1f}" y2="{y}" stroke="#a3316f" stroke-width="2" '
                     'stroke-dasharray="6 4"/>')
        x = LEFT + len(series) * 190
        legend.append(f'<line x1="{x}" y1="{legend_y - 4}" x2="{x + 14}" y2="{legend_y - 4}" stroke="#a3316f" '
                      f'stroke-width="2" stroke-dasharray="4 3"/><text x="{x + 20}" y="{legend_y}" font-size="12" '
                      f'fill="#1b1b1b">{escape(target[0])} : {format_number(target[1])}\u202f{escape(unit)}</text>')
    return (f'<svg class="graphique" viewBox="0 0 {WIDTH} {height}" role="img" '
            f'aria-labelledby="{chart_id}-titre {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">'
            f'<title id="{chart_id}-titre">{escape(title)}</title><desc id="{chart_id}-desc">{escape(summary)}</desc>'
            f'{"".join(parts)}{"".join(legend)}</svg>')
