from django.contrib import admin

from .models import CalendarOverride, CalendarYear, Committee, ExpertMembership, Specialty


@admin.register(Specialty)
class SpecialtyAdmin(admin.ModelAdmin):
    list_display = ["name", "series"]
    list_filter = ["series"]
    search_fields = ["name"]


class ExpertMembershipInline(admin.TabularInline):
    model = ExpertMembership
    extra = 0
    autocomplete_fields = ["expert"]


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ["name", "organiser", "series", "grade", "region_level"]
    list_filter = ["series", "grade", "region_level"]
    search_fields = ["name"]
    filter_horizontal = ["specialties", "office_staff"]
    inlines = [ExpertMembershipInline]


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ["day", "is_working_day", "note"]
    list_filter = ["is_working_day"]
    date_hierarchy = "day"


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    """Listed only: a year is imported through 「工作日历」 (/administration/calendar/), which
    previews it and refuses a year without holidays."""

    list_display = ["year", "notice", "imported_by", "imported_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
