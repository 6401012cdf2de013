"""专业技术人员职称资格确认人员名单 (附件6, D2) as an Excel list."""

from django.utils import timezone

from zhicheng.accounts.identity import mask_id_number
from zhicheng.display import chinese_date
from zhicheng.documents.lists import ListDocument

from .models import ReviewPlan, TitleConfirmation


def confirmation_list_document(plan: ReviewPlan) -> ListDocument:
    entries = TitleConfirmation.objects.filter(application__plan=plan).select_related("application__applicant", "application__employer")
    return ListDocument(
        title="专业技术人员职称资格确认人员名单",
        subtitle_lines=(f"{plan.committee.name}（{plan.year}年度）",),
        columns=("序号", "姓名", "身份证号", "工作单位", "原发证机关或评委会", "资格名称", "专业", "级别", "取得时间", "证书编号", "确认结果", "确认日期"),
        rows=tuple(
            (number, entry.application.applicant.real_name, mask_id_number(entry.application.applicant.id_number),
             entry.application.employer.name, entry.issuer, entry.title_name, entry.specialty or entry.application.specialty.name,
             entry.level, chinese_date(entry.obtained_on), entry.certificate_number, entry.get_status_display(),
             chinese_date(entry.decided_on))
            for number, entry in enumerate(entries, start=1)
        ),
        footer_lines=(f"报送单位：{plan.committee.organiser.name}    制表日期：{chinese_date(timezone.localdate())}",),
    )
