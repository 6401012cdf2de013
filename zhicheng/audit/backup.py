"""Backups that can be checked (issue 11 item 8).

`write_backup` dumps the database and, from the very same snapshot, a manifest: the rows
of every table, the chain head and the last checkpoint.  `check_restored` runs on a
restored copy (DATABASE_URL and the storage variables pointing at it): the same rows in
every table, the trail verified against the checkpoints, the same chain head, and with
`files` every stored attachment present in the object store.  The object store itself is
copied by the store's own tools (see the README); the manifest says what must be there.
"""

import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from .anchor import AnchorError, checkpoint_ranges
from .models import ChainHead
from .trail import durable_chain_end
from .verify import verify_chain

MANIFEST = "manifest.json"


class BackupError(Exception):
    """The backup could not be written; the message says why."""


def table_counts() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def _audit_state() -> dict:
    head = ChainHead.objects.filter(pk=ChainHead.ROW).first()
    try:
        checkpointed = checkpoint_ranges()[-1][1] if checkpoint_ranges() else 0
    except AnchorError:
        checkpointed = None
    return {
        "last_seq": head.last_seq if head else 0, "last_hash": head.last_hash if head else "",
        "purged_through": head.purged_through if head else 0, "checkpointed_through": checkpointed,
    }


def write_backup(folder: Path) -> dict:
    """The database dump and its manifest into `folder` (created); the manifest."""
    folder.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "postgresql":
        manifest = _postgresql(folder)
    elif connection.vendor == "sqlite":
        manifest = _sqlite(folder)
    else:
        raise BackupError(f"不支持的数据库：{connection.vendor}")
    (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest


def _manifest(dump: str) -> dict:
    return {"created_at": timezone.now().isoformat(timespec="seconds"), "database": connection.vendor, "dump": dump,
            "tables": table_counts(), "audit": _audit_state()}


def _postgresql(folder: Path) -> dict:
    """pg_dump from a snapshot exported by this transaction, and the counts from it too."""
    if shutil.which("pg_dump") is None:
        raise BackupError("找不到 pg_dump：请安装与数据库同版本的 PostgreSQL 客户端")
    settings = connection.settings_dict
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        command = ["pg_dump", "--format=custom", "--no-owner", f"--snapshot={snapshot}", "--file", str(folder / "database.dump")]
        for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
            if settings.get(key):
                command += [option, str(settings[key])]
        command.append(settings["NAME"])
        env = {**os.environ, **({"PGPASSWORD": settings["PASSWORD"]} if settings.get("PASSWORD") else {})}
        done = subprocess.run(command, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise BackupError(f"pg_dump 未完成：{done.stderr.strip()}")
        manifest = _manifest("database.dump")
    durable_chain_end()  # the chainings dumped are on disk: the database keeps them as the dump has them
    return manifest


def _sqlite(folder: Path) -> dict:
    """SQLite's online backup: a consistent copy; the counts are read from the copy."""
    target_path = folder / "database.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(target_path) as target:
        connection.connection.backup(target)
    manifest = _manifest("database.sqlite3")
    with sqlite3.connect(target_path) as copy:
        manifest["tables"] = {t: copy.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in manifest["tables"]}
    return manifest


@dataclass
class RestoreCheck:
    problems: list[str] = field(default_factory=list)
    tables: int = 0
    rows: int = 0
    events: int = 0
    files: int | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def check_restored(manifest: dict, *, files: bool = False) -> RestoreCheck:
    report = RestoreCheck()
    counts = table_counts()
    for table, expected in manifest["tables"].items():
        found = counts.get(table)
        if found is None:
            report.problems.append(f"表 {table} 不存在（备份时有 {expected} 行）")
        elif found != expected:
            report.problems.append(f"表 {table} 有 {found} 行，备份时有 {expected} 行")
    for table in sorted(set(counts) - set(manifest["tables"])):
        report.problems.append(f"表 {table} 备份时没有")
    report.tables, report.rows = len(counts), sum(counts.values())
    audit = _audit_state()
    expected = manifest["audit"]
    if (audit["last_seq"], audit["last_hash"]) != (expected["last_seq"], expected["last_hash"]):
        report.problems.append(f"审计链头为第 {audit['last_seq']} 条，备份时为第 {expected['last_seq']} 条")
    result = verify_chain()
    report.events = result.checked
    if not result.ok:
        report.problems.append(f"审计记录校验未通过：{result.reason}")
    if files:
        report.files = _missing_files(report)
    return report


def _missing_files(report: RestoreCheck) -> int:
    from zhicheng.applications.models import Attachment

    checked = 0
    for name in Attachment.objects.exclude(file="").values_list("file", flat=True).iterator():
        checked += 1
        if not Attachment._meta.get_field("file").storage.exists(name):
            report.problems.append(f"对象存储中缺少附件文件 {name}")
    return checked


def read_manifest(path: Path) -> dict:
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("tables"), dict) or not isinstance(manifest.get("audit"), dict):
        raise BackupError(f"备份清单 {path} 无法读取或格式不对：请给出 zhicheng backup 写下的 {MANIFEST}")
    return manifest
