"""The electronic certificate (D3) and the lists of D4, as files people open."""

import datetime
import io
import re
import subprocess

import segno
from openpyxl import load_workbook
from PIL import Image

from tests.documents.pdf_reading import embedded_fonts, pdf_info, pdf_text
from zhicheng.certificates.documents import certificate_pdf, pre_meeting_list, result_publicity_list, verification_url
from zhicheng.documents.lists import list_pdf, list_xlsx
from zhicheng.profiles.models import TitleRecord

BASE_URL = "https://zhicheng.example.cn/"
OCT_11 = datetime.date(2022, 10, 11)


def sheet_rows(content: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))


def test_confirmation_issues_certificate_and_title_record(cast, certificate):
    title = TitleRecord.objects.get(profile__user=cast.applicant, certificate_number=certificate.number)

    assert re.fullmatch(r"530113-2022-工程-\d{6}", certificate.number)
    assert (certificate.holder, certificate.holder_name, certificate.title_name, certificate.level) == (cast.applicant, "韦明辉", "工程师", "intermediate")
    assert (certificate.confirmed_on, certificate.committee_name, certificate.status) == (OCT_11, "昆明市工程系列中级职称评审委员会", "valid")
    assert len(certificate.token) >= 32
    assert (title.series, title.level, title.obtained_on, title.method, title.origin, title.issued_by) == (
        "engineering", "intermediate", OCT_11, "review", "yunnan", "昆明市工程系列中级职称评审委员会")
    assert certificate.title_record == title


def test_certificate_title_is_seen_by_later_prechecks(cast, certificate):
    from zhicheng.applications.eligibility import person_precheck

    decision, _ = person_precheck(cast.applicant.profile, series="engineering", level="intermediate", route="review",
                                   region_level="city", as_of=datetime.date(2023, 3, 1))

    e7 = next(check for check in decision["checks"] if check["rule"] == "E7")
    assert e7["status"] == "fail" and "已具备工程师" in e7["message"]


def test_certificate_pdf_has_holder_number_embedded_cjk_font_and_verification_qr(cast, certificate, tmp_path):
    pdf = certificate_pdf(certificate, base_url=BASE_URL)
    path = tmp_path / "certificate.pdf"
    path.write_bytes(pdf)
    url = f"https://zhicheng.example.cn/verify/{certificate.token}/"

    text = pdf_text(pdf)
    subprocess.run(["pdfimages", "-png", str(path), str(tmp_path / "image")], check=True)
    (qr_image,) = tmp_path.glob("image-*.png")
    pixels = Image.open(qr_image).convert("1")
    modules = [[pixels.getpixel((x, y)) == 0 for x in range(pixels.width)] for y in range(pixels.height)]

    assert "韦明辉" in text and certificate.number in text and "工程师" in text
    assert url in text.replace("\n", "").replace(" ", "")
    assert "与纸质证书具有同等效力" in text
    assert cast.applicant.id_number not in text
    assert any("CJK" in font for font in embedded_fonts(pdf))
    assert pdf_info(pdf)["Pages"] == "1"
    assert modules == [[bool(module) for module in row] for row in segno.make(url, error="m").matrix]


def test_certificate_ties_itself_to_the_person_and_carries_the_issuing_seal(cast, certificate):
    text = re.sub(r"\s+", "", pdf_text(certificate_pdf(certificate, base_url=BASE_URL)))
    holder = cast.applicant

    assert f"性别{holder.gender_display}" in text
    assert f"出生日期{holder.birth_date.year}年{holder.birth_date.month}月{holder.birth_date.day}日" in text
    assert f"身份证号{holder.masked_id_number}" in text and holder.id_number not in text
    assert f"工作单位{certificate.application.employer.name}" in text
    assert "职称评审专用章" in text and "昆明市工程系列中级职称评审委员会（印章）" in text


def test_revoked_certificate_pdf_says_so(cast, certificate):
    from zhicheng.certificates import services

    services.certificate_revoke(actor=cast.bureau, certificate=certificate, reason="业绩材料造假", today=datetime.date(2022, 12, 1))
    certificate.refresh_from_db()

    assert "本证书已于2022年12月1日撤销" in pdf_text(certificate_pdf(certificate, base_url=BASE_URL))


def test_verification_url_is_absolute_from_base_url(certificate):
    assert verification_url(certificate, "http://127.0.0.1:8000") == f"http://127.0.0.1:8000/verify/{certificate.token}/"


def test_result_publicity_list_round_trips_through_openpyxl(cast, in_publicity):
    publicity = in_publicity.result_entries.get().publicity

    document = result_publicity_list(publicity, datetime.date(2022, 9, 29))
    rows = sheet_rows(list_xlsx(document))

    assert rows[0][0] == "昆明市工程系列中级职称评审委员会2022年度评审结果公示名单"
    header = rows.index(("序号", "姓名", "工作单位", "申报系列", "专业", "级别", "评审结果", "公示期"))
    assert rows[header + 1] == (1, "韦明辉", "昆明市东川区水利水电勘测设计院", "工程系列", "水利工程", "工程师", "评审通过",
                                "2022年9月29日至2022年10月10日")
    cells = " ".join(str(value) for row in rows for value in row if value is not None) + pdf_text(list_pdf(document))
    assert "韦明辉" in cells
    assert cast.applicant.id_number not in cells and cast.applicant.mobile not in cells


def test_pre_meeting_list_round_trips_through_openpyxl(cast, passed):
    rows = sheet_rows(list_xlsx(pre_meeting_list(cast.plan, datetime.date(2022, 8, 22))))

    header = rows.index(("序号", "姓名", "性别", "工作单位", "申报专业", "申报级别", "资格审核结果"))
    assert rows[header + 1] == (1, "韦明辉", cast.applicant.gender_display, "昆明市东川区水利水电勘测设计院", "水利工程", "工程师", "资格审核通过")
    assert len(rows) == header + 3  # the one admitted, then the footer
    assert rows[-1][0].startswith("制表单位：")
