"""Backup and restore (issue 11 item 8): a dump and a manifest from one snapshot, restored
into a separate database and checked there by `zhicheng restore-check` as an operator runs
it: every table's rows, the trail against the signed checkpoints, the attachments."""

import io
import json
import os
import sqlite3
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.db import connection

from tests.factories import UnitFactory
from zhicheng.audit.anchor import write_checkpoint
from zhicheng.accounts.models import Unit
from zhicheng.audit.backup import BackupError, check_restored, read_manifest
from zhicheng.audit.trail import record_event

KEY = "测试用核验密钥"


@pytest.fixture
def keyed(settings):
    settings.AUDIT_ANCHOR_KEY = KEY
    settings.AUDIT_CHECKPOINT_DIR = ""


def restored_database(folder, manifest) -> str:
    """The dump restored into a database of its own; its DATABASE_URL."""
    if connection.vendor == "sqlite":
        return f"sqlite:///{folder / manifest['dump']}"  # SQLite's backup is the restored copy
    settings = connection.settings_dict
    name = f"{settings['NAME']}_restored"
    server = ["-h", settings["HOST"] or "127.0.0.1", "-p", str(settings["PORT"] or 5432), "-U", settings["USER"]]
    subprocess.run(["dropdb", "--if-exists", *server, name], check=True)
    subprocess.run(["createdb", *server, name], check=True)
    subprocess.run(["pg_restore", "--no-owner", *server, "-d", name, str(folder / manifest["dump"])], check=True)
    return f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{name}"


def restore_check(database_url, tmp_path, *args):
    env = {**os.environ, "DATABASE_URL": database_url, "ZHICHENG_VAR_DIR": str(tmp_path), "AUDIT_ANCHOR_KEY": KEY}
    done = subprocess.run([sys.executable, "-m", "zhicheng.cli", "restore-check", *args], env=env, capture_output=True, text=True)
    return done.returncode, done.stdout, done.stderr


def sql(database_url, statement):
    if database_url.startswith("sqlite"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as copy:
            copy.execute(statement)
    else:
        subprocess.run(["psql", database_url, "-c", f"SET session_replication_role = replica; {statement}"], check=True, capture_output=True)


@pytest.mark.django_db(transaction=True)
def test_a_restored_copy_is_checked_against_the_manifest_and_the_checkpoints(keyed, officer, tmp_path):
    subject = UnitFactory()
    for n in range(4):
        record_event(action="unit.review", subject=subject, actor=officer, opinion=f"意见{n}")
    write_checkpoint()
    folder = tmp_path / "backup"
    out = io.StringIO()

    call_command("backup", str(folder), stdout=out)

    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["tables"]["accounts_unit"] == 2 and manifest["audit"]["last_seq"] == 4
    assert "审计记录至第 4 条" in out.getvalue()
    url = restored_database(folder, manifest)

    code, stdout, stderr = restore_check(url, tmp_path, str(folder / "manifest.json"), "--files")
    assert (code, stderr) == (0, "")
    assert "恢复的副本与备份一致" in stdout and "审计记录 4 条校验通过" in stdout and "附件文件 0 个俱在" in stdout

    sql(url, "DELETE FROM accounts_unit WHERE id = (SELECT MAX(id) FROM accounts_unit)")
    sql(url, "DELETE FROM audit_event WHERE seq = 4")
    sql(url, "UPDATE audit_chainhead SET last_seq = 3")
    code, stdout, stderr = restore_check(url, tmp_path, str(folder / "manifest.json"))
    assert code == 1 and stdout == ""
    assert "表 accounts_unit 有 1 行，备份时有 2 行" in stderr
    assert "审计链头为第 3 条，备份时为第 4 条" in stderr
    assert "审计记录校验未通过：第 4 条记录被删除" in stderr


@pytest.mark.django_db
def test_restore_check_names_a_table_that_differs_and_a_bad_manifest(keyed, chain, tmp_path):
    manifest = {"tables": {"accounts_unit": 99, "gone_table": 1}, "audit": {"last_seq": 5, "last_hash": chain[4].hash}}

    report = check_restored(manifest)

    assert not report.ok
    assert f"表 accounts_unit 有 {Unit.objects.count()} 行，备份时有 99 行" in report.problems
    assert "表 gone_table 不存在（备份时有 1 行）" in report.problems
    (tmp_path / "manifest.json").write_text("[]", encoding="utf-8")
    with pytest.raises(BackupError, match="备份清单 .* 无法读取或格式不对"):
        read_manifest(tmp_path / "manifest.json")
