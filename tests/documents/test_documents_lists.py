import datetime
import io

import pytest
from openpyxl import load_workbook

from tests.documents.pdf_reading import embedded_fonts, pdf_info, pdf_text
from zhicheng.documents.lists import ListDocument, list_pdf, list_xlsx

COLUMNS = ("序号", "姓名", "工作单位", "资格名称", "取得时间", "确认结果")


def confirmation_list(people=3):
    return ListDocument(
        title="专业技术人员职称资格确认人员名单",
        columns=COLUMNS,
        rows=tuple(
            (number, f"申报人{number}", "昆明市东川区人民医院", "主治医师", datetime.date(2021, 12, 20), "确认")
            for number in range(1, people + 1)
        ),
        subtitle_lines=("评委会：昆明市东川区卫生系列中级职称评审委员会",),
        footer_lines=("制表单位：昆明市东川区人力资源和社会保障局    制表日期：2022年10月20日",),
    )


def test_list_pdf_shows_title_rows_and_footer_with_chinese_dates():
    text = pdf_text(list_pdf(confirmation_list()))

    assert "专业技术人员职称资格确认人员名单" in text
    assert "评委会：昆明市东川区卫生系列中级职称评审委员会" in text
    assert all(f"申报人{number}" in text for number in (1, 2, 3))
    assert "2021年12月20日" in text
    assert "制表单位：昆明市东川区人力资源和社会保障局" in text
    assert "第1页共1页" in text.replace(" ", "")


def test_list_pdf_repeats_the_header_row_on_every_page():
    pages = pdf_text(list_pdf(confirmation_list(people=60))).split("\f")[:-1]

    assert len(pages) > 1
    assert all("资格名称" in page and "确认结果" in page for page in pages)
    assert "申报人60" in pages[-1]


def test_list_pdf_is_landscape_a4_with_an_embedded_cjk_font():
    pdf = list_pdf(confirmation_list())

    assert any("CJK-SC" in font for font in embedded_fonts(pdf))
    assert pdf_info(pdf)["Page size"] == "841.89 x 595.276 pts (A4)"


def test_list_xlsx_round_trips_with_title_header_rows_and_footer():
    rows = list(load_workbook(io.BytesIO(list_xlsx(confirmation_list()))).active.iter_rows(values_only=True))

    assert rows[0][0] == "专业技术人员职称资格确认人员名单"
    assert rows[1][0] == "评委会：昆明市东川区卫生系列中级职称评审委员会"
    assert rows[2] == COLUMNS
    assert rows[3:6] == [
        (number, f"申报人{number}", "昆明市东川区人民医院", "主治医师", "2021年12月20日", "确认") for number in (1, 2, 3)
    ]
    assert rows[6][0] == "制表单位：昆明市东川区人力资源和社会保障局    制表日期：2022年10月20日"


def test_list_document_with_a_short_row_is_refused():
    with pytest.raises(ValueError, match="第1行有2项，表头有6列"):
        ListDocument(title="名单", columns=COLUMNS, rows=((1, "申报人1"),))
