import datetime
import io

from openpyxl import load_workbook

from zhicheng.display import chinese_date, chinese_month
from zhicheng.documents.rendering import render_xlsx


def test_chinese_date_has_no_leading_zeros():
    assert chinese_date(datetime.date(2022, 9, 29)) == "2022年9月29日"
    assert chinese_date(datetime.date(2022, 10, 1)) == "2022年10月1日"


def test_chinese_month_drops_the_day():
    assert chinese_month(datetime.date(1985, 3, 17)) == "1985年3月"


def test_render_xlsx_freezes_and_bolds_the_header_row_below_the_heading_lines():
    workbook = render_xlsx("名单", ["姓名", "级别"], [["李春梅", "高级"]], heading_lines=["第一行", "第二行"])

    sheet = load_workbook(io.BytesIO(workbook)).active

    assert sheet.freeze_panes == "A5"
    assert [cell.value for cell in sheet[4]] == ["姓名", "级别"]
    assert all(cell.font.b for cell in sheet[4])
    assert all(cell.alignment.wrap_text for cell in sheet[5])


def test_render_xlsx_sizes_columns_counting_chinese_characters_double_and_caps_long_ones():
    sheet = load_workbook(io.BytesIO(render_xlsx("名单", ["序号", "姓名", "说明"], [[1, "欧阳春梅", "长" * 80]]))).active

    assert [sheet.column_dimensions[letter].width for letter in "ABC"] == [6, 10, 50]


def test_render_xlsx_keeps_text_that_looks_like_a_formula_as_text():
    sheet = load_workbook(io.BytesIO(render_xlsx("名单", ["说明"], [["=HYPERLINK(\"http://example.com\")"]]))).active

    assert sheet["A3"].value == "=HYPERLINK(\"http://example.com\")"
    assert sheet["A3"].data_type == "s"
