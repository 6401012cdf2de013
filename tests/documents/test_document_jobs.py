"""Long documents rendered in the background: asked for on the page, rendered by the
database worker piece by piece with its progress, stored, downloaded (and recorded) only by
whoever may have the document; a failure is told in Chinese and changes nothing."""

import dataclasses
import datetime
import io

import pikepdf
import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.timezone import now as django_now
from django_tasks_db.models import DBTaskResult
from weasyprint.html import UA

from tests.applications import flow
from tests.applications.test_publicity_and_committee import approved, clock  # noqa: F401 (fixtures)
from tests.documents.pdf_reading import pdf_info, pdf_text, pdf_words
from tests.documents.samples import HOSPITAL_PUBLICITY, LI_CHUNMEI, WANG_JIANGUO
from tests.factories import UnitFactory, UserFactory
from tests.meetings import scene as s
from zhicheng.accounts.models import Role
from zhicheng.applications import publicity as unit_publicity
from zhicheng.applications.models import Application, PublicityEntry
from zhicheng.audit.models import Event
from zhicheng.documents import rendering
from zhicheng.documents.jobs import job_request, render_document, render_document_piece
from zhicheng.documents.kinds import KINDS
from zhicheng.documents.lists import ListDocument, list_pdf
from zhicheng.documents.models import DocumentJob
from zhicheng.documents.publicity import publicity_form_document, publicity_form_pdf
from zhicheng.meetings.minutes import minutes_pdf

FOOT = 780  # PDF points from the top of an A4 page: below the form, where the page numbers are
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def long_documents(settings):
    """Two applicants already make a long document, laid out one form at a time."""
    settings.DOCUMENT_BACKGROUND_FROM = 2
    settings.DOCUMENT_PIECE_FORMS = 1


@pytest.fixture
def shown(approved, long_documents):  # noqa: F811
    officer, _office, applications = approved
    return officer, flow.publicise(applications, officer, datetime.date(2022, 8, 2)), applications


def ask(client, officer, publicity, fmt="pdf"):
    client.force_login(officer)
    return client.post(reverse("web:publicity_document", args=[publicity.pk, fmt]))


@pytest.mark.django_db(transaction=True)  # the worker closes its connections between tasks, as a worker does
def test_worker_loads_the_renderers_before_it_takes_a_task(monkeypatch):
    monkeypatch.delattr(rendering._fonts, "configuration", raising=False)
    rendering.piece_user_agent_sheet.cache_clear()

    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)  # on an empty queue

    assert DBTaskResult.objects.count() == 0
    assert hasattr(rendering._fonts, "configuration") and rendering.piece_user_agent_sheet.cache_info().currsize == 1


