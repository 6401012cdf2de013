from django.urls import path

from . import document_views as documents
from . import meeting_views as meetings

urlpatterns = [
    path("committee/meetings/", meetings.office_meetings, name="office_meetings"),
    path("committee/plans/<int:plan_id>/meetings/new/", meetings.meeting_new, name="meeting_new"),
    path("committee/meetings/<int:meeting_id>/", meetings.office_meeting, name="office_meeting"),
    path("committee/meetings/<int:meeting_id>/draw/", meetings.meeting_draw, name="meeting_draw"),
    path("committee/meetings/<int:meeting_id>/attendance/", meetings.meeting_attendance, name="meeting_attendance"),
    path("committee/meetings/<int:meeting_id>/open/", meetings.meeting_open, name="meeting_open"),
    path("committee/meetings/<int:meeting_id>/close/", meetings.meeting_close, name="meeting_close"),
    path("committee/meetings/<int:meeting_id>/confirm/", meetings.meeting_confirm, name="meeting_confirm"),
    path("meetings/<int:subject_id>/minutes.<str:fmt>", documents.document, {"kind": "meeting_minutes"}, name="meeting_minutes"),
    path("expert/meetings/", meetings.expert_meetings, name="expert_meetings"),
    path("expert/meetings/<int:meeting_id>/", meetings.expert_meeting, name="expert_meeting"),
    path("expert/meetings/<int:meeting_id>/study/", meetings.expert_study, name="expert_study"),
    path("expert/meetings/<int:meeting_id>/declare/", meetings.expert_declare, name="expert_declare"),
    path("expert/meetings/<int:meeting_id>/vote/", meetings.expert_vote, name="expert_vote"),
    path("expert/meetings/<int:meeting_id>/sign/", meetings.expert_sign_minutes, name="expert_sign_minutes"),
]
