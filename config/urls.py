from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "职称申报评审系统 管理"
admin.site.site_title = "职称申报评审系统"
admin.site.index_title = "系统管理"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("zhicheng.api.urls")),
    path("", include("zhicheng.web.urls")),
]
