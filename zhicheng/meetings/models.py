"""The review meeting (评审会议, C2, C3): the panel drawn from the committee's pool, who was
present, who recused themselves, the secret ballot and the minutes.

The ballot is secret by construction: a ``Tally`` counts the votes of one candidate and
knows no expert; a ``VoteReceipt`` says only *that* a member voted on a candidate, so he
cannot vote twice, and carries no choice and no time.  Nothing links the two.
"""

import random

from django.conf import settings
from django.db import models

from zhicheng.display import chinese_date


class Meeting(models.Model):
    """评审会议 of one review plan; its panel is drawn from the committee's pool."""

    class State(models.TextChoices):
        SCHEDULED = "scheduled", "待召开"
        OPEN = "open", "表决中"
        VOTING_CLOSED = "voting_closed", "表决已结束"
        CONFIRMED = "confirmed", "结果已确认"

    plan = models.ForeignKey("review.ReviewPlan", verbose_name="评审计划", on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField("会议日期")
    place = models.CharField("会议地点", max_length=100)
    state = models.CharField("状态", max_length=16, choices=State.choices, default=State.SCHEDULED)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="主任委员（会议主持人）", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="经办人", on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField("开始表决时间", null=True, blank=True)
    closed_at = models.DateTimeField("结束表决时间", null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="确认人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField("结果确认时间", null=True, blank=True)
    minutes_signed_at = models.DateTimeField("会议记录签字时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "评审会议"
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"{self.plan.committee.name} {chinese_date(self.held_on)}评审会议"

    @property
    def committee(self):
        return self.plan.committee


class PanelDraw(models.Model):
    """随机抽取评审专家 (C3): the record from which anyone can re-run the draw — the seed,
    the pool as it stood, the size asked for — and the experts it gave."""

    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="draw")
    seed = models.CharField("随机种子", max_length=32)
    pool = models.JSONField("抽取时的专家库", help_text="[{expert, specialty, unit}]，按专家编号排列")
    size = models.PositiveSmallIntegerField("抽取人数")
    drawn = models.JSONField("抽中的专家编号")
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="抽取人", on_delete=models.PROTECT, related_name="+")
    drawn_at = models.DateTimeField("抽取时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "专家抽取记录"

    def __str__(self):
        return f"{self.meeting} 抽取{self.size}人"


def draw_experts(seed: str, pool_ids: list[int], size: int) -> list[int]:
    """The draw itself: Python's Mersenne Twister seeded with ``seed`` samples ``size``
    experts from the pool sorted by expert id, so the order of the pool cannot matter."""
    return random.Random(seed).sample(sorted(pool_ids), size)


def redraw(draw: PanelDraw) -> list[int]:
    """Re-run a recorded draw: equal to ``draw.drawn`` unless the record was altered."""
    return draw_experts(draw.seed, [entry["expert"] for entry in draw.pool], draw.size)


class PanelMember(models.Model):
    """A drawn expert: present or not, and when he confirmed studying the standard (C2)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="members")
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="专家", on_delete=models.PROTECT, related_name="panel_seats")
    present = models.BooleanField("出席", default=False)
    studied_standard_at = models.DateTimeField("确认已学习评价标准时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "评审会议专家"
        ordering = ["meeting", "expert__real_name"]
        constraints = [models.UniqueConstraint(fields=["meeting", "expert"], name="expert_once_per_meeting")]

    def __str__(self):
        return f"{self.meeting} · {self.expert.real_name}"


class Recusal(models.Model):
    """回避 (C3): a member never votes on this candidate."""

    class Reason(models.TextChoices):
        SAME_UNIT = "same_unit", "与申报人同一单位"
        DECLARED = "declared", "本人申报的利害关系"

    member = models.ForeignKey(PanelMember, on_delete=models.PROTECT, related_name="recusals")
    application = models.ForeignKey("applications.Application", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField("回避原因", max_length=12, choices=Reason.choices)
    relation = models.CharField("关系说明", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "专家回避"
        constraints = [models.UniqueConstraint(fields=["member", "application"], name="recusal_once_per_candidate")]

    def __str__(self):
        return f"{self.member.expert.real_name} 回避 {self.application.applicant.real_name}（{self.get_reason_display()}）"


class Tally(models.Model):
    """The counted ballots of one candidate (无记名投票计票): counters only, no voter."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="tallies")
    application = models.ForeignKey("applications.Application", verbose_name="评审对象", on_delete=models.PROTECT, related_name="+")
    yes = models.PositiveSmallIntegerField("同意", default=0)
    no = models.PositiveSmallIntegerField("不同意", default=0)
    abstain = models.PositiveSmallIntegerField("弃权", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "计票"
        ordering = ["meeting", "application__applicant__real_name", "application_id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "application"], name="one_tally_per_candidate")]

    def __str__(self):
        return f"{self.application.applicant.real_name}：同意{self.yes} 不同意{self.no} 弃权{self.abstain}"

    @property
    def ballots(self) -> int:
        return self.yes + self.no + self.abstain


class VoteReceipt(models.Model):
    """That a member has voted on a candidate — never how, never when."""

    member = models.ForeignKey(PanelMember, on_delete=models.PROTECT, related_name="receipts")
    application = models.ForeignKey("applications.Application", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "投票记录"
        constraints = [models.UniqueConstraint(fields=["member", "application"], name="one_vote_per_member_and_candidate")]
