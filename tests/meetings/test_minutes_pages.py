"""会议记录 long enough to fill several pages: no candidate's row is split across two
pages, read back page by page from the rendered PDF with poppler's pdftotext."""

import datetime
import re
from pathlib import Path

import pytest
import time_machine

from tests.documents.pdf_reading import pdf_info, pdf_text_of_page
from tests.factories import UnitFactory
from tests.meetings import scene as s
from zhicheng.meetings.minutes import minutes_pdf

pytestmark = pytest.mark.django_db
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "documents"
CANDIDATES = 45


def first_marker(i: int) -> str:
    return f"A{i:02d}A"


def last_marker(i: int) -> str:
    return f"B{i:02d}B"


def test_minutes_of_many_candidates_span_pages_without_splitting_a_row():
    with time_machine.travel(datetime.datetime(2022, 11, 22, 9, 0), tick=False):
        built = s.scene(experts=11, candidates=0)
        for i in range(1, CANDIDATES + 1):
            # a unit name long enough to wrap over three lines of its cell, marked at both ends
            employer = UnitFactory(name=f"{first_marker(i)}昆明市东川区小江流域水利水电工程勘测设计研究院有限公司{last_marker(i)}")
            s.add_candidate(built, employer=employer, name=f"申报人{i:02d}")
        meeting = s.opened(built)
        pdf = minutes_pdf(meeting)
    (ARTIFACTS / "minutes-long.pdf").parent.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "minutes-long.pdf").write_bytes(pdf)  # for people to look at (pdftoppm -png)

    pages = int(pdf_info(pdf)["Pages"])
    texts = [re.sub(r"\s+", "", pdf_text_of_page(pdf, number)) for number in range(1, pages + 1)]
    rows = {
        i: sorted({number for marker in (first_marker(i), last_marker(i), f"申报人{i:02d}")
                   for number, text in enumerate(texts, start=1) if marker in text})
        for i in range(1, CANDIDATES + 1)
    }

    assert pages >= 3
    assert len({on[0] for on in rows.values() if on}) >= 2  # the rows do run over several pages
    assert {i: on for i, on in rows.items() if len(on) != 1} == {}  # each row whole on one page
    assert [rows[i][0] for i in range(1, CANDIDATES + 1)] == sorted(rows[i][0] for i in range(1, CANDIDATES + 1))
