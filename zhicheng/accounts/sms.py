"""Text messages through a pluggable sender (settings.SMS_SENDER): a class whose
send(mobile, text) delivers one message or raises SmsError."""

import json
import sys
import urllib.error
import urllib.request

from django.conf import settings
from django.utils.module_loading import import_string


class SmsError(Exception):
    pass


class ConsoleSender:
    """The demo's sender: the message is printed where the server runs."""

    def send(self, mobile: str, text: str) -> None:
        sys.stdout.write(f"[短信] 发送至 {mobile}：{text}\n")
        sys.stdout.flush()


class HttpGatewaySender:
    """A gateway that takes a JSON POST {"mobile", "text"} with a bearer token
    (SMS_GATEWAY_URL, SMS_GATEWAY_TOKEN) and answers 2xx when it accepted the message."""

    def send(self, mobile: str, text: str) -> None:
        body = json.dumps({"mobile": mobile, "text": text}).encode()
        request = urllib.request.Request(
            settings.SMS_GATEWAY_URL, data=body, method="POST",
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {settings.SMS_GATEWAY_TOKEN}"},
        )
        try:
            urllib.request.urlopen(request, timeout=10).close()  # anything but 2xx raises HTTPError
        except urllib.error.HTTPError as refused:
            raise SmsError(f"短信网关拒绝了请求（{refused.code}）") from refused
        except OSError as error:
            raise SmsError("短信网关暂时无法连接") from error


def sms_sender():
    return import_string(settings.SMS_SENDER)()
