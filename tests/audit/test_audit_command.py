import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def run_audit(*args) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    try:
        call_command("audit", *args, stdout=stdout, stderr=stderr)
        code = 0
    except SystemExit as exit:
        code = exit.code
    return code, stdout.getvalue(), stderr.getvalue()


def test_audit_verify_reports_an_intact_trail(chain):
    assert run_audit("verify") == (0, "审计记录完整：共 5 条，哈希链校验通过\n", "")


def test_audit_verify_reports_the_first_broken_link_and_exits_1(chain, tamper):
    tamper("UPDATE audit_event SET opinion = '同意' WHERE seq = 4")
    tamper("DELETE FROM audit_event WHERE seq = 2")

    assert run_audit("verify") == (1, "", "审计记录被篡改：第 3 条记录之前的记录被删除\n")
