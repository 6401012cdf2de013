import io

import pytest
from django.core.management import call_command
from django.db import DataError, connection, transaction

pytestmark = pytest.mark.django_db

NO_KEY = "未配置核验密钥 AUDIT_ANCHOR_KEY，未与核验点比对：删去末尾或整体重算的记录在此无法发现\n"


def run_audit(*args) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    try:
        call_command("audit", *args, stdout=stdout, stderr=stderr)
        code = 0
    except SystemExit as exit:
        code = exit.code
    return code, stdout.getvalue(), stderr.getvalue()


def test_audit_verify_reports_an_intact_trail(chain, settings):
    settings.AUDIT_ANCHOR_KEY = ""
    assert run_audit("verify") == (0, "审计记录完整：共 5 条，哈希链校验通过\n" + NO_KEY, "")


def test_audit_verify_reports_the_first_broken_place_and_exits_1(chain, tamper):
    tamper("UPDATE audit_event SET opinion = '同意' WHERE seq = 4")
    tamper("DELETE FROM audit_event WHERE seq = 2")

    assert run_audit("verify") == (1, "", "审计记录被篡改：第 2 条记录被删除\n")


def test_audit_verify_reports_a_malformed_row_as_altered_without_a_traceback(chain, tamper):
    # SQLite keeps any text in a date column (one non-digit byte); PostgreSQL refuses it.
    statement, malformed = "UPDATE audit_event SET occurred_at = %s WHERE seq = 3", "2026-12-0x 10:00:00.000000"
    if connection.vendor == "postgresql":
        with pytest.raises(DataError), transaction.atomic():
            tamper(statement, [malformed])
        assert run_audit("verify")[0] == 0
    else:
        tamper(statement, [malformed])
        assert run_audit("verify") == (1, "", "审计记录被篡改：第 3 条记录内容被改动\n")
