import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from zhicheng.audit.backup import BackupError, check_restored, read_manifest


class Command(BaseCommand):
    help = (
        "检查恢复后的副本：各表行数与备份清单一致，审计记录与签名核验点一致，链头与备份时相同；"
        "--files 还逐一检查附件文件在对象存储中。退出码 0 一致，1 不一致"
    )

    def add_arguments(self, parser):
        parser.add_argument("manifest", help="zhicheng backup 写下的 manifest.json")
        parser.add_argument("--files", action="store_true", help="逐一检查每个附件文件在对象存储中")

    def handle(self, *args, manifest, files, **options):
        try:
            report = check_restored(read_manifest(Path(manifest)), files=files)
        except BackupError as error:
            self.stderr.write(str(error))
            sys.exit(2)
        for problem in report.problems:
            self.stderr.write(problem)
        if not report.ok:
            self.stderr.write(f"恢复的副本与备份不一致：{len(report.problems)} 处")
            sys.exit(1)
        checked = f"，附件文件 {report.files} 个俱在" if report.files is not None else ""
        self.stdout.write(f"恢复的副本与备份一致：{report.tables} 张表共 {report.rows} 行，审计记录 {report.events} 条校验通过{checked}")
