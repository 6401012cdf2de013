"""`zhicheng check --deploy`: what is still the demo's in a production setup is an error."""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.db import DatabaseError

DEMO_ONLY_HINT = "演示环境的设置不能用于生产；见 README“生产部署”一节"


@register(Tags.security, deploy=True)
def production_settings(app_configs, **kwargs):
    errors = []
    if settings.SECRET_KEY == settings.DEMO_SECRET_KEY:
        errors.append(Error("SECRET_KEY 仍是公开的演示密钥", hint="设置环境变量 SECRET_KEY 为至少50个字符的随机值", id="zhicheng.E001"))
    if settings.EMAIL_BACKEND == "django.core.mail.backends.console.EmailBackend":
        errors.append(Error("邮件只打印到控制台，不会发出", hint="设置 EMAIL_BACKEND 为 django.core.mail.backends.smtp.EmailBackend 和 EMAIL_HOST 等", id="zhicheng.E002"))
    if settings.SMS_SENDER == "zhicheng.accounts.sms.ConsoleSender":
        errors.append(Error("短信只打印到控制台，不会发出", hint="设置 SMS_SENDER 和短信网关（SMS_GATEWAY_URL、SMS_GATEWAY_TOKEN）", id="zhicheng.E003"))
    if settings.STORAGES["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage":
        errors.append(Error("附件存放在本机目录，多个应用进程看不到同一批文件，也没有对象存储的备份", hint="设置 STORAGE_BUCKET 等对象存储变量", id="zhicheng.E004"))
    if not settings.AUDIT_ANCHOR_KEY:
        errors.append(Error("没有设置审计链锚定密钥，审计记录被整体改写时无法发现", hint="设置环境变量 AUDIT_ANCHOR_KEY（保存在数据库以外）", id="zhicheng.E005"))
    errors.extend(demo_accounts())
    return errors


def demo_accounts():
    from .models import User

    try:
        active = User.objects.filter(is_demo=True, is_active=True).count()
    except DatabaseError:
        return []  # no database yet: nothing loaded, nothing to report
    if not active:
        return []
    return [Error(f"有{active}个演示账号处于启用状态，其密码是公开的", hint="停用或删除演示账号（管理后台“用户”，筛选“演示数据”）", id="zhicheng.E006")]
