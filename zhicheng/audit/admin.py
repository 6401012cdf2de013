from django.contrib import admin

from .models import Event


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    """The trail is read here, never written (P3)."""

    list_display = [
        "seq", "occurred_at", "actor_name", "actor_role", "actor_unit",
        "action", "subject_type", "subject_id", "from_state", "to_state", "address",
    ]
    list_filter = ["action", "actor_role"]
    search_fields = ["actor_name", "subject_type", "subject_id"]
    date_hierarchy = "occurred_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
