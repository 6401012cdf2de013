from zhicheng.catalog.management.rules_command import RulesCommand
from zhicheng.catalog.rules_service import run_plan_check


class Command(RulesCommand):
    help = "评审计划时间规则检查（T1–T7）：读入 JSON，输出计算出的日期和违反的规则。退出码 0 通过，1 有违反，2 输入有误"

    def evaluate(self, data):
        return run_plan_check(data)

    def passed(self, result):
        return result["ok"]
