from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "zhicheng.catalog"
    verbose_name = "目录与评委会"
