from django.contrib import admin

from .models import ReviewPlan


@admin.register(ReviewPlan)
class ReviewPlanAdmin(admin.ModelAdmin):
    list_display = ["committee", "year", "applications_open_on", "receiving_until", "meeting_on", "window_label"]
    list_filter = ["year"]
    list_select_related = ["committee"]
