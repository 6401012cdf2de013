"""How values are shown to people: dates as dates (2022年7月1日), choices by their labels,
booleans as 是/否.  One place, used by pages, snapshots and documents alike."""

import datetime


def chinese_date(day: datetime.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def chinese_month(day: datetime.date | None) -> str:
    return f"{day.year}年{day.month}月" if day else ""


def display_value(record, name: str) -> str:
    field = record._meta.get_field(name)
    value = getattr(record, name)
    if field.choices:
        return getattr(record, f"get_{name}_display")()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime.date):
        return chinese_month(value) if getattr(field, "month_only", False) else chinese_date(value)
    if value in (None, ""):
        return "至今" if name == "ended_on" else "—"
    return str(value)
