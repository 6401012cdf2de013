"""Messages to whoever must act next: in the system's message list, and by e-mail through
Django's mail backend once the transaction has committed."""

import datetime

from django.core.mail import send_mail
from django.db import transaction

from zhicheng.accounts.models import Role, User
from zhicheng.display import chinese_date

from .models import Application, Notification


def notify(recipient: User, application: Application | None, message: str, deadline: datetime.date | None = None) -> Notification:
    note = Notification.objects.create(recipient=recipient, application=application, message=message, deadline=deadline)
    if recipient.email:
        body = message + (f"\n办理期限：{chinese_date(deadline)}" if deadline else "")
        transaction.on_commit(
            lambda: send_mail("【职称申报评审系统】" + message[:40], body, None, [recipient.email], fail_silently=True)
        )
    return note


def notify_unit_officers(unit, application: Application, message: str, deadline=None) -> None:
    """Every active officer of ``unit`` (a unit, or its id)."""
    for officer in User.objects.filter(role=Role.EMPLOYER, unit=unit, is_active=True):
        notify(officer, application, message, deadline)


def notify_committee_office(committee, application: Application, message: str, deadline=None) -> None:
    for officer in committee.office_staff.filter(is_active=True):
        notify(officer, application, message, deadline)
