"""POST /api/v1/rules/precheck and /api/v1/rules/plan-check: the same JSON as the CLI."""

import json

from ninja import Router, Status

from zhicheng.catalog.rules_service import run_plan_check, run_precheck
from zhicheng.rules import RuleInputError, RulesError

from .errors import error_body

router = Router(tags=["规则"])

JSON_OBJECT = {"content": {"application/json": {"schema": {"type": "object"}}}, "required": True}


def evaluate(request, check):
    try:
        data = json.loads(request.body or b"")
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        return Status(422, error_body("", f"请求体不是有效的 JSON：{error}"))
    try:
        return Status(200, check(data))
    except RuleInputError as error:
        return Status(422, error_body(error.field, error.message))
    except RulesError as error:
        return Status(422, error_body("", str(error)))


@router.post(
    "/precheck",
    auth=None,
    summary="申报资格预审（E1–E7）",
    response={200: dict, 422: dict},
    openapi_extra={"requestBody": JSON_OBJECT},
)
def precheck(request):
    return evaluate(request, run_precheck)


@router.post(
    "/plan-check",
    auth=None,
    summary="评审计划时间规则检查（T1–T7）",
    response={200: dict, 422: dict},
    openapi_extra={"requestBody": JSON_OBJECT},
)
def plan_check(request):
    return evaluate(request, run_plan_check)
