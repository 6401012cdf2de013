"""`zhicheng db_worker`: django-tasks-db's worker, with the document jobs' tasks and their
renderers loaded when it starts, before it takes a task, so that the first document a fresh
worker renders does not wait for WeasyPrint, openpyxl and the template engine to load
(about a second of CPU)."""

from django_tasks_db.management.commands import db_worker

from zhicheng.documents import jobs  # noqa: F401  the tasks, as the worker would import them for its first one
from zhicheng.documents.rendering import renderers_loaded


class Command(db_worker.Command):
    help = "运行后台文书处理进程：启动时先载入文书生成所需的模块，再依次处理排队的文书任务"

    def handle(self, *args, **options):
        renderers_loaded()
        super().handle(*args, **options)
