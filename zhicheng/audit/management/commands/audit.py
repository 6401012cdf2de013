import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

from zhicheng.audit.anchor import AnchorError, write_checkpoint
from zhicheng.audit.retention import PurgeRefused, purge, retained_since, retention_months
from zhicheng.audit.verify import verify_chain
from zhicheng.demo.clock import follow as follow_demo_date
from zhicheng.display import chinese_date


class Command(BaseCommand):
    help = (
        "审计记录（P3）。verify：逐条校验哈希链并与核验点比对，报告第一处断裂（退出码 0 完整，1 被篡改）；"
        "checkpoint：把新链接的记录签名写入核验点（--every 让它循环运行）；purge：清理超过保存期限的记录"
    )

    def add_arguments(self, parser):
        subcommands = parser.add_subparsers(dest="subcommand", required=True, metavar="{verify,checkpoint,purge}")
        subcommands.add_parser("verify", help="校验审计记录的哈希链及核验点")
        checkpoint = subcommands.add_parser("checkpoint", help="写核验点：新链接记录的哈希，经 AUDIT_ANCHOR_KEY 签名，存入对象存储")
        checkpoint.add_argument("--every", type=int, default=0, help="每隔多少秒运行一次；不填则只运行一次")
        subcommands.add_parser("purge", help="清理超过保存期限（AUDIT_RETENTION_MONTHS）且已有核验点的记录")

    def handle(self, *args, subcommand, **options):
        getattr(self, subcommand)(**options)

    def verify(self, **options):
        result = verify_chain()
        if not result.ok:
            self.stderr.write(f"审计记录被篡改：{result.reason}")
            sys.exit(1)
        self.stdout.write(f"审计记录完整：共 {result.checked} 条，哈希链校验通过")
        if not settings.AUDIT_ANCHOR_KEY:
            self.stdout.write("未配置核验密钥 AUDIT_ANCHOR_KEY，未与核验点比对：删去末尾或整体重算的记录在此无法发现")
        else:
            self.stdout.write(f"其中 {result.anchored} 条与签名核验点一致，其余 {result.checked - result.anchored} 条将在下次写核验点时签署")
        if result.unchained:
            self.stdout.write(f"另有 {result.unchained} 条刚写入的记录尚未链接，下次校验时一并校验")

    def checkpoint(self, *, every, **options):
        while True:
            follow_demo_date()  # the demo's periodic jobs run on the demo date
            try:
                checkpoint = write_checkpoint()
            except AnchorError as error:
                self.stderr.write(f"未写核验点：{error.reason}")
                if not every:
                    sys.exit(1)
            else:
                stamp = f"{timezone.localtime():%Y-%m-%d %H:%M}"
                self.stdout.write(
                    f"{stamp} 核验点：第 {checkpoint.from_seq} 至第 {checkpoint.to_seq} 条已签署" if checkpoint
                    else f"{stamp} 核验点：没有新的记录"
                )
            if not every:
                return
            close_old_connections()
            time.sleep(every)

    def purge(self, **options):
        today = timezone.localdate()
        try:
            first, last = purge(today)
        except PurgeRefused as error:
            self.stderr.write(str(error))
            sys.exit(1)
        kept = chinese_date(retained_since(today))
        if not last:
            self.stdout.write(f"没有可清理的记录：保存期限 {retention_months()} 个月，{kept}以前且已有核验点的记录才清理")
            return
        self.stdout.write(f"已清理第 {first} 至第 {last} 条（{kept}以前的记录，保存期限 {retention_months()} 个月）；链头记下了边界哈希，校验从第 {last + 1} 条接续")
