"""Small pictures drawn on the server as SVG: no script, no outside library, and always
shown beside a table holding the same figures, which is what screen readers read.  The
SVG scales to the width of its box, so a phone shows it whole."""

import datetime

from django.utils.html import format_html, format_html_join

from zhicheng.display import chinese_date

BAR_HEIGHT, ROW, WIDTH = 16, 46, 400


def bar_chart(rows: list[tuple[str, float]], measure: str, maximum: float | None = None):
    """Horizontal bars, one per row: the name above its bar, the value at the bar's end."""
    if not rows:
        return ""
    top = maximum or max(value for _, value in rows) or 1
    span = WIDTH - 50
    bars = format_html_join(
        "",
        '<text x="0" y="{}" class="label">{}</text>'
        '<rect x="0" y="{}" width="{}" height="{}" class="bar"></rect>'
        '<text x="{}" y="{}" class="value">{}</text>',
        (
            (i * ROW + 16, name, i * ROW + 22, round(span * value / top, 1), BAR_HEIGHT,
             round(span * value / top, 1) + 6, i * ROW + 35, _figure(value))
            for i, (name, value) in enumerate(rows)
        ),
    )
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="{}（数据见下表）"><title>{}</title>{}</svg>',
        WIDTH, len(rows) * ROW, measure, measure, bars,
    )


def _figure(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def timeline(milestones: list[tuple[datetime.date, str]], today: datetime.date):
    """The year's plan along one line, each milestone a dot with its date, today marked."""
    if not milestones:
        return ""
    first = min([day for day, _ in milestones] + [today])
    last = max([day for day, _ in milestones] + [today])
    days = max((last - first).days, 1)
    left, right, row = 20, WIDTH - 20, 34

    def x(day):
        return round(left + (right - left) * (day - first).days / days, 1)

    height = 52 + row * len(milestones)
    points = format_html_join(
        "",
        '<line x1="{0}" y1="30" x2="{0}" y2="{1}" class="tick"></line><circle cx="{0}" cy="30" r="5" class="{2}"></circle>'
        '<text x="{3}" y="{4}" text-anchor="{5}" class="label">{6} {7}</text>',
        (
            (x(day), 52 + row * i - 14, "done" if day < today else "due",
             x(day) + (4 if x(day) < WIDTH / 2 else -4), 52 + row * i, "start" if x(day) < WIDTH / 2 else "end",
             label, chinese_date(day))
            for i, (day, label) in enumerate(milestones)
        ),
    )
    marker = format_html(
        '<line x1="{0}" y1="8" x2="{0}" y2="{1}" class="today"></line><text x="{2}" y="18" text-anchor="{3}" class="today-label">今天 {4}</text>',
        x(today), height, x(today) + (4 if x(today) < WIDTH / 2 else -4), "start" if x(today) < WIDTH / 2 else "end", chinese_date(today),
    )
    return format_html(
        '<svg class="chart timeline" viewBox="0 0 {} {}" role="img" aria-label="年度评审工作时间安排（日期见下表）"><title>年度评审工作时间安排</title>'
        '<line x1="{}" y1="30" x2="{}" y2="30" class="axis"></line>{}{}</svg>',
        WIDTH, height, left, right, points, marker,
    )
