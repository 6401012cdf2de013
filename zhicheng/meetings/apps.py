from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "zhicheng.meetings"
    verbose_name = "评审会议"
