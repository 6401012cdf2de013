from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "zhicheng.demo"
    verbose_name = "演示数据"

    def ready(self):
        from django.core.signals import request_started
        from django_tasks.signals import task_started

        from .clock import follow

        # every request and every background job of the demo runs on the demo date
        request_started.connect(follow, dispatch_uid="demo-date-request")
        task_started.connect(follow, dispatch_uid="demo-date-task")
