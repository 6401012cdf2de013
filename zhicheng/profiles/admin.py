from django.contrib import admin

from .models import ApplicantProfile, Education, InsurancePeriod, QualificationRecord, TitleRecord, WorkRecord


class RecordInline(admin.TabularInline):
    extra = 0


@admin.register(ApplicantProfile)
class ApplicantProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "contract_unit", "applied_before", "retired", "updated_at"]
    search_fields = ["user__real_name", "user__mobile"]
    list_select_related = ["user", "contract_unit"]
    raw_id_fields = ["user"]
    inlines = [
        type(f"{model.__name__}Inline", (RecordInline,), {"model": model})
        for model in (Education, WorkRecord, TitleRecord, QualificationRecord, InsurancePeriod)
    ]
