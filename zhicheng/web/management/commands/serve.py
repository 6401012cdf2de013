import os
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def default_workers() -> int:
    """Two processes a core of this machine."""
    return 2 * (os.cpu_count() or 1)


class Command(BaseCommand):
    help = "用 gunicorn 提供网页服务（演示与生产同一种方式）"

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("ZHICHENG_BIND", "127.0.0.1:8000"))
        # processes, each answering one request at a time: while one waits for the database,
        # another runs; Python's threads in one process would take turns on one core
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", 0)) or default_workers())
        parser.add_argument("--threads", type=int, default=int(os.environ.get("WEB_THREADS", "1")))

    def handle(self, *args, bind, workers, threads, **options):
        if settings.SECRET_KEY == settings.DEMO_SECRET_KEY and not (settings.DEBUG or settings.DEMO):
            raise CommandError(
                "拒绝启动：SECRET_KEY 仍是公开的演示密钥。生产环境请设置环境变量 SECRET_KEY（至少50个随机字符），"
                "再运行 zhicheng check --deploy；只是试用演示系统的，请用 make demo。"
            )
        self.stdout.write(f"职称申报评审系统 正在 http://{bind}/ 提供服务（按 Ctrl+C 停止）")
        sys.stdout.flush()
        os.execvp(
            sys.executable,
            [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", bind, "--workers", str(workers),
             "--threads", str(threads), "--access-logfile", "-"],
        )
