from django.core.management.base import BaseCommand
from django.utils import timezone

from zhicheng.demo.clock import demo_date_differs, real_today
from zhicheng.demo.loader import DEMO_PASSWORD, demo_accounts, load_demo
from zhicheng.display import chinese_date


class Command(BaseCommand):
    help = "载入东川区2022年演示数据（可重复运行，不会重复创建）"

    def handle(self, *args, **options):
        accounts, created = load_demo()
        self.stdout.write(f"演示数据已就绪（本次新建账号 {created} 个）。以下为各角色演示账号，密码均为 {DEMO_PASSWORD}：")
        for account in accounts:
            self.stdout.write(f"  {account.role:<12} 登录名 {account.login}  {account.name}（{account.scope}）")
        self.stdout.write("全部演示账号（角色与单位）见登录页的“查看全部演示账号”（/demo/accounts/），也列在下面。")
        for role, group in demo_accounts():
            self.stdout.write(f"{role}（{len(group)}个）：")
            for account in group:
                self.stdout.write(f"  登录名 {account.login}  {account.name}（{account.scope}）")
        self.stdout.write("所有身份证号和统一社会信用代码均为合成数据，仅用于演示。")
        if demo_date_differs():
            self.stdout.write(f"演示日期：{chinese_date(timezone.localdate())}（实际日期{chinese_date(real_today())}），"
                              "本年度的评审从这一天起能办理到发证；登录后在“演示日期”页（/demo/date/）向后调整。")
