import json
import sys

from django.core.management.base import BaseCommand
from django.db import DatabaseError

from zhicheng.rules import RulesError

INVALID_INPUT = 2


class RulesCommand(BaseCommand):
    """Reads a JSON document from FILE (or - for standard input), runs one rule check and
    prints its JSON answer.  Exit code: 0 passes, 1 does not, 2 invalid input."""

    def add_arguments(self, parser):
        parser.add_argument("file", help="JSON 文件路径，- 表示从标准输入读取")

    def evaluate(self, data) -> dict:
        raise NotImplementedError

    def passed(self, result: dict) -> bool:
        raise NotImplementedError

    def handle(self, *args, file, **options):
        try:
            text = sys.stdin.read() if file == "-" else open(file, encoding="utf-8").read()
        except OSError as error:
            self.fail(f"无法读取文件 {file}：{error.strerror}")
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            self.fail(f"不是有效的 JSON（第{error.lineno}行第{error.colno}列）：{error.msg}")
        try:
            result = self.evaluate(data)
        except RulesError as error:
            self.fail(str(error))
        except DatabaseError as error:  # the working calendar's overrides live in the database
            self.fail(
                "无法读取数据库中的工作日历调整（数据库尚未建立或未迁移）：请先运行 zhicheng migrate，"
                f"或检查 DATABASE_URL 设置。（{type(error).__name__}）"
            )
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
        sys.exit(0 if self.passed(result) else 1)

    def fail(self, message: str):
        self.stderr.write(message)
        sys.exit(INVALID_INPUT)
