"""One JSON error shape for every failure: {"error", "message", "status", "request_id"}.

Validation errors name fields and codes, never the submitted value; unexpected errors are
logged by request id and exception type only, never with their arguments.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from confide.errors import ConfideError, Denied, InvalidInput

log = logging.getLogger(__name__)


def request_id(request: Request) -> str:
    return str(getattr(request.state, "request_id", ""))


def error_response(
    request: Request, status: int, code: str, message: str, **extra: Any
) -> JSONResponse:
    body = {"error": code, "message": message, "status": status, "request_id": request_id(request)}
    return JSONResponse(body | extra, status_code=status, headers={"Cache-Control": "no-store"})


async def _confide_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ConfideError)
    extra: dict[str, Any] = {}
    if isinstance(exc, InvalidInput):
        extra["fields"] = exc.fields
        problems = getattr(exc, "problems", None)
        if problems:
            extra["rows"] = [{"line": p.line, "reason": p.reason} for p in problems]
    if isinstance(exc, Denied):
        decision = exc.decision
        extra["rule"] = decision.rule_id
        extra["citation"] = decision.citation
    if exc.status >= 500:
        log.error("request %s failed: %s", request_id(request), type(exc).__name__)
    return error_response(request, exc.status, exc.code, exc.message, **extra)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    fields = {
        ".".join(str(p) for p in err.get("loc", ()) if p != "body"): str(err.get("type", ""))
        for err in exc.errors()
    }
    return error_response(request, 422, "invalid_input", "request is not valid", fields=fields)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = {404: "not_found", 405: "method_not_allowed", 401: "unauthenticated"}.get(
        exc.status_code, "http_error"
    )
    return error_response(request, exc.status_code, code, code.replace("_", " "))


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.error("request %s failed: %s", request_id(request), type(exc).__name__)
    return error_response(request, 500, "internal_error", "something went wrong; nothing leaked")


def install(app: FastAPI) -> None:
    app.add_exception_handler(ConfideError, _confide_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
