from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "zhicheng.web"
    verbose_name = "网页"
