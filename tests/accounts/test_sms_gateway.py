"""The real-gateway sender posts the message as JSON with its token, and a refusal or an
unreachable gateway is an SmsError the page can word."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from zhicheng.accounts.sms import HttpGatewaySender, SmsError


@pytest.fixture
def gateway(settings):
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            received.append((self.headers["Authorization"], body))
            self.send_response(500 if body["mobile"] == "13900000000" else 200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.SMS_GATEWAY_URL = f"http://127.0.0.1:{server.server_port}/send"
    settings.SMS_GATEWAY_TOKEN = "token-1"
    yield received
    server.shutdown()


def test_gateway_receives_the_message(gateway):
    HttpGatewaySender().send("13987130001", "验证码 123456")
    assert gateway == [("Bearer token-1", {"mobile": "13987130001", "text": "验证码 123456"})]


def test_gateway_refusal_is_an_sms_error(gateway):
    with pytest.raises(SmsError, match="短信网关拒绝了请求（500）"):
        HttpGatewaySender().send("13900000000", "x")


def test_unreachable_gateway_is_an_sms_error(settings):
    settings.SMS_GATEWAY_URL = "http://127.0.0.1:9/send"
    with pytest.raises(SmsError, match="短信网关暂时无法连接"):
        HttpGatewaySender().send("13987130001", "x")
