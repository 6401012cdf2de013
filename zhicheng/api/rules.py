"""POST /api/v1/rules/precheck and /api/v1/rules/plan-check: the same JSON as the CLI,
typed in the OpenAPI document (``schemas``); every refusal is 422 with the error shape."""

from ninja import Router, Status

from zhicheng.catalog.rules_service import run_plan_check, run_precheck
from zhicheng.rules import RuleInputError, RulesError

from .errors import error_body
from .schemas import ErrorOut, PlanIn, PlanOut, PrecheckIn, PrecheckOut

router = Router(tags=["规则"])


def evaluate(payload, check):
    try:
        return Status(200, check(payload.model_dump(by_alias=True, exclude_unset=True)))
    except RuleInputError as error:
        return Status(422, error_body(error.field, error.message))
    except RulesError as error:
        return Status(422, error_body("", str(error)))


@router.post(
    "/precheck", auth=None, summary="申报资格预审（E1–E7）", response={200: PrecheckOut, 422: ErrorOut}, by_alias=True
)
def precheck(request, payload: PrecheckIn):
    return evaluate(payload, run_precheck)


@router.post(
    "/plan-check", auth=None, summary="评审计划时间规则检查（T1–T7）", response={200: PlanOut, 422: ErrorOut}, by_alias=True
)
def plan_check(request, payload: PlanIn):
    return evaluate(payload, run_plan_check)
