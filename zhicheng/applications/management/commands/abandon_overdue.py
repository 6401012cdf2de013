from django.core.management.base import BaseCommand
from django.utils import timezone

from zhicheng.applications.committee import abandon_overdue


class Command(BaseCommand):
    help = "把补正期限已过、未提交补正材料的申报标记为“视为放弃申报”并通知申报人（定时运行）"

    def handle(self, *args, **options):
        abandoned = abandon_overdue(timezone.localdate())
        self.stdout.write(f"逾期未补正、视为放弃的申报：{len(abandoned)} 件")
