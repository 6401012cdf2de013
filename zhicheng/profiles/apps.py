from django.apps import AppConfig


class ProfilesConfig(AppConfig):
    name = "zhicheng.profiles"
    verbose_name = "申报人档案"
