from django.contrib import admin

from .models import Certificate, CreditRecord, RecognisedQualification, ResultPublicity


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown to administrators; every change goes through ``services`` (audit, notifications)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ["number", "holder_name", "title_name", "committee_name", "confirmed_on", "status"]
    list_filter = ["status", "series", "level"]
    search_fields = ["number", "holder_name"]


@admin.register(CreditRecord)
class CreditRecordAdmin(ReadOnlyAdmin):
    list_display = ["person", "recorded_on", "until", "certificate"]
    list_select_related = ["person", "certificate"]


@admin.register(RecognisedQualification)
class RecognisedQualificationAdmin(ReadOnlyAdmin):
    list_display = ["holder", "name", "certificate_number", "title_name", "recognised_on"]
    list_select_related = ["holder"]


@admin.register(ResultPublicity)
class ResultPublicityAdmin(ReadOnlyAdmin):
    list_display = ["plan", "starts_on", "ends_on", "place"]
    list_select_related = ["plan__committee"]
