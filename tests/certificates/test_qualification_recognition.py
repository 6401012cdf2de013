"""Vocational qualifications (E5, §一(十)): recognised as the mapped title, no certificate."""

import datetime

import pytest

from zhicheng.applications.models import Notification
from zhicheng.applications.services import WorkflowError
from zhicheng.certificates import services
from zhicheng.certificates.models import Certificate, RecognisedQualification
from zhicheng.profiles.models import QualificationRecord

AUG_1 = datetime.date(2022, 8, 1)


def held(applicant, name, number="1253000000001"):
    return QualificationRecord.objects.create(profile=applicant.profile, name=name, certificate_number=number,
                                              obtained_on=datetime.date(2019, 11, 20))


def test_qualification_on_the_table_recognised_as_the_mapped_title(cast):
    qualification = held(cast.applicant, "一级建造师")

    recognised = services.qualification_recognise(actor=cast.bureau, qualification=qualification, today=AUG_1)

    assert (recognised.holder, recognised.name, recognised.certificate_number, recognised.obtained_on) == (
        cast.applicant, "一级建造师", "1253000000001", datetime.date(2019, 11, 20))
    assert (recognised.series, recognised.level, recognised.title_name) == ("engineering", "intermediate", "工程师")
    assert "附件7" in recognised.reference
    assert not Certificate.objects.exists()
    assert Notification.objects.filter(recipient=cast.applicant, message__contains="不另发职称证书").exists()


def test_qualification_not_on_the_table_refused(cast):
    with pytest.raises(WorkflowError, match="不在职业资格与职称对应表内"):
        services.qualification_recognise(actor=cast.bureau, qualification=held(cast.applicant, "茶艺师"), today=AUG_1)


def test_qualification_recognised_once(cast):
    qualification = held(cast.applicant, "监理工程师")
    services.qualification_recognise(actor=cast.bureau, qualification=qualification, today=AUG_1)

    with pytest.raises(WorkflowError, match="该职业资格已认定"):
        services.qualification_recognise(actor=cast.bureau, qualification=qualification, today=AUG_1)


def test_qualification_recognition_by_bureau_outside_the_region_refused(cast, other_bureau):
    with pytest.raises(WorkflowError, match="只有申报人所在地区的人力资源社会保障部门"):
        services.qualification_recognise(actor=other_bureau, qualification=held(cast.applicant, "一级建造师"), today=AUG_1)

    assert not RecognisedQualification.objects.exists()
