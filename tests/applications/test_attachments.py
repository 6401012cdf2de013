"""P4: uploads checked by content and size, hashed, kept when replaced, served only after a
permission check that the trail records."""

import datetime
import hashlib

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import UnitFactory, UserFactory, engineering_committee, pdf_file, ready_engineer, review_plan
from zhicheng.accounts.models import Role
from zhicheng.applications import services
from zhicheng.applications.attachments import attachment_upload
from zhicheng.applications.models import Attachment
from zhicheng.audit.models import Event
from zhicheng.catalog.models import Specialty

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


@pytest.fixture
def draft(client):
    with time_machine.travel(datetime.datetime(2022, 8, 1, 10, 0), tick=False):
        unit = UnitFactory()
        applicant = ready_engineer(unit)
        plan = review_plan(engineering_committee("city"))
        application = services.application_start(
            applicant=applicant, plan=plan, specialty=Specialty.objects.create(series="engineering", name="建筑工程"),
            level="intermediate", route="review", today=datetime.date(2022, 8, 1),
        )
    client.force_login(applicant)
    return application


def upload(client, application, name, content, kind="achievement_evidence", **extra):
    return client.post(
        reverse("web:attachment_upload", args=[application.pk]),
        {"kind": kind, "file": SimpleUploadedFile(name, content), **extra},
        follow=True,
    )


def test_permitted_file_round_trips_byte_for_byte_with_its_hash(client, draft):
    upload(client, draft, "项目验收证明.png", PNG)

    attachment = Attachment.objects.get()
    response = client.get(reverse("web:attachment", args=[draft.pk, attachment.pk]))

    assert response.content == PNG
    assert response["Content-Type"] == "image/png"
    assert attachment.sha256 == hashlib.sha256(PNG).hexdigest()
    assert (attachment.size, attachment.original_name) == (len(PNG), "项目验收证明.png")


def test_renamed_executable_refused_and_nothing_stored(client, draft):
    response = upload(client, draft, "证书.pdf", b"MZ\x90\x00" + b"\x00" * 200)

    assert "文件：文件内容不是PDF、JPEG、PNG格式（按文件内容识别，与扩展名无关）" in response.content.decode()
    assert Attachment.objects.count() == 0


def test_empty_file_refused(draft):
    with pytest.raises(ValidationError, match="文件是空的"):
        attachment_upload(application=draft, kind="other", uploaded=SimpleUploadedFile("空.pdf", b""), actor=draft.applicant)
    assert Attachment.objects.count() == 0


def test_oversized_file_refused(client, draft, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024 * 1024

    response = upload(client, draft, "大文件.pdf", pdf_file(body=b"0" * (1024 * 1024)).read())

    assert "超过了1MB的上限" in response.content.decode()
    assert Attachment.objects.count() == 0


def test_replaced_file_kept_in_history(client, draft):
    upload(client, draft, "旧.png", PNG)
    old = Attachment.objects.get()

    upload(client, draft, "新.pdf", pdf_file().read(), replaces=old.pk)

    old.refresh_from_db()
    new = Attachment.objects.exclude(pk=old.pk).get()
    assert old.replaced_by == new and new.is_current and not old.is_current
    assert client.get(reverse("web:attachment", args=[draft.pk, old.pk])).content == PNG


def test_files_of_another_unit_are_a_404_and_every_access_is_recorded(client, draft):
    upload(client, draft, "证明.png", PNG)
    attachment = Attachment.objects.get()
    client.get(reverse("web:attachment", args=[draft.pk, attachment.pk]))
    stranger = UserFactory(role=Role.EMPLOYER, unit=UnitFactory())
    client.force_login(stranger)

    response = client.get(reverse("web:attachment", args=[draft.pk, attachment.pk]))

    assert response.status_code == 404
    accesses = Event.objects.filter(action="file.access", subject_id=str(attachment.pk))
    assert [event.actor_id for event in accesses] == [draft.applicant_id]
