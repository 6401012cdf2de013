"""P4: uploads checked by content and size, hashed, kept when replaced, served only after a
permission check that the trail records."""

import datetime
import hashlib
import io
import zipfile

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from tests.factories import UnitFactory, UserFactory, engineering_committee, pdf_file, png_image, ready_engineer, review_plan
from zhicheng.accounts.models import Role
from zhicheng.applications import services
from zhicheng.applications.attachments import attachment_upload
from zhicheng.applications.models import Attachment
from zhicheng.audit.models import Event
from zhicheng.catalog.models import Specialty

pytestmark = pytest.mark.django_db

PNG = png_image()


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


def pdf_with(change) -> bytes:
    """A one-page PDF with `change(writer)` applied to it before it is written."""
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def javascript_action():
    return DictionaryObject({NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1)")})


def open_action_javascript(writer):
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(javascript_action())


def document_level_javascript(writer):
    names = ArrayObject([TextStringObject("init"), writer._add_object(javascript_action())])
    writer._root_object[NameObject("/Names")] = DictionaryObject(
        {NameObject("/JavaScript"): DictionaryObject({NameObject("/Names"): names})})


def launch_action(writer):
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
        {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("cmd.exe")})


def embedded_file(writer):
    writer.add_attachment("说明.txt", b"hidden")


def zip_archive() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("payload.html", "<p>x</p>")
    return out.getvalue()


def assert_refused(client, draft, name, content, message):
    events_before = Event.objects.count()
    response = upload(client, draft, name, content)
    assert message in response.content.decode()
    assert Attachment.objects.count() == 0 and Event.objects.count() == events_before


@pytest.mark.parametrize("change, found", [
    (open_action_javascript, "JavaScript脚本"),
    (document_level_javascript, "JavaScript脚本"),
    (launch_action, "启动外部程序的操作"),
    (embedded_file, "内嵌的其他文件"),
])
def test_pdf_with_active_content_refused(client, draft, change, found):
    assert_refused(client, draft, "证书.pdf", pdf_with(change),
                   f"文件：PDF文件含有{found}，可能危害审核人员的电脑，不能作为申报材料")


def test_pdf_javascript_hidden_behind_escaped_names_refused(client, draft):
    plain = pdf_with(lambda writer: None)
    hidden = plain.replace(b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >>")

    assert_refused(client, draft, "证书.pdf", hidden, "PDF文件含有JavaScript脚本")


def test_pdf_html_polyglot_refused(client, draft):
    plain = pdf_with(lambda writer: None)
    polyglot = plain.replace(b"\n", b"\n%<html><body><script>alert(document.cookie)</script></body></html>\n", 1)

    assert_refused(client, draft, "证书.pdf", polyglot, "文件：文件中同时含有网页代码或压缩包，疑似伪装成文档的文件，不能上传")


def test_broken_and_padded_pdfs_refused(client, draft):
    assert_refused(client, draft, "证书.pdf", b"%PDF-1.7\n1 0 obj <</Type/Catalog>> garbage\n%%EOF\n",
                   "文件：PDF文件已损坏或不是真正的PDF，无法打开")
    assert_refused(client, draft, "证书.pdf", pdf_with(lambda writer: None) + b"MZ\x90\x00",
                   "文件：PDF文件结尾之后还附加了其他内容")


def test_png_with_zip_appended_refused(client, draft):
    assert_refused(client, draft, "证书.png", PNG + zip_archive(), "文件：文件中同时含有网页代码或压缩包")
    assert_refused(client, draft, "证书.png", PNG + b"\x00extra", "文件：图片文件末尾附加了其他内容（例如压缩包），请上传原始图片")


def test_truncated_images_refused(client, draft):
    jpeg = io.BytesIO()
    Image.effect_noise((120, 90), 40).convert("RGB").save(jpeg, "JPEG")
    assert_refused(client, draft, "证书.png", PNG[: len(PNG) // 2], "文件：图片文件不完整或已损坏，无法完整显示")
    assert_refused(client, draft, "照片.jpg", jpeg.getvalue()[:-300], "文件：图片文件不完整或已损坏，无法完整显示")


def test_jpeg_with_data_after_its_end_refused_also_when_it_ends_like_a_jpeg(client, draft):
    jpeg = io.BytesIO()
    Image.effect_noise((120, 90), 40).convert("RGB").save(jpeg, "JPEG")
    upload(client, draft, "照片.jpg", jpeg.getvalue())
    assert Attachment.objects.count() == 1  # the plain photo is accepted
    Attachment.objects.all().delete()

    assert_refused(client, draft, "照片.jpg", jpeg.getvalue() + b"hidden\xff\xd9", "图片文件末尾附加了其他内容")


def test_file_missing_from_storage_is_a_clear_page(client, draft):
    upload(client, draft, "项目验收证明.png", PNG)
    attachment = Attachment.objects.get()
    attachment.file.storage.delete(attachment.file.name)

    response = client.get(reverse("web:attachment", args=[draft.pk, attachment.pk]))

    page = response.content.decode()
    assert response.status_code == 404
    assert "“项目验收证明.png”" in page and "文件在存储中找不到或无法读取" in page and "从备份中恢复" in page


def test_downloaded_files_are_not_cached(client, draft):
    upload(client, draft, "项目验收证明.png", PNG)

    response = client.get(reverse("web:attachment", args=[draft.pk, Attachment.objects.get().pk]))

    assert response.content == PNG and response["Cache-Control"] == "no-store"