@pytest.mark.django_db(transaction=True)
def test_document_job_is_rendered_by_the_database_worker_stored_and_downloaded(shown, client):
    officer, publicity, applications = shown
    client.force_login(officer)
    asked = client.get(reverse("web:publicity_document", args=[publicity.pk, "pdf"]))
    assert "本文书共 2 人，将在后台生成" in asked.content.decode()

    response = ask(client, officer, publicity)
    job = DocumentJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("web:document_job", args=[job.pk])
    assert (job.state, job.done, job.total, DBTaskResult.objects.count()) == (DocumentJob.State.QUEUED, 0, 2, 1)
    waiting = client.get(response["Location"]).content.decode()
    assert 'data-refresh="2"' in waiting and "web/refresh.js" in waiting and '<meta http-equiv="refresh"' in waiting

    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)

    job.refresh_from_db()
    assert (job.state, job.done, job.total, job.error) == (DocumentJob.State.DONE, 2, 2, "")
    assert (job.pieces, job.pieces_done) == (2, 2)
    # the job, then each piece as a task of its own, which any worker may take
    assert sorted(DBTaskResult.objects.values_list("task_path", flat=True)) == [
        "zhicheng.documents.jobs.render_document", *["zhicheng.documents.jobs.render_document_piece"] * 2]
    assert default_storage.exists(job.file.name)
    assert not default_storage.exists(f"documents/pieces/job-{job.pk}/0.pdf")  # the pieces are removed once joined
    with job.file.open("rb") as stored:
        pdf = stored.read()
    pages = pdf_text(pdf).split("\f")[:-1]
    assert [page.count(a.applicant.real_name) > 0 for page, a in zip(pages, applications)] == [True, True]
    assert "第2页共2页" in pages[1].replace(" ", "")
    done = client.get(reverse("web:document_job", args=[job.pk])).content.decode()
    assert "data-refresh" not in done and "已完成 2 / 2 人（100%）" in done
    download = client.get(reverse("web:document_job_download", args=[job.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == pdf
    event = Event.objects.filter(action="document.download").get()
    assert (event.subject_id, event.details["file"], event.details["bytes"]) == (str(publicity.pk), job.filename, len(pdf))


@pytest.mark.django_db
def test_document_job_page_flow_with_the_immediate_backend(shown, client, settings):
    settings.TASKS = IMMEDIATE
    officer, publicity, _applications = shown

    page = client.get(ask(client, officer, publicity, "xlsx")["Location"]).content.decode()

    job = DocumentJob.objects.get()
    assert job.state == DocumentJob.State.DONE and job.filename.endswith(".xlsx")
    assert "已生成" in page and reverse("web:document_job_download", args=[job.pk]) in page
    again = client.get(reverse("web:publicity_document", args=[publicity.pk, "xlsx"])).content.decode()
    assert "您此前生成的" in again and job.filename in again


@pytest.mark.django_db
def test_short_documents_stay_in_the_request(shown, client, settings):
    settings.DOCUMENT_BACKGROUND_FROM = 3
    officer, publicity, _applications = shown
    client.force_login(officer)

    response = client.get(reverse("web:publicity_document", args=[publicity.pk, "pdf"]))

    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    assert DocumentJob.objects.count() == 0


@pytest.mark.django_db
def test_another_units_officer_cannot_see_or_download_a_job_and_nothing_changes(shown, client, settings):
    settings.TASKS = IMMEDIATE
    officer, publicity, _applications = shown
    ask(client, officer, publicity)
    job = DocumentJob.objects.get()
    documents = Event.objects.filter(action__startswith="document.")
    before = (job.state, job.done, job.file.name, documents.count())
    stranger = UserFactory(role=Role.EMPLOYER, unit=UnitFactory(name="昆明市东川区人民医院"), real_name="外单位")
    colleague = UserFactory(role=Role.EMPLOYER, unit=officer.unit, real_name="同单位")

    client.force_login(stranger)
    refused = [client.get(reverse(name, args=[job.pk])).status_code for name in ("web:document_job", "web:document_job_download")]
    client.force_login(colleague)
    allowed = client.get(reverse("web:document_job_download", args=[job.pk])).status_code

    assert refused == [404, 404] and allowed == 200
    job.refresh_from_db()
    assert (job.state, job.done, job.file.name, documents.count()) == (*before[:3], before[3] + 1)  # the colleague's download
    assert not Event.objects.filter(action="document.download", actor=stranger).exists()


@pytest.mark.django_db
def test_a_failed_render_says_in_chinese_what_failed_and_who_acts_and_changes_nothing(shown, client, settings):
    settings.TASKS = IMMEDIATE
    officer, publicity, applications = shown
    Application.objects.filter(pk=applications[1].pk).update(snapshot={})  # a frozen profile that cannot be read
    states = list(PublicityEntry.objects.values_list("application__state", "outcome"))

    page = client.get(ask(client, officer, publicity)["Location"]).content.decode()

    job = DocumentJob.objects.get()
    assert job.state == DocumentJob.State.FAILED and not job.file
    assert "生成《综合情况（公示）表》时出错，文件未生成" in job.error and f"请联系系统管理员，并告知任务编号{job.pk}" in job.error
    assert job.error in page and "重新生成" in page and "KeyError" not in page
    assert list(PublicityEntry.objects.values_list("application__state", "outcome")) == states


@pytest.mark.django_db
def test_a_job_whose_worker_stopped_is_told_as_interrupted_and_can_be_asked_for_again(shown, client, settings):
    settings.DOCUMENT_STALL_MINUTES = 10
    officer, publicity, _applications = shown
    ask(client, officer, publicity)
    job = DocumentJob.objects.get()
    now = django_now()
    DocumentJob.objects.filter(pk=job.pk).update(state=DocumentJob.State.RUNNING, done=1, progressed_at=now - datetime.timedelta(minutes=9))
    states = list(PublicityEntry.objects.values_list("application__state", "outcome"))

    alive = client.get(reverse("web:document_job", args=[job.pk])).content.decode()
    job.refresh_from_db()
    assert job.state == DocumentJob.State.RUNNING and 'data-refresh="2"' in alive  # nine minutes: still working

    DocumentJob.objects.filter(pk=job.pk).update(progressed_at=now - datetime.timedelta(minutes=11))
    page = client.get(reverse("web:document_job", args=[job.pk])).content.decode()

    job.refresh_from_db()
    assert (job.state, bool(job.file), job.finished_at is not None) == (DocumentJob.State.FAILED, False, True)
    assert "超过10分钟没有进展，文件未生成" in job.error and f"任务编号{job.pk}" in job.error
    assert job.error in page and "重新生成" in page and "data-refresh" not in page
    assert client.get(reverse("web:document_job_download", args=[job.pk]))["Location"] == reverse("web:document_job", args=[job.pk])
    assert list(PublicityEntry.objects.values_list("application__state", "outcome")) == states
    ask(client, officer, publicity)
    assert DocumentJob.objects.filter(state=DocumentJob.State.QUEUED).count() == 1  # asked for again


def test_forms_written_in_pieces_read_as_one_document(settings):
    publicity = dataclasses.replace(HOSPITAL_PUBLICITY, applicants=tuple(
        dataclasses.replace(LI_CHUNMEI, name=f"申报人{number}") for number in range(1, 6)))
    settings.DOCUMENT_PIECE_FORMS = 100
    whole = publicity_form_pdf(publicity)
    settings.DOCUMENT_PIECE_FORMS = 2

    pieces = publicity_form_pdf(publicity)

    assert pdf_info(pieces)["Pages"] == pdf_info(whole)["Pages"] == "5"
    assert pdf_text(pieces) == pdf_text(whole)
    assert "第5页共5页" in pdf_text(pieces).split("\f")[4].replace(" ", "")
    assert pdf_info(pieces)["Title"] == "昆明市职称申报综合情况（公示）表（昆明市东川区第二人民医院）"


def test_a_list_written_in_pieces_keeps_every_row_in_order_numbered_through(settings):
    settings.DOCUMENT_PIECE_ROWS = 7
    document = ListDocument(title="评审结果公示名单", columns=("序号", "姓名"), rows=tuple((n, f"人员{n:02d}") for n in range(1, 31)),
                            subtitle_lines=("公示期：2022年9月1日至2022年9月7日",), footer_lines=("制表单位：东川区人社局",))

    text = pdf_text(list_pdf(document))

    pages = text.split("\f")[:-1]
    assert len(pages) == 5  # one piece of 7 rows a page here
    assert [int(line.split()[0]) for line in text.splitlines() if line.strip().split(" ")[-1].startswith("人员")] == list(range(1, 31))
    assert text.count("评审结果公示名单") == 1 and text.count("制表单位") == 1 and "制表单位" in pages[-1]
    assert all(f"第{n}页共5页" in page.replace(" ", "") and "姓名" in page for n, page in enumerate(pages, 1))


@pytest.mark.django_db(transaction=True)
def test_pieces_count_as_progress_one_by_one_and_the_last_one_joins(shown):
    officer, publicity, applications = shown
    kind = KINDS["publicity_form"]
    job = job_request(actor=officer, kind=kind, subject=publicity, fmt="pdf")
    render_document.call(job.pk)  # the job cuts the document into its pieces and queues them
    job.refresh_from_db()
    assert (job.state, job.pieces, job.pieces_done, job.done, bool(job.file)) == (DocumentJob.State.RUNNING, 2, 0, 0, False)

    render_document_piece.call(job.pk, 1)  # any worker, in any order
    job.refresh_from_db()
    assert (job.state, job.pieces_done, job.done, job.percent) == (DocumentJob.State.RUNNING, 1, 1, 50)
    assert default_storage.exists(f"documents/pieces/job-{job.pk}/1.pdf")

    render_document_piece.call(job.pk, 0)
    job.refresh_from_db()
    assert (job.state, job.pieces_done, job.done) == (DocumentJob.State.DONE, 2, 2)
    with job.file.open("rb") as stored:
        pages = pdf_text(stored.read()).split("\f")[:-1]
    assert [a.applicant.real_name in page for a, page in zip(applications, pages, strict=True)] == [True, True]
    assert not default_storage.exists(f"documents/pieces/job-{job.pk}/1.pdf")


@pytest.mark.django_db(transaction=True)
def test_a_piece_of_a_job_that_failed_meanwhile_is_not_laid_out(shown):
    officer, publicity, _applications = shown
    job = job_request(actor=officer, kind=KINDS["publicity_form"], subject=publicity, fmt="pdf")
    render_document.call(job.pk)
    render_document_piece.call(job.pk, 0)
    Application.objects.filter(pk=PublicityEntry.objects.order_by("pk").last().application_id).update(snapshot={})

    render_document_piece.call(job.pk, 1)  # fails: the job fails and the piece kept before is removed
    job.refresh_from_db()
    assert job.state == DocumentJob.State.FAILED and not job.file and "任务编号" in job.error
    assert not default_storage.exists(f"documents/pieces/job-{job.pk}/0.pdf")
    error = job.error

    render_document_piece.call(job.pk, 0)  # a piece still queued: nothing is laid out or kept
    job.refresh_from_db()
    assert (job.state, job.error, job.pieces_done) == (DocumentJob.State.FAILED, error, 1)
    assert not default_storage.exists(f"documents/pieces/job-{job.pk}/0.pdf")


def test_page_numbers_set_from_one_line_run_through_the_pieces(settings):
    settings.DOCUMENT_PIECE_FORMS = 2
    publicity = dataclasses.replace(HOSPITAL_PUBLICITY, applicants=tuple(
        dataclasses.replace(LI_CHUNMEI, name=f"申报人{number}") for number in range(1, 6)))

    pages = pdf_text(publicity_form_pdf(publicity)).split("\f")[:-1]

    assert [f"第{n}页共5页" in page.replace(" ", "") for n, page in enumerate(pages, 1)] == [True] * 5
    assert [f"申报人{n}" in page for n, page in enumerate(pages, 1)] == [True] * 5


def test_page_numbers_set_from_one_line_sit_where_weasyprint_sets_them_in_one_document(settings):
    """The numbers of a joined document are composed from glyphs laid out once: the same
    words, in the same places, as WeasyPrint's own page counters in a document of one piece."""
    settings.DOCUMENT_PIECE_FORMS = 4
    publicity = dataclasses.replace(HOSPITAL_PUBLICITY, seal_text=None, applicants=tuple(
        dataclasses.replace(LI_CHUNMEI if number % 3 else WANG_JIANGUO, name=f"申报人{number}") for number in range(1, 12)))
    document = publicity_form_document(publicity, [publicity.applicants], lambda piece: piece)
    one_document = rendering.render_pdf(document.template_name, {**document.context(0), "page": document.page})

    def numbers(pdf):
        return [[word for word in page if word[0] in "第页共" or word[0].isdigit() and word[2] > FOOT] for page in pdf_words(pdf)]

    composed, laid_out = numbers(publicity_form_pdf(publicity)), numbers(one_document)
    assert len(composed) == 11 and [[text for text, *_ in page] for page in composed][9] == ["第", "10", "页", "共", "11", "页"]
    assert [[text for text, *_ in page] for page in composed] == [[text for text, *_ in page] for page in laid_out]
    assert all(abs(a - b) < 0.01 for one, other in zip(composed, laid_out) for x, y in zip(one, other) for a, b in zip(x[1:], y[1:]))


def test_the_user_agent_sheet_of_pieces_leaves_out_only_the_footnote_and_note_rules():
    """A WeasyPrint upgrade that changes these rules must be looked at again."""
    assert len(rendering.UNUSED_UA_RULES.findall(UA)) == 5 and UA.count("\n::marker {") == 1
    left_out = set(UA.splitlines()) - set(rendering.piece_user_agent_sheet_text().splitlines())
    assert sorted(line.split(" {")[0] for line in left_out) == sorted([
        "::footnote-call", "::footnote-marker", "::note-call", "::note-marker", "::note-callback", "::marker"])


@pytest.mark.django_db
def test_minutes_laid_out_in_pieces_number_the_candidates_through_and_open_and_close_once(settings):
    built = s.scene(candidates=3)
    meeting = s.opened(built)
    settings.DOCUMENT_PIECE_ROWS = 100
    whole = pdf_text(minutes_pdf(meeting))
    settings.DOCUMENT_PIECE_ROWS = 2

    text = pdf_text(minutes_pdf(meeting))

    pages = text.split("\f")[:-1]
    assert len(pages) == 2  # two pieces: candidates 1–2, then 3 with the close
    numbered = [line.split()[:2] for line in text.splitlines() if line.split() and line.split()[0].isdigit()]
    assert numbered == [[str(n), a.applicant.real_name] for n, a in enumerate(built.candidates, 1)]
    assert text.count("一、出席情况") == whole.count("一、出席情况") == 1 and "一、出席情况" in pages[0]
    assert text.count("主任委员签字") == 1 and "主任委员签字" in pages[1] and "表决3人" in pages[1]
    assert all(f"第{n}页共2页" in page.replace(" ", "") for n, page in enumerate(pages, 1))


@pytest.mark.django_db
def test_long_minutes_are_rendered_in_the_background_with_progress_for_the_office(client, settings):
    settings.TASKS = IMMEDIATE
    settings.DOCUMENT_BACKGROUND_FROM, settings.DOCUMENT_PIECE_ROWS = 2, 1
    built = s.scene(candidates=2)
    meeting = s.opened(built)
    client.force_login(built.office)
    address = reverse("web:meeting_minutes", args=[meeting.pk, "pdf"])

    offered = client.get(address).content.decode()
    page = client.get(client.post(address)["Location"]).content.decode()

    assert "本文书共 2 人，将在后台生成" in offered
    job = DocumentJob.objects.get()
    assert (job.kind, job.state, job.pieces, job.done, job.total) == ("meeting_minutes", DocumentJob.State.DONE, 2, 2, 2)
    assert "评审会议记录" in page and "已完成 2 / 2 人（100%）" in page
    with job.file.open("rb") as stored:
        text = pdf_text(stored.read())
    assert all(c.applicant.real_name in text for c in built.candidates) and "第2页共2页" in text.replace(" ", "")
    client.force_login(built.experts[1])  # a member who is not the chair: neither the job nor the minutes
    assert [client.get(reverse("web:document_job", args=[job.pk])).status_code, client.get(address).status_code] == [404, 404]


@pytest.mark.django_db
def test_a_piece_of_forms_is_read_in_the_same_number_of_queries_whatever_its_size(shown, django_assert_num_queries):
    _officer, publicity, applications = shown
    ids = unit_publicity.publicity_entry_ids(publicity)
    with CaptureQueriesContext(connection) as one:
        first = unit_publicity.publicity_applicants_of(publicity, ids[:1])

    with django_assert_num_queries(len(one.captured_queries)):
        both = unit_publicity.publicity_applicants_of(publicity, ids)

    assert [a.name for a in first] == [applications[0].applicant.real_name]
    assert [a.name for a in both] == [a.applicant.real_name for a in applications]


def test_the_seal_adds_no_objects_of_its_own_to_every_page():
    """A long document is joined from its pieces' objects: the seal is drawn as plain text and
    a circle, not as a group for every character on every page."""
    publicity = dataclasses.replace(HOSPITAL_PUBLICITY, applicants=tuple(
        dataclasses.replace(LI_CHUNMEI, name=f"申报人{number}") for number in range(1, 11)))
    unsealed = dataclasses.replace(publicity, seal_text=None)

    sealed_objects, unsealed_objects = (len(pikepdf.open(io.BytesIO(publicity_form_pdf(p))).objects) for p in (publicity, unsealed))

    assert "电子印章" in pdf_text(publicity_form_pdf(publicity))
    assert sealed_objects - unsealed_objects < 10  # the same few objects once, not some on each of the ten pages


def test_the_seal_drawn_once_lies_over_its_place_on_every_page_wherever_that_row_falls(settings):
    settings.DOCUMENT_PIECE_FORMS = 2
    publicity = dataclasses.replace(HOSPITAL_PUBLICITY, applicants=tuple(
        dataclasses.replace(LI_CHUNMEI if number % 2 else WANG_JIANGUO, name=f"申报人{number}") for number in range(1, 6)))

    pages = pdf_words(publicity_form_pdf(publicity))

    rows = [next(word for word in page if word[0] == "经办人") for page in pages]
    seals = [next(word for word in page if word[0] == "电子印章") for page in pages]
    assert len({round(row[2]) for row in rows}) == 2  # the forms with and without achievements end lower and higher
    assert len({(round(seal[1] - row[1], 2), round(seal[2] - row[2], 2)) for seal, row in zip(seals, rows)}) == 1
