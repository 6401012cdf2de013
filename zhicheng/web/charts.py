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


# The timeline's type, in the picture's own units: drawn at most WIDTH px wide (1:1 on a
# desktop) and scaled to the phone's column, about 340 px at 390, where it reads at 14 px.
LABEL_SIZE = 16


def _text_width(text: str, size: int = LABEL_SIZE) -> float:
    """About how wide a line of text is drawn: a full em per Chinese character, a little
    over half an em per digit, letter or space."""
    return sum(size if ord(char) > 0x2E7F else size * 0.6 for char in text)


def _text_x(x: float, text: str, size: int = LABEL_SIZE) -> float:
    """Where a label starts so that it sits just right of its mark, or as close as the
    picture's edges allow: never cut off at either side."""
    return round(max(0.0, min(x + 5, WIDTH - _text_width(text, size))), 1)


def timeline(milestones: list[tuple[datetime.date, str]], today: datetime.date):
    """The year's plan along one line, each milestone a dot with its date on a row of its
    own below the line, today marked.  Labels are placed whole inside the picture and drawn
    over a white halo, so the tick lines they cross never hide them."""
    if not milestones:
        return ""
    first = min([day for day, _ in milestones] + [today])
    last = max([day for day, _ in milestones] + [today])
    days = max((last - first).days, 1)
    left, right, row, axis = 12, WIDTH - 12, LABEL_SIZE + 14, 36

    def x(day):
        return round(left + (right - left) * (day - first).days / days, 1)

    rows = [(day, f"{label} {chinese_date(day)}") for day, label in milestones]
    height = axis + 12 + row * len(rows)
    points = format_html_join(
        "",
        '<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" class="tick"></line><circle cx="{0}" cy="{1}" r="5" class="{3}"></circle>'
        '<text x="{4}" y="{5}" class="label">{6}</text>',
        (
            (x(day), axis, axis + row * (i + 1) - LABEL_SIZE + 2, "done" if day < today else "due",
             _text_x(x(day), text), axis + row * (i + 1), text)
            for i, (day, text) in enumerate(rows)
        ),
    )
    today_text = f"今天 {chinese_date(today)}"
    # today's line goes under the labels, its own label above everything
    today_line = format_html('<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" class="today"></line>', x(today), axis - 12, height)
    today_label = format_html('<text x="{}" y="{}" class="today-label">{}</text>',
                              _text_x(x(today), today_text), LABEL_SIZE + 2, today_text)
    return format_html(
        '<svg class="chart timeline" viewBox="0 0 {} {}" role="img" aria-label="年度评审工作时间安排（日期见下表）"><title>年度评审工作时间安排</title>'
        '<line x1="{}" y1="{}" x2="{}" y2="{}" class="axis"></line>{}{}{}</svg>',
        WIDTH, height, left, axis, right, axis, today_line, points, today_label,
    )
