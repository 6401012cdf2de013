"""A long document rendered in the background (文书生成任务): who asked for which document
of what, how far the worker has come, the file it stored, or what went wrong."""

from django.conf import settings
from django.db import models


class DocumentJob(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", "排队等候"
        RUNNING = "running", "正在生成"
        DONE = "done", "已生成"
        FAILED = "failed", "生成失败"

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="申请人", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("文书", max_length=40)  # a key of zhicheng.documents.kinds.KINDS
    subject_id = models.BigIntegerField("对象编号")  # the publicity or plan the document is of
    format = models.CharField("格式", max_length=8)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.QUEUED)
    done = models.PositiveIntegerField("已完成", default=0)
    total = models.PositiveIntegerField("总数", default=0)  # applicants (forms) or list rows
    pieces = models.PositiveIntegerField("分段数", default=0)  # a PDF's pieces, each laid out by any worker
    pieces_done = models.PositiveIntegerField("已完成分段", default=0)
    file = models.FileField("文件", upload_to="documents/%Y/%m/", blank=True)
    filename = models.CharField("文件名", max_length=200)
    error = models.TextField("错误说明", blank=True)
    created_at = models.DateTimeField("申请时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    progressed_at = models.DateTimeField("最近进展", null=True, blank=True)  # the worker's last sign of life

    class Meta:
        verbose_name = verbose_name_plural = "文书生成任务"
        indexes = [models.Index(fields=["kind", "subject_id", "format", "requested_by"], name="documentjob_document")]

    def __str__(self):
        return f"{self.filename}（{self.get_state_display()}）"

    @property
    def ready(self) -> bool:
        return self.state == self.State.DONE

    @property
    def failed(self) -> bool:
        return self.state == self.State.FAILED

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)

    @property
    def percent(self) -> int:
        return 100 if self.state == self.State.DONE else (100 * self.done // self.total if self.total else 0)
