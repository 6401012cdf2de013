import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

from zhicheng.applications.committee import abandon_overdue
from zhicheng.demo.clock import follow as follow_demo_date


class Command(BaseCommand):
    help = "把补正期限已过、未提交补正材料的申报标记为“视为放弃申报”并通知申报人。生产环境由定时任务每天运行；--every 让它循环运行（演示用）"

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, default=0, help="每隔多少秒运行一次；不填则只运行一次")

    def handle(self, *args, every, **options):
        while True:
            follow_demo_date()  # the demo's periodic jobs run on the demo date
            abandoned = abandon_overdue(timezone.localdate())
            self.stdout.write(f"{timezone.localtime():%Y-%m-%d %H:%M} 逾期未补正、视为放弃的申报：{len(abandoned)} 件")
            if not every:
                return
            close_old_connections()
            time.sleep(every)
