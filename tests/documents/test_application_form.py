"""The printed 申报表 is a form officials accept: the applicant's declaration with signature and
date, the unit's opinion block with its seal, the committee's block, the review log naming
each section, dates as 年月日 and no hashes."""

import datetime
import re

import pytest
import time_machine

from tests.applications import flow
from tests.documents.pdf_reading import pdf_text
from tests.factories import UnitFactory, UserFactory, engineering_committee, ready_engineer, review_plan
from zhicheng.accounts.models import Role
from zhicheng.applications.printing import application_pdf
from zhicheng.catalog.models import Specialty

pytestmark = pytest.mark.django_db
AUG_1 = datetime.date(2022, 8, 1)


@pytest.fixture
def approved():
    with time_machine.travel(datetime.datetime(2022, 8, 1, 10, 0), tick=False):
        unit = UnitFactory(name="昆明市东川区水利水电勘测设计院")
        officer = UserFactory(role=Role.EMPLOYER, unit=unit, real_name="黎艳芳")
        plan = review_plan(engineering_committee("city", name="昆明市工程系列中级职称评审委员会"))
        application = flow.start(ready_engineer(unit), plan, Specialty.objects.create(series="engineering", name="水利工程"), AUG_1)
        flow.submit(application, AUG_1)
        flow.approve(application, officer)
        return flow.fresh(application)


def test_the_form_has_declaration_unit_and_committee_blocks_and_a_log_by_section(approved):
    text = re.sub(r"[ \t]+", " ", pdf_text(application_pdf(approved)))

    assert "申报人声明" in text and "申报人（签名）" in text
    assert "用人单位意见" in text and "同意推荐" in text and "（盖章）" in text
    assert "评审委员会资格审核意见" in text and "昆明市工程系列中级职称评审委员会" in text
    assert text.count("2022年8月1日") >= 10  # each section's opinion, the approval and the unit's date
    for section in ("学历学位及证明：无问题", "附件材料：无问题", "职称申报承诺书：无问题"):
        assert section in text.replace("\n", "").replace(" ", "")
    assert "SHA-256" not in text
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)
