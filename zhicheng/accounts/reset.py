"""Password reset by text message: a six-digit code to the account's mobile, which
opens Django's own set-password page (the same one the e-mail link opens)."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .models import ResetCode, User
from .sms import sms_sender

CODE_DIGITS = 6


def send_reset_code(user: User) -> None:
    """A fresh code replaces any earlier one; the text names the system and the validity."""
    code = "".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS))
    minutes = settings.PASSWORD_RESET_CODE_MINUTES
    with transaction.atomic():
        ResetCode.objects.filter(user=user, used_at__isnull=True).update(used_at=timezone.now())
        ResetCode.objects.create(user=user, code_hash=make_password(code), expires_at=timezone.now() + timedelta(minutes=minutes))
    sms_sender().send(user.mobile, f"【职称申报评审系统】您正在找回密码，验证码 {code}，{minutes}分钟内有效。如非本人操作，请忽略。")


def redeem_reset_code(user: User, code: str) -> str | None:
    """The set-password page's address if `code` is the account's live code (it is then
    used up), else None."""
    with transaction.atomic():
        live = ResetCode.objects.select_for_update().filter(
            user=user, used_at__isnull=True, expires_at__gt=timezone.now()
        ).order_by("-created_at").first()
        if live is None or not check_password(code.strip(), live.code_hash):
            return None
        live.used_at = timezone.now()
        live.save(update_fields=["used_at"])
    return reverse("web:password_reset_confirm", kwargs={
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": default_token_generator.make_token(user),
    })
