"""Uploads (P4): allowed types are recognised by their content and must be what they say
(content_checks), sizes are bounded, every file gets its SHA-256, is stored through the storage layer (object storage in production)
and is served only after a permission check, which the trail records."""

import hashlib

import puremagic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from zhicheng.accounts.models import User
from zhicheng.audit.trail import record_event
from zhicheng.transactions import atomic

from .content_checks import check_content
from .models import Application, Attachment, State
from .notifications import notify_unit_officers
from .services import WorkflowError, require_editable, require_employer

ALLOWED_TYPES = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}


def checked_content(uploaded) -> tuple[bytes, str]:
    """The file's bytes and its real type, or a ValidationError naming the rule."""
    limit = settings.ATTACHMENT_MAX_BYTES
    if uploaded.size == 0:
        raise ValidationError("文件是空的，请重新选择", code="empty_file")
    if uploaded.size > limit:
        raise ValidationError(
            f"文件大小为{uploaded.size / 1024 / 1024:.1f}MB，超过了{limit // 1024 // 1024}MB的上限，请压缩后再上传", code="too_large"
        )
    content = uploaded.read()
    try:
        content_type = puremagic.from_string(content[:8192], mime=True)
    except puremagic.PureError:
        content_type = ""
    if content_type not in ALLOWED_TYPES:
        raise ValidationError(
            f"文件内容不是{'、'.join(ALLOWED_TYPES.values())}格式（按文件内容识别，与扩展名无关），请转换后再上传", code="file_type"
        )
    check_content(content, content_type)
    return content, content_type


@atomic
def attachment_upload(*, application: Application, kind: str, uploaded, actor: User, replaces: Attachment | None = None, address: str = "") -> Attachment:
    require_editable(application, actor)
    if replaces is not None and (replaces.application_id != application.pk or not replaces.is_current):
        raise WorkflowError("只能替换本申报中的现行材料")
    content, content_type = checked_content(uploaded)
    attachment = Attachment(
        application=application, kind=kind, original_name=uploaded.name[:200], content_type=content_type,
        size=len(content), sha256=hashlib.sha256(content).hexdigest(), uploaded_by=actor,
    )
    attachment.file.save(uploaded.name, ContentFile(content), save=False)
    attachment.save()
    if replaces is not None:
        replaces.replaced_by = attachment
        replaces.save(update_fields=["replaced_by"])
    if application.state == State.CORRECTION_REQUESTED:
        notify_unit_officers(application.employer, application,
                             f"{actor.real_name}为补正上传了{attachment.get_kind_display()}，请审核签章后由申报人提交补正")
    record_event(
        action="file.upload", subject=attachment, actor=actor, address=address,
        details={"application": application.pk, "kind": kind, "sha256": attachment.sha256, "size": attachment.size,
                 "replaces": replaces.pk if replaces else None},
    )
    return attachment


@atomic
def attachment_stamp(*, attachment: Attachment, actor: User, opinion: str, originals_seen: bool, originals_seen_where: str, address: str = "") -> Attachment:
    """L9 (§二(十)): the employer's electronic review stamp on an accepted copy."""
    require_employer(attachment.application, actor)
    if not attachment.is_current:
        raise WorkflowError("该材料已被替换，请审核替换后的材料")
    if originals_seen and not originals_seen_where.strip():
        raise WorkflowError("核验原件时须填写核验地点")
    attachment.stamped_by = actor
    attachment.stamp_unit = actor.unit.name
    attachment.stamp_opinion = opinion
    attachment.stamped_on = timezone.localdate()
    attachment.originals_seen = originals_seen
    attachment.originals_seen_where = originals_seen_where
    attachment.save()
    record_event(action="file.stamp", subject=attachment, actor=actor, opinion=opinion, address=address,
                 details={"application": attachment.application_id, "originals_seen": originals_seen, "where": originals_seen_where})
    return attachment


class AttachmentMissing(Exception):
    """The record exists but the storage has no file for it."""


def attachment_read(*, attachment: Attachment, actor: User, address: str = "") -> bytes:
    """Every access to a file is recorded (P3); the caller has checked permission."""
    with transaction.atomic():
        record_event(action="file.access", subject=attachment, actor=actor, address=address,
                     details={"application": attachment.application_id})
    try:
        with attachment.file.open("rb") as stream:
            return stream.read()
    except OSError as missing:  # FileNotFoundError locally; the S3 backend raises it too
        raise AttachmentMissing(attachment.original_name) from missing
