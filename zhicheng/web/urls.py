from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import application_views as apps
from . import publicity_views as publicity
from . import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("register/", views.register, name="register"),
    path("profile/", views.profile_overview, name="profile"),
    path("profile/basic/", views.profile_basic_edit, name="profile_basic"),
    path("profile/<slug:section>/add/", views.profile_record_edit, name="profile_record_add"),
    path("profile/<slug:section>/<int:record_id>/", views.profile_record_edit, name="profile_record_edit"),
    path("profile/<slug:section>/<int:record_id>/delete/", views.profile_record_delete, name="profile_record_delete"),
    path("eligibility/", views.eligibility, name="eligibility"),
    path("applications/", apps.my_applications, name="my_applications"),
    path("applications/new/", apps.application_new, name="application_new"),
    path("applications/<int:application_id>/", apps.application_detail, name="application"),
    path("applications/<int:application_id>/commitment/", apps.commitment_edit, name="application_commitment"),
    path("applications/<int:application_id>/submit/", apps.application_submit, name="application_submit"),
    path("applications/<int:application_id>/withdraw/", apps.application_withdraw, name="application_withdraw"),
    path("applications/<int:application_id>/opinion/", apps.section_opinion, name="application_section_opinion"),
    path("applications/<int:application_id>/return/", apps.employer_return, name="application_return"),
    path("applications/<int:application_id>/approve/", apps.employer_approve, name="application_approve"),
    path("applications/<int:application_id>/attachments/", apps.attachment_upload, name="attachment_upload"),
    path("applications/<int:application_id>/attachments/<int:attachment_id>/", apps.attachment_download, name="attachment"),
    path("applications/<int:application_id>/attachments/<int:attachment_id>/stamp/", apps.attachment_stamp, name="attachment_stamp"),
    path("applications/<int:application_id>/<slug:section>/add/", apps.application_record_edit, name="application_record_add"),
    path("applications/<int:application_id>/<slug:section>/<int:record_id>/", apps.application_record_edit, name="application_record_edit"),
    path("applications/<int:application_id>/<slug:section>/<int:record_id>/delete/", apps.application_record_delete, name="application_record_delete"),
    path("unit/applications/", apps.unit_applications, name="unit_applications"),
    path("unit/applications/<int:application_id>/recommend/", publicity.application_recommend, name="application_recommend"),
    path("unit/publicity/", publicity.publicities, name="publicities"),
    path("unit/publicity/<int:publicity_id>/", publicity.publicity_detail, name="publicity"),
    path("unit/publicity/<int:publicity_id>/objections/", publicity.objection_add, name="objection_add"),
    path("unit/publicity/<int:publicity_id>/objections/settle/", publicity.objection_settle, name="objection_settle"),
    path("unit/publicity/<int:publicity_id>/close/", publicity.publicity_close, name="publicity_close"),
    path("unit/publicity/<int:publicity_id>/form.<str:fmt>", publicity.publicity_document, name="publicity_document"),
    path("unit/staff/", views.unit_staff, name="unit_staff"),
    path("applicants/<int:profile_id>/", views.applicant_profile, name="applicant_profile"),
    path("committee/", views.committee_home, name="committee_home"),
    path("committee/applications/", apps.committee_queue, name="committee_queue"),
    path("committee/applications/<int:application_id>/qualify/", apps.committee_qualify, name="committee_qualify"),
    path("committee/applications/<int:application_id>/correction/", apps.committee_correction, name="committee_correction"),
    path("committee/applications/<int:application_id>/return/", apps.committee_return, name="committee_return"),
    path("committee/applications/<int:application_id>/reject/", apps.committee_reject, name="committee_reject"),
    path("expert/", views.expert_home, name="expert_home"),
    path("bureau/", views.bureau_home, name="bureau_home"),
    path("bureau/accounts/new/", views.bureau_account_new, name="bureau_account_new"),
    path("password/", auth_views.PasswordChangeView.as_view(template_name="web/form.html", success_url=reverse_lazy("web:password_changed"), extra_context={"title": "修改密码", "back": "/"}), name="password_change"),
    path("password/done/", views.password_changed, name="password_changed"),
    path("administration/", views.admin_home, name="admin_home"),
]
