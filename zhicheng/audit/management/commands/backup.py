import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from zhicheng.audit.backup import MANIFEST, BackupError, write_backup


class Command(BaseCommand):
    help = "备份数据库：转储文件和同一时刻的备份清单（各表行数、审计链头）写入给定的文件夹；对象存储用其自身的工具另行备份"

    def add_arguments(self, parser):
        parser.add_argument("folder", help="备份写入的文件夹（不存在则创建）")

    def handle(self, *args, folder, **options):
        try:
            manifest = write_backup(Path(folder))
        except BackupError as error:
            self.stderr.write(f"备份未完成：{error}")
            sys.exit(1)
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"已备份：{len(manifest['tables'])} 张表共 {rows} 行，审计记录至第 {manifest['audit']['last_seq']} 条；"
            f"数据库转储 {Path(folder) / manifest['dump']}，清单 {Path(folder) / MANIFEST}"
        )
