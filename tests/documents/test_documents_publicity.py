import dataclasses
import io
import re

import pytest
from openpyxl import load_workbook

from tests.documents.pdf_reading import embedded_fonts, pdf_info, pdf_text
from tests.documents.samples import HOSPITAL_PUBLICITY, LI_CHUNMEI, RUNNING_PUBLICITY, WANG_JIANGUO
from zhicheng.documents.publicity import publicity_form_pdf, publicity_list_xlsx

# SPEC §8 D1, in order.
D1_COLUMNS = [
    "姓名", "性别", "出生年月", "工作单位", "单位性质", "最高学历/学位", "毕业院校及专业", "毕业时间",
    "现职称/资格及取得时间", "聘任时间", "申报系列", "专业", "级别", "申报方式",
    "从事专业技术工作年限", "任现职年限", "任现职以来年度考核结果", "继续教育完成情况", "主要业绩成果",
    "公示起止日期", "公示结果及异议处理", "经办人", "单位盖章",
]
IDENTITY_OR_MOBILE_NUMBER = re.compile(r"\d{17}[\dXx]|(?<!\d)1\d{10}(?!\d)")


def xlsx_rows(workbook_bytes):
    return list(load_workbook(io.BytesIO(workbook_bytes)).active.iter_rows(values_only=True))


def test_publicity_form_pdf_shows_applicants_unit_period_and_result():
    text = pdf_text(publicity_form_pdf(HOSPITAL_PUBLICITY))

    assert "昆明市职称申报综合情况（公示）表" in text
    assert "李春梅" in text and "王建国" in text
    assert "昆明市东川区第二人民医院" in text
    assert "2022年9月29日至2022年10月10日" in text
    assert "公示结果：公示期间无异议" in text
    assert "1985年3月" in text
    assert "电子印章" in text


def test_publicity_form_pdf_has_one_page_per_applicant():
    pages = pdf_text(publicity_form_pdf(HOSPITAL_PUBLICITY)).split("\f")[:-1]

    assert len(pages) == 2
    assert "李春梅" in pages[0] and "王建国" not in pages[0]
    assert "王建国" in pages[1]
    assert "第2页共2页" in pages[1].replace(" ", "")


def test_each_form_carries_only_its_own_applicants_publicity_result():
    pages = [page.replace(" ", "").replace("\n", "") for page in pdf_text(publicity_form_pdf(HOSPITAL_PUBLICITY)).split("\f")[:-1]]

    assert "公示结果：公示期间无异议" in pages[0] and "异议不成立" not in pages[0]
    assert "异议不成立" in pages[1] and "公示期间无异议" not in pages[1]


def test_publicity_form_pdf_while_running_says_so_and_leaves_room_for_a_paper_seal():
    running = RUNNING_PUBLICITY

    text = pdf_text(publicity_form_pdf(running))

    assert "公示中" in text
    assert "公示结果：" not in text
    assert "电子印章" not in text
    assert "（盖章）" in text


def test_publicity_form_pdf_is_a4_portrait_titled_with_the_unit_and_embeds_a_cjk_font():
    pdf = publicity_form_pdf(HOSPITAL_PUBLICITY)

    info = pdf_info(pdf)
    assert info["Page size"] == "595.276 x 841.89 pts (A4)"
    assert info["Title"] == "昆明市职称申报综合情况（公示）表（昆明市东川区第二人民医院）"
    assert any("CJK-SC" in font for font in embedded_fonts(pdf))


def test_publicity_list_xlsx_has_the_d1_header_and_one_row_per_applicant_in_order():
    rows = xlsx_rows(publicity_list_xlsx(HOSPITAL_PUBLICITY))

    assert rows[0][0] == "昆明市职称申报综合情况（公示）表"
    assert rows[1][0] == "工作单位：昆明市东川区第二人民医院（事业单位）"
    assert rows[2][0] == "公示期：2022年9月29日至2022年10月10日"
    assert list(rows[3]) == D1_COLUMNS
    assert [row[0] for row in rows[4:]] == ["李春梅", "王建国"]
    assert dict(zip(D1_COLUMNS, rows[4])) == {
        "姓名": "李春梅",
        "性别": "女",
        "出生年月": "1985年3月",
        "工作单位": "昆明市东川区第二人民医院",
        "单位性质": "事业单位",
        "最高学历/学位": "大学本科/工学学士",
        "毕业院校及专业": "昆明理工大学 采矿工程",
        "毕业时间": "2007年7月1日",
        "现职称/资格及取得时间": "工程师（2015年12月1日）",
        "聘任时间": "2016年1月1日",
        "申报系列": "工程技术",
        "专业": "采矿工程",
        "级别": "高级",
        "申报方式": "正常",
        "从事专业技术工作年限": "15年",
        "任现职年限": "6年",
        "任现职以来年度考核结果": "2019年：合格；2020年：优秀；2021年：合格",
        "继续教育完成情况": "已完成，累计 540 学时",
        "主要业绩成果": "1. 主持汤丹镇尾矿库闭库治理工程设计\n2. 发表论文《高海拔矿区边坡稳定性分析》\n3. 参与编制地方标准 DB53/T 1024—2021",
        "公示起止日期": "2022年9月29日至2022年10月10日",
        "公示结果及异议处理": "公示结果：公示期间无异议",
        "经办人": "张丽",
        "单位盖章": "电子印章：昆明市东川区第二人民医院",
    }


def test_publicity_list_xlsx_while_running_says_so():
    rows = xlsx_rows(publicity_list_xlsx(RUNNING_PUBLICITY))

    assert [row[D1_COLUMNS.index("公示结果及异议处理")] for row in rows[4:]] == ["公示中", "公示中"]
    assert [row[D1_COLUMNS.index("单位盖章")] for row in rows[4:]] == [None, None]


def test_publicity_applicant_with_five_achievements_is_accepted():
    applicant = dataclasses.replace(LI_CHUNMEI, achievements=tuple(f"成果{n}" for n in range(1, 6)))

    assert len(applicant.achievements) == 5


def test_publicity_applicant_with_six_achievements_is_refused():
    with pytest.raises(ValueError, match="最多填写5项"):
        dataclasses.replace(LI_CHUNMEI, achievements=tuple(f"成果{n}" for n in range(1, 7)))


def test_publicity_applicant_with_an_unknown_application_route_is_refused():
    with pytest.raises(ValueError, match="申报方式"):
        dataclasses.replace(LI_CHUNMEI, application_route="推荐")


def test_publicity_documents_show_no_identity_or_mobile_numbers_even_with_digits_in_the_data():
    # P2: the form is posted in public. Digits in names and units must not run together
    # into anything that looks like an identity or mobile number.
    publicity = dataclasses.replace(
        HOSPITAL_PUBLICITY,
        unit_name="昆明市东川区第2中学",
        seal_text="昆明市东川区第2中学",
        applicants=(
            dataclasses.replace(LI_CHUNMEI, name="李春梅2", specialty="采矿工程1", professional_years=19),
            dataclasses.replace(WANG_JIANGUO, name="王建国3", years_in_current_title=13),
        ),
    )

    text = pdf_text(publicity_form_pdf(publicity))
    cells = [str(value) for row in xlsx_rows(publicity_list_xlsx(publicity)) for value in row if value is not None]

    assert "李春梅2" in text and "昆明市东川区第2中学" in text
    assert IDENTITY_OR_MOBILE_NUMBER.findall(text) == []
    assert [cell for cell in cells if IDENTITY_OR_MOBILE_NUMBER.search(cell)] == []
