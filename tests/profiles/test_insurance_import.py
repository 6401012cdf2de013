"""Social insurance imported from the statement a person downloads, in the page's template:
24 months become the right periods and the precheck passes on them; a sheet that is not
the template is refused with the row and column named, and nothing changes."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from tests.factories import UnitFactory, ready_engineer
from zhicheng.applications.eligibility import person_precheck
from zhicheng.profiles.insurance_import import COLUMNS
from zhicheng.profiles.models import InsuranceMonth, InsurancePeriod

pytestmark = pytest.mark.django_db


def sheet(rows, header=COLUMNS) -> SimpleUploadedFile:
    book = Workbook()
    book.active.append(list(header))
    for row in rows:
        book.active.append(list(row))
    stream = io.BytesIO()
    book.save(stream)
    return SimpleUploadedFile("参保缴费明细.xlsx", stream.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def months(first: datetime.date, count: int):
    month = first
    for _ in range(count):
        yield month
        month = (month + datetime.timedelta(days=32)).replace(day=1)


@pytest.fixture
def engineer(client):
    unit = UnitFactory(name="昆明市东川区水利水电勘测设计院")
    user = ready_engineer(unit)
    client.force_login(user)
    return user, unit


def upload(client, file):
    return client.post(reverse("web:insurance_import"), {"file": file}, follow=True)


def test_twenty_four_months_become_two_periods_and_the_precheck_passes(client, engineer):
    user, unit = engineer
    other = UnitFactory(name="曲靖市麒麟区建筑设计院")
    rows = [(f"{m:%Y-%m}", "曲靖市", other.name, other.credit_code) for m in months(datetime.date(2020, 7, 1), 12)]
    rows += [(m.strftime("%Y/%m"), "昆明市", unit.name, unit.credit_code) for m in months(datetime.date(2021, 7, 1), 12)]

    response = upload(client, sheet(rows))

    periods = [(p.from_month, p.to_month, p.city, p.insuring_unit_code) for p in InsurancePeriod.objects.filter(profile=user.profile).order_by("from_month")]
    assert periods == [
        (datetime.date(2020, 7, 1), datetime.date(2021, 6, 1), "曲靖市", other.credit_code),
        (datetime.date(2021, 7, 1), datetime.date(2022, 6, 1), "昆明市", unit.credit_code),
    ]
    assert InsuranceMonth.objects.filter(profile=user.profile).count() == 24
    assert "已导入24个月的参保记录，合并为2段" in response.content.decode()
    decision, _ = person_precheck(user.profile, series="engineering", level="intermediate", route="review",
                                 region_level="city", as_of=datetime.date(2022, 7, 15))
    insurance = next(check for check in decision["checks"] if check["rule"] == "E2")
    assert insurance["status"] == "pass" and decision["eligible"] is True


def test_a_gap_or_a_change_of_unit_starts_a_new_period():
    from zhicheng.profiles.insurance_import import MonthRow, periods_of

    rows = [MonthRow(datetime.date(2022, m, 1), "昆明市", "甲单位", "A") for m in (1, 2, 4, 5)]
    rows.append(MonthRow(datetime.date(2022, 6, 1), "昆明市", "乙单位", "B"))

    assert [(first.month, last.month) for first, last, _ in periods_of(rows)] == [(1, 2), (4, 5), (6, 6)]


@pytest.mark.parametrize(
    "header, rows, refusal",
    [
        (["月份", "参保城市", "参保单位名称", "参保单位统一社会信用代码"], [], "表头第1行第A列应为“缴费年月”，实为“月份”"),
        (COLUMNS[:3], [], "表头第1行第D列应为“参保单位统一社会信用代码”，实为“”"),
        (COLUMNS, [("2022-13", "昆明市", "某单位", "91530113MA6K5Q2R8W")], "第2行第A列“2022-13”不是年月"),
        (COLUMNS, [("2022-05", "昆明市", "某单位", "91530113MA6K5Q2R8W"), ("2022-06", "", "某单位", "91530113MA6K5Q2R8W")], "第3行第B列（参保城市）为空"),
        (COLUMNS, [("2022-06", "昆明市", "某单位", "91530113MA6K5Q2R8X")], "第2行第D列：校验码错误"),
    ],
)
def test_a_sheet_that_is_not_the_template_is_refused_by_row_and_column_and_nothing_changes(client, engineer, header, rows, refusal):
    user, _ = engineer
    before = list(InsuranceMonth.objects.filter(profile=user.profile).values_list("month", "city", "insuring_unit_code"))

    response = upload(client, sheet(rows, header))

    assert refusal in response.content.decode()
    assert list(InsuranceMonth.objects.filter(profile=user.profile).values_list("month", "city", "insuring_unit_code")) == before
    assert InsurancePeriod.objects.filter(profile=user.profile).count() == 1


def test_the_page_offers_the_template_with_the_columns_it_reads(client, engineer):
    response = client.get(reverse("web:insurance_template"))

    book = load_workbook(io.BytesIO(response.content))
    assert [cell.value for cell in book.worksheets[0][1]] == COLUMNS
    assert "attachment" in response["Content-Disposition"]
    assert reverse("web:insurance_template") in client.get(reverse("web:insurance_import")).content.decode()
