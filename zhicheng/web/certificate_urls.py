"""Results, certificates and revocation (C4, C5, D3, D4, E5, §三)."""

from django.urls import path

from . import certificate_views as views

urlpatterns = [
    path("verify/<str:token>/", views.certificate_verify, name="certificate_verify"),
    path("certificates/<int:certificate_id>.pdf", views.certificate_download, name="certificate_pdf"),
    path("results/", views.result_plans, name="result_plans"),
    path("results/plans/<int:plan_id>/", views.plan_results, name="plan_results"),
    path("results/plans/<int:plan_id>/publicity/", views.result_publicity_start, name="result_publicity_start"),
    path("results/plans/<int:plan_id>/meeting-list.<str:fmt>", views.pre_meeting_list_download, name="pre_meeting_list"),
    path("results/publicity/<int:publicity_id>/list.<str:fmt>", views.result_list_download, name="result_list"),
    path("results/publicity/<int:publicity_id>/objections/", views.result_objection_add, name="result_objection_add"),
    path("results/publicity/<int:publicity_id>/objections/settle/", views.result_objection_settle, name="result_objection_settle"),
    path("results/publicity/<int:publicity_id>/reexaminations/", views.reexamination_decide, name="reexamination_decide"),
    path("results/publicity/<int:publicity_id>/confirm/", views.result_confirm, name="result_confirm"),
    path("results/applications/<int:application_id>/correct/", views.result_correct, name="result_correct"),
    path("bureau/results/", views.bureau_confirmations, name="bureau_confirmations"),
    path("bureau/assessments/", views.bureau_assessments, name="bureau_assessments"),
    path("bureau/assessments/<int:application_id>/", views.assessment_decide, name="assessment_decide"),
    path("bureau/certificates/", views.bureau_certificates, name="bureau_certificates"),
    path("bureau/certificates/<int:certificate_id>/revoke/", views.certificate_revoke, name="certificate_revoke"),
    path("bureau/qualifications/", views.bureau_qualifications, name="bureau_qualifications"),
    path("my/results/", views.my_results, name="my_results"),
    path("my/results/<int:application_id>/reexamination/", views.reexamination_request, name="reexamination_request"),
]
