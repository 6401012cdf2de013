import datetime
import gc
import io

from openpyxl import load_workbook

from tests.documents.samples import HOSPITAL_PUBLICITY
from zhicheng.display import chinese_date, chinese_month
from zhicheng.documents.publicity import publicity_form_document
from zhicheng.documents.rendering import render_xlsx, write_piece


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


def test_render_xlsx_borders_and_wraps_every_header_and_body_cell_and_bolds_only_the_title_and_header():
    rows = [["李春梅", "高级"], ["王建国", "中级"]]
    sheet = load_workbook(io.BytesIO(render_xlsx("名单", ["姓名", "级别"], rows, heading_lines=["第一行"]))).active

    title, header, body = sheet["A1"], list(sheet[3]), [cell for row in sheet.iter_rows(min_row=4) for cell in row]
    assert (title.font.b, title.font.sz, title.alignment.horizontal, title.border.left.style) == (True, 16, "center", None)
    assert sheet["A2"].value == "第一行" and not sheet["A2"].font.b
    assert [cell.value for cell in body] == ["李春梅", "高级", "王建国", "中级"]
    for cell in header + body:
        assert [side.style for side in (cell.border.left, cell.border.right, cell.border.top, cell.border.bottom)] == ["thin"] * 4
        assert (cell.alignment.wrap_text, cell.alignment.vertical) == (True, "top")
    assert all(cell.font.b for cell in header) and not any(cell.font.b for cell in body)


def test_laying_out_a_piece_leaves_the_cycle_collector_running_and_collects_the_layout():
    document = publicity_form_document(HOSPITAL_PUBLICITY, [HOSPITAL_PUBLICITY.applicants], lambda piece: piece)

    write_piece(document, 0, io.BytesIO())

    assert gc.isenabled()
    assert gc.collect() == 0  # the layout's cycles are gone already
