"""Production is safe by default: the demo's settings are errors in `check --deploy`, and
`serve` refuses the published key outside the demo."""

import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories import ApplicantFactory
from zhicheng.accounts.checks import production_settings

pytestmark = pytest.mark.django_db

DEMO_DEFAULTS = {"zhicheng.E001", "zhicheng.E002", "zhicheng.E003", "zhicheng.E004", "zhicheng.E005"}


def test_check_deploy_fails_on_the_demo_defaults_with_debug_off(tmp_path):
    env = {key: value for key, value in os.environ.items()
           if key not in {"SECRET_KEY", "EMAIL_BACKEND", "STORAGE_BUCKET", "AUDIT_ANCHOR_KEY", "SMS_SENDER", "ZHICHENG_DEMO"}}
    env.update(DEBUG="false", ZHICHENG_VAR_DIR=str(tmp_path), DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")

    run = subprocess.run([sys.executable, "-m", "zhicheng.cli", "check", "--deploy"], env=env, capture_output=True, text=True)

    assert run.returncode == 1
    for check_id in DEMO_DEFAULTS:
        assert check_id in run.stderr
    assert "SECRET_KEY 仍是公开的演示密钥" in run.stderr and "Traceback" not in run.stderr


@pytest.fixture
def production(settings):
    settings.SECRET_KEY = "a-production-key-" + "x" * 40
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.SMS_SENDER = "zhicheng.accounts.sms.HttpGatewaySender"
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {}}}
    settings.AUDIT_ANCHOR_KEY = "anchor-key"
    return settings


def test_a_configured_production_passes(production):
    assert production_settings(None) == []


def test_active_demo_accounts_are_an_error(production):
    demo = ApplicantFactory(id_number="530113198503120125", is_demo=True)
    assert [error.id for error in production_settings(None)] == ["zhicheng.E006"]

    demo.is_active = False
    demo.save()
    assert production_settings(None) == []


def test_serve_refuses_the_demo_key_outside_the_demo(settings, monkeypatch):
    started = []
    monkeypatch.setattr(os, "execvp", lambda program, argv: started.append(argv))
    settings.DEBUG, settings.DEMO = False, False

    with pytest.raises(CommandError, match="拒绝启动：SECRET_KEY 仍是公开的演示密钥"):
        call_command("serve", bind="127.0.0.1:8199")
    assert started == []

    settings.DEMO = True
    call_command("serve", bind="127.0.0.1:8199")
    settings.DEMO, settings.SECRET_KEY = False, "a-production-key-" + "x" * 40
    call_command("serve", bind="127.0.0.1:8199")
    assert len(started) == 2 and "gunicorn" in started[0]


def test_serve_answers_one_request_at_a_time_in_each_process_by_default(settings, monkeypatch):
    """The demo moves a process's clock at the start of a request: no other request of that
    process may be running then (gunicorn's synchronous workers, one thread each)."""
    started = []
    monkeypatch.setattr(os, "execvp", lambda program, argv: started.append(argv))
    monkeypatch.delenv("WEB_THREADS", raising=False)
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    settings.DEMO = True

    call_command("serve", bind="127.0.0.1:8199")

    (argv,) = started
    assert argv[argv.index("--threads") + 1] == "1"
    assert argv[argv.index("--workers") + 1] == str(2 * os.cpu_count())
