import sys

from django.core.management.base import BaseCommand

from zhicheng.audit.trail import verify_chain


class Command(BaseCommand):
    help = "审计记录（P3）。verify：逐条校验哈希链，报告第一处断裂；退出码 0 完整，1 被篡改"

    def add_arguments(self, parser):
        subcommands = parser.add_subparsers(dest="subcommand", required=True, metavar="{verify}")
        subcommands.add_parser("verify", help="校验审计记录的哈希链")

    def handle(self, *args, subcommand, **options):
        result = verify_chain()
        if not result.ok:
            self.stderr.write(f"审计记录被篡改：{result.reason}")
            sys.exit(1)
        self.stdout.write(f"审计记录完整：共 {result.checked} 条，哈希链校验通过")
