from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "zhicheng.review"
    verbose_name = "评审计划与会议"
