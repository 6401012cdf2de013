import os
import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "用 gunicorn 提供网页服务（演示与生产同一种方式）"

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("ZHICHENG_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2")))

    def handle(self, *args, bind, workers, **options):
        self.stdout.write(f"职称申报评审系统 正在 http://{bind}/ 提供服务（按 Ctrl+C 停止）")
        sys.stdout.flush()
        os.execvp(
            sys.executable,
            [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", bind, "--workers", str(workers),
             "--access-logfile", "-"],
        )
