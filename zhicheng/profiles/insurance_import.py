"""Social insurance from a spreadsheet: one row per month, as the statement from the social
insurance service lists them, in the columns of the template the page offers.  Consecutive
months in the same city with the same unit become one period."""

import datetime
import io
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from zhicheng.accounts.identity import validate_credit_code
from zhicheng.display import chinese_month

from .models import InsuranceMonth, InsurancePeriod, month_after

COLUMNS = ["缴费年月", "参保城市", "参保单位名称", "参保单位统一社会信用代码"]
EXAMPLE = ["2022-06", "昆明市", "昆明市东川区水利水电勘测设计院", "（本单位统一社会信用代码）"]
MONTH = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?\s*$")
MAX_ROWS = 600  # fifty years of months


class ImportRefused(Exception):
    """The sheet cannot be read; the message names the row and column."""


@dataclass(frozen=True)
class MonthRow:
    month: datetime.date
    city: str
    unit_name: str
    unit_code: str


def template_workbook() -> bytes:
    """The template offered for download: the header on the first sheet, how to fill it on
    the second."""
    book = Workbook()
    sheet = book.active
    sheet.title = "参保缴费明细"
    sheet.append(COLUMNS)
    for index, width in enumerate([12, 12, 36, 28], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    guide = book.create_sheet("填写说明")
    for line in (
        ["从社保经办机构网站或“掌上12333”下载个人参保缴费明细，按月逐行填入第一张表，第一行表头不要改动。"],
        ["每月一行；连续在同一城市、同一单位参保的月份，导入后合并为一段参保记录。"],
        ["例如："], COLUMNS, EXAMPLE,
    ):
        guide.append(line)
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def _cell(row: int, column: int) -> str:
    return f"第{row}行第{get_column_letter(column)}列"


def _month(value, row: int) -> datetime.date:
    if isinstance(value, datetime.datetime | datetime.date):
        return datetime.date(value.year, value.month, 1)
    match = MONTH.match(str(value or ""))
    if match and 1 <= int(match[2]) <= 12:
        return datetime.date(int(match[1]), int(match[2]), 1)
    raise ImportRefused(f"{_cell(row, 1)}“{value or ''}”不是年月，请写成2022-06")


def read_statement(content: bytes) -> list[MonthRow]:
    """The months of the sheet, checked cell by cell; the first fault refuses the whole sheet."""
    try:
        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise ImportRefused("无法读取该文件：请上传按模板填写的Excel文件（.xlsx）") from error
    rows = list(sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 2))
    header = list(rows[0]) if rows else []
    for column, expected in enumerate(COLUMNS, start=1):
        found = str(header[column - 1]).strip() if column <= len(header) and header[column - 1] is not None else ""
        if found != expected:
            raise ImportRefused(f"表头{_cell(1, column)}应为“{expected}”，实为“{found}”：请使用本页提供的模板")
    months, seen = [], {}
    for number, values in enumerate(rows[1:], start=2):
        values = list(values) + [None] * len(COLUMNS)
        if all(value in (None, "") for value in values[: len(COLUMNS)]):
            continue
        month = _month(values[0], number)
        city, name, code = (str(values[i] or "").strip() for i in (1, 2, 3))
        for column, text in ((2, city), (3, name), (4, code)):
            if not text:
                raise ImportRefused(f"{_cell(number, column)}（{COLUMNS[column - 1]}）为空")
        try:
            code = validate_credit_code(code)
        except ValidationError as error:
            raise ImportRefused(f"{_cell(number, 4)}：{'；'.join(error.messages)}") from error
        if month in seen:
            raise ImportRefused(f"第{number}行与第{seen[month]}行是同一个月（{chinese_month(month)}）")
        seen[month] = number
        months.append(MonthRow(month, city, name, code))
    if not months:
        raise ImportRefused("表中没有参保月份：请从第2行起每月填写一行")
    return sorted(months, key=lambda row: row.month)


def periods_of(months: list[MonthRow]) -> list[tuple[datetime.date, datetime.date, MonthRow]]:
    """Runs of consecutive months with the same city and unit: (from, to, the run's first row)."""
    periods = []
    for row in months:
        if periods:
            first, last, head = periods[-1]
            if month_after(last) == row.month and (head.city, head.unit_code, head.unit_name) == (row.city, row.unit_code, row.unit_name):
                periods[-1] = (first, row.month, head)
                continue
        periods.append((row.month, row.month, row))
    return periods


@transaction.atomic
def insurance_import(*, profile, content: bytes) -> list[InsurancePeriod]:
    """Replaces the profile's social insurance with the sheet's, as periods."""
    periods = periods_of(read_statement(content))
    InsurancePeriod.objects.filter(profile=profile).delete()
    InsuranceMonth.objects.filter(profile=profile).delete()
    saved = []
    for first, last, head in periods:
        period = InsurancePeriod(profile=profile, from_month=first, to_month=last, city=head.city,
                                 insuring_unit_name=head.unit_name, insuring_unit_code=head.unit_code)
        period.save()
        saved.append(period)
    return saved
