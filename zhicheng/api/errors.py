"""One error shape for the whole API: {"error": {"field": ..., "message": ...}}, with a
Chinese message that names the field, the field written as the rules engine writes it
(``person.education[0].graduated_on``)."""

PYDANTIC_MESSAGES = {
    "missing": "必填",
    "date_from_datetime_parsing": "日期格式应为YYYY-MM-DD",
    "date_parsing": "日期格式应为YYYY-MM-DD",
    "date_type": "日期格式应为YYYY-MM-DD",
    "string_pattern_mismatch": "格式不符，日期应为YYYY-MM-DD，月份应为YYYY-MM",
    "bool_parsing": "应为布尔值 true 或 false",
    "bool_type": "应为布尔值 true 或 false",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "literal_error": "取值不在允许范围内",
    "enum": "取值不在允许范围内",
    "string_type": "应为字符串",
    "list_type": "应为列表",
    "too_short": "至少需要一项",
    "dict_type": "应为JSON对象",
    "model_type": "应为JSON对象",
    "model_attributes_type": "应为JSON对象",
    "extra_forbidden": "未知字段",
    "json_invalid": "请求体不是有效的 JSON",
}


def error_body(field: str, message: str) -> dict:
    return {"error": {"field": field, "message": f"{field}: {message}" if field else message}}


def field_path(loc) -> str:
    """("body", "payload", "person", "education", 0, "degree") → person.education[0].degree."""
    path = ""
    for part in loc:
        if part in ("body", "payload"):
            continue
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path = f"{path}.{part}" if path else str(part)
    return path


def pydantic_error_body(errors: list[dict]) -> dict:
    """Pydantic's English errors never reach the caller: the first becomes our shape."""
    first = errors[0] if errors else {}
    message = PYDANTIC_MESSAGES.get(first.get("type", ""), "格式不正确")
    return error_body(field_path(first.get("loc", ())), message)
