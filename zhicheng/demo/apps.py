from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "zhicheng.demo"
    verbose_name = "演示数据"
