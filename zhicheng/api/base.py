"""The HTTP API (/api/v1/): thin, one schema per operation, one error shape.

Every error answers {"error": {"field": ..., "message": ...}} with a Chinese message that
names the field; Pydantic's English messages never reach the caller.
"""

from ninja import NinjaAPI
from ninja.errors import ValidationError as NinjaValidationError

api = NinjaAPI(title="职称申报评审系统 API", version="1", urls_namespace="api")

PYDANTIC_MESSAGES = {
    "missing": "必须填写",
    "date_from_datetime_parsing": "日期格式应为YYYY-MM-DD",
    "date_parsing": "日期格式应为YYYY-MM-DD",
    "date_type": "日期格式应为YYYY-MM-DD",
    "bool_parsing": "应为true或false",
    "bool_type": "应为true或false",
    "literal_error": "取值不在允许范围内",
    "enum": "取值不在允许范围内",
    "string_type": "应为字符串",
    "list_type": "应为列表",
    "dict_type": "应为对象",
    "model_type": "应为对象",
    "extra_forbidden": "不是可识别的字段",
}


def error_body(field: str, message: str) -> dict:
    return {"error": {"field": field, "message": f"{field}: {message}" if field else message}}


@api.exception_handler(NinjaValidationError)
def validation_error(request, exc):
    first = exc.errors[0] if exc.errors else {}
    location = [str(part) for part in first.get("loc", ()) if part not in ("body", "payload")]
    field = ".".join(location)
    message = PYDANTIC_MESSAGES.get(first.get("type", ""), "格式不正确")
    return api.create_response(request, error_body(field, message), status=422)


@api.get("/health", auth=None, summary="服务状态")
def health(request):
    return {"status": "ok"}
