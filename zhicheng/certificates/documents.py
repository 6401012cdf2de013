"""The documents of results (D3, D4): the electronic certificate with its QR code, the
result publicity list and the list admitted to the meeting.  Laid out by the shared
renderers of ``zhicheng.documents``."""

import datetime

import segno
from django.urls import reverse

from zhicheng.applications.models import Route
from zhicheng.applications.workflow import MOVES
from zhicheng.display import chinese_date
from zhicheng.documents.lists import ListDocument
from zhicheng.documents.rendering import render_pdf
from zhicheng.review.models import ReviewPlan

from .models import Certificate, ResultPublicity

RESULT_COLUMNS = ("序号", "姓名", "工作单位", "申报系列", "专业", "级别", "评审结果", "公示期")
MEETING_COLUMNS = ("序号", "姓名", "性别", "工作单位", "申报专业", "申报级别", "资格审核结果")


def verification_url(certificate: Certificate, base_url: str) -> str:
    """The public verification page's absolute address, e.g. ``https://host/verify/<token>/``."""
    return base_url.rstrip("/") + reverse("web:certificate_verify", args=[certificate.token])


def verification_qr(url: str) -> segno.QRCode:
    return segno.make(url, error="m")


def certificate_pdf(certificate: Certificate, *, base_url: str) -> bytes:
    """The certificate with its QR code.  The code is embedded as an image of one pixel per
    module, drawn without smoothing, so that it prints sharp at any size."""
    url = verification_url(certificate, base_url)
    return render_pdf("certificates/certificate.html", {
        "certificate": certificate,
        "url": url,
        "qr": verification_qr(url).png_data_uri(scale=1, border=0),
    })


def _footer(organiser: str, today: datetime.date) -> tuple[str, ...]:
    return (f"制表单位：{organiser}　　制表日期：{chinese_date(today)}",)


def result_publicity_list(publicity: ResultPublicity, today: datetime.date) -> ListDocument:
    """评审结果公示名单 (D4): never identity or phone numbers (P2)."""
    plan = publicity.plan
    period = f"{chinese_date(publicity.starts_on)}至{chinese_date(publicity.ends_on)}"
    entries = publicity.entries.select_related("application__applicant", "application__employer", "application__specialty")
    rows = tuple(
        (number, a.applicant.real_name, a.employer.name, a.get_series_display(), a.specialty.name, a.title_name,
         MOVES["assessment_pass" if a.route == Route.ASSESSMENT else "meeting_pass"].label, period)
        for number, a in enumerate((entry.application for entry in entries), 1)
    )
    contact = f"，联系电话：{plan.committee.contact_phone}" if plan.committee.contact_phone else ""
    return ListDocument(
        title=f"{plan.committee.name}{plan.year}年度评审结果公示名单",
        columns=RESULT_COLUMNS,
        rows=rows,
        subtitle_lines=(f"公示期：{period}（{publicity.place}）",
                        f"公示期间对公示人员有异议的，请向{plan.committee.organiser.name}反映{contact}"),
        footer_lines=_footer(plan.committee.organiser.name, today),
    )


def pre_meeting_list(plan: ReviewPlan, today: datetime.date) -> ListDocument:
    """同意上会评审人员名单 (D4, T2): the list of the pre-meeting filing."""
    filing = plan.pre_meeting_filing
    admitted = filing.admitted.select_related("applicant", "employer", "specialty").order_by("employer__name", "applicant__real_name")
    rows = tuple(
        (number, a.applicant.real_name, a.applicant.gender_display, a.employer.name, a.specialty.name, a.title_name,
         MOVES["committee_qualify"].label)
        for number, a in enumerate(admitted, 1)
    )
    return ListDocument(
        title=f"{plan.committee.name}{plan.year}年度同意上会评审人员名单",
        columns=MEETING_COLUMNS,
        rows=rows,
        subtitle_lines=(f"评审会议日期：{chinese_date(plan.meeting_on)}　　会前备案报送日期：{chinese_date(filing.filed_on)}",),
        footer_lines=_footer(plan.committee.organiser.name, today),
    )
