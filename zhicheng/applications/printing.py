"""The whole application as one PDF (申报表 with the list of attachments), for the paper
copy some committees still ask for.  Built from what was frozen at submission."""

from django.utils import timezone

from zhicheng.display import chinese_date, display_value
from zhicheng.documents.rendering import render_pdf

from .models import Application, Opinion
from .sections import APPLICATION_SECTIONS
from .snapshot import profile_snapshot
from .workflow import REVIEW_SECTIONS


def application_pdf(application: Application) -> bytes:
    snapshot = application.snapshot or profile_snapshot(application.applicant.profile)
    commitment = getattr(application, "commitment", None)
    recommendation = getattr(application, "recommendation", None)
    opinions = list(application.opinions.select_related("author").order_by("created_at", "pk"))
    approval = next((o for o in reversed(opinions) if o.kind == Opinion.Kind.APPROVE), None)
    qualification = next((o for o in reversed(opinions) if o.kind == Opinion.Kind.QUALIFY), None)
    form = {
        "year": application.plan.year,
        "number": f"{application.plan.year}-{application.pk:06d}",
        "name": application.applicant.real_name,
        "committee": application.committee.name,
        "title": application.title_name,
        "specialty": application.specialty.name,
        "route": application.get_route_display(),
        "state": application.get_state_display(),
        "printed_at": f"{chinese_date(timezone.localdate())} {timezone.localtime():%H:%M}",
        "basic": list(snapshot["basic"].items()) + [("用人单位", application.employer.name)],
        "profile_sections": list(snapshot["sections"].values()),
        "application_sections": [
            {"title": section.title, "columns": section.column_labels(),
             "rows": [[display_value(record, column) for column in section.columns] for record in section.records(application)]}
            for section in APPLICATION_SECTIONS.values()
        ],
        "commitment": f"承诺书编号 {commitment.commitment_number}（申报人填报，未联网核验）" if commitment else "未填写",
        "recommendation": [
            ("专业技术工作评价", recommendation.evaluation), ("推荐方式", recommendation.method),
            ("参与推荐的人员范围及人数", f"{recommendation.participants}，{recommendation.participant_count}人"),
            ("推荐意见", recommendation.opinion), ("意见形成情况", recommendation.formation),
            ("公示情况", recommendation.publicity_summary),
        ] if recommendation else None,
        "attachments": [
            {"kind": a.get_kind_display(), "name": a.original_name,
             "stamp": f"{a.stamp_unit} {a.stamped_by.real_name}：{a.stamp_opinion}（{chinese_date(a.stamped_on)}）"
                      + (f"，已核验原件（{a.originals_seen_where}）" if a.originals_seen else "") if a.is_stamped else ""}
            for a in application.attachments.filter(replaced_by__isnull=True).select_related("stamped_by")
        ],
        "opinions": [
            (chinese_date(timezone.localdate(o.created_at)),
             f"{REVIEW_SECTIONS.get(o.section, o.section)}：{'无问题' if o.passed else '有问题'}" if o.section else o.get_kind_display(),
             o.text, f"{o.author.real_name}（{o.author_unit}）", "计次" if o.counted else "")
            for o in opinions
        ],
        # the blocks people sign and seal on the paper copy, filled where the system knows
        "unit_block": {
            "unit": application.employer.name,
            "opinion": recommendation.opinion if recommendation else (approval.text if approval else ""),
            "date": chinese_date(timezone.localdate(approval.created_at)) if approval else "",
        },
        "committee_block": {
            "committee": application.committee.name,
            "opinion": qualification.text if qualification else "",
            "date": chinese_date(timezone.localdate(qualification.created_at)) if qualification else "",
        },
    }
    return render_pdf("documents/application_form.html", {"form": form})
