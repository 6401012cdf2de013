from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

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
    path("unit/staff/", views.unit_staff, name="unit_staff"),
    path("applicants/<int:profile_id>/", views.applicant_profile, name="applicant_profile"),
    path("committee/", views.committee_home, name="committee_home"),
    path("expert/", views.expert_home, name="expert_home"),
    path("bureau/", views.bureau_home, name="bureau_home"),
    path("bureau/accounts/new/", views.bureau_account_new, name="bureau_account_new"),
    path("password/", auth_views.PasswordChangeView.as_view(template_name="web/form.html", success_url=reverse_lazy("web:password_changed"), extra_context={"title": "修改密码", "back": "/"}), name="password_change"),
    path("password/done/", views.password_changed, name="password_changed"),
    path("administration/", views.admin_home, name="admin_home"),
]
