from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "zhicheng.audit"
    verbose_name = "审计记录"

    def ready(self):
        from . import retention, security  # noqa: F401  the retention check, the security events
