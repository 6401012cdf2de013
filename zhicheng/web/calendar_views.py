"""The administrator's working calendar: the years it knows, and the import of a year's
holiday arrangement with a preview of each month's working days before it is confirmed."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone

from zhicheng.accounts.models import Role
from zhicheng.catalog.calendar import arrangement_months, calendar_year_import, working_calendar
from zhicheng.catalog.forms import FORMAT_HELP, CalendarImportForm
from zhicheng.catalog.models import CalendarYear
from zhicheng.rules.calendar import PACKAGE_YEARS

from .feedback import submitted
from .views import role_required


@role_required(Role.ADMIN)
def calendar_years(request):
    """工作日历: the years known (packaged or imported), and the import form; a valid form
    shows the preview, and its confirmation imports."""
    form = CalendarImportForm(submitted(request), request.FILES or None, initial={"year": timezone.localdate().year + 1})
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if request.POST.get("confirm"):
            calendar_year_import(year=data["year"], notice=data["notice"], days=data["days"], actor=request.user)
            messages.success(request, f"{data['year']}年节假日安排已导入，涉及{data['year']}年的期限即可计算")
            return redirect("web:calendar_years")
        preview = {
            "months": arrangement_months(data["year"], data["days"]),
            "days": data["days"],
            "replaces": CalendarYear.objects.filter(year=data["year"]).first(),
            "packaged": data["year"] in PACKAGE_YEARS,
        }
    today = timezone.localdate()
    calendar = working_calendar()
    years = [
        {"year": year, "known": calendar.covers(year), "imported": imported.get(year)}
        for imported in [{y.year: y for y in CalendarYear.objects.select_related("imported_by")}]
        for year in range(today.year - 1, today.year + 3)
    ]
    return render(request, "web/calendar/years.html", {
        "form": form, "preview": preview, "years": years, "format_help": FORMAT_HELP,
        "packaged_range": (min(PACKAGE_YEARS), max(PACKAGE_YEARS)),
    })
