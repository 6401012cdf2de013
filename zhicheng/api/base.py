"""The HTTP API (/api/v1/): thin, one operation per function, one error shape."""

from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError

from .errors import error_body, pydantic_error_body
from .rules import router as rules_router

api = NinjaAPI(title="职称申报评审系统 API", version="1", urls_namespace="api")
api.add_router("/rules", rules_router)


@api.exception_handler(NinjaValidationError)
def validation_error(request, exc):
    return api.create_response(request, pydantic_error_body(exc.errors), status=422)


@api.exception_handler(HttpError)
def http_error(request, exc):
    """A body that is not JSON is a malformed body like any other (422); other refusals keep
    their status, in the one error shape."""
    if exc.status_code == 400:
        return api.create_response(request, error_body("", "请求体不是有效的 JSON"), status=422)
    return api.create_response(request, error_body("", str(exc)), status=exc.status_code)


@api.get("/health", auth=None, summary="服务状态")
def health(request):
    return {"status": "ok"}
