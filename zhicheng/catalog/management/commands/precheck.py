from zhicheng.catalog.management.rules_command import RulesCommand
from zhicheng.catalog.rules_service import run_precheck


class Command(RulesCommand):
    help = "申报资格预审（E1–E7）：读入 JSON，输出每条规则的结论。退出码 0 符合，1 不符合，2 输入有误"

    def evaluate(self, data):
        return run_precheck(data)

    def passed(self, result):
        return result["eligible"]
