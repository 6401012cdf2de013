from django.contrib import admin

from zhicheng.web.listing import EstimatedCountPaginator

from .models import Event


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    """The trail is read here, never written (P3)."""

    list_display = [
        "seq", "occurred_at", "actor_name", "actor_role", "actor_unit",
        "action", "subject_type", "subject_id", "from_state", "to_state", "address",
    ]
    # usable at millions of events: newest first along the primary key, no DISTINCT over the
    # trail for filter choices or dates, no second count of the whole trail, exact searches
    list_filter = ["actor_role"]
    search_fields = ["=subject_id", "=actor_name", "=action"]
    ordering = ["-id"]
    show_full_result_count = False
    paginator = EstimatedCountPaginator

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
