from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "zhicheng.accounts"
    verbose_name = "人员与单位"

    def ready(self):
        from . import checks, lockout, middleware, permissions  # noqa: F401  (registers checks, receivers, predicates)
