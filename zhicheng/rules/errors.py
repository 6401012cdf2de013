"""Errors raised by the rules layer (规则层的错误).

Every error derives from :class:`RulesError`, so a caller (CLI, API, web page)
can catch one type and show its Chinese message.
"""

from __future__ import annotations

import datetime


class RulesError(Exception):
    """Base of every error raised by ``zhicheng.rules``; ``str()`` is Chinese."""


class RuleInputError(RulesError, ValueError):
    """Invalid input (输入有误); ``field`` is the path of the offending field.

    ``str(error)`` is ``"<field>: <message>"``, e.g.
    ``"person.education[0].graduated_on: 日期格式应为YYYY-MM-DD"``.
    """

    def __init__(self, field: str, message: str):
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


class CalendarYearNotCovered(RulesError):
    """A date lies in a year whose holidays the working calendar does not know."""

    def __init__(self, year: int):
        self.year = year
        super().__init__(f"工作日历尚未导入{year}年的法定节假日安排，涉及{year}年的日期暂不能计算；请系统管理员按国务院办公厅公布的{year}年节假日安排导入")


class ParameterNotInForce(RulesError):
    """No layer has a value of the parameter in force on the date asked.  The message names
    the rule by its ``description`` in the parameter files (by its name where none is
    given) and says who must act."""

    def __init__(self, name: str, on_date: datetime.date, description: str = ""):
        self.name = name
        self.on_date = on_date
        what = f"“{description}”" if description else f"参数“{name}”"
        super().__init__(f"{what}在{on_date.isoformat()}没有生效的取值，暂不能核对；请系统管理员补充这项规则参数及其依据")


class ParameterFileError(RulesError):
    """A parameter file is malformed (shipped data, not user input)."""
