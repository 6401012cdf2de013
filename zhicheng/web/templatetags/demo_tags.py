from django import template
from django.urls import reverse
from django.utils.html import format_html

from zhicheng.demo.loader import demo_loaded

register = template.Library()


@register.simple_tag
def demo_accounts_link():
    """On the login page, in the demo only: where to find every demo account."""
    if not demo_loaded():
        return ""
    return format_html('<p class="notice">这是演示系统：<a href="{}">查看全部演示账号（角色与单位）</a></p>', reverse("web:demo_accounts"))
