"""One error shape for the whole API: {"error": {"field": ..., "message": ...}}, with a
Chinese message that names the field."""

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


def pydantic_error_body(errors: list[dict]) -> dict:
    """Pydantic's English errors never reach the caller: the first becomes our shape."""
    first = errors[0] if errors else {}
    field = ".".join(str(part) for part in first.get("loc", ()) if part not in ("body", "payload"))
    return error_body(field, PYDANTIC_MESSAGES.get(first.get("type", ""), "格式不正确"))
