"""How the web application answers an error: every user mistake as the JSON of
:class:`~wattflop.web.models.ErrorOut` (the command line's message and each problem's key
path), never a traceback."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from wattflop.errors import Problem, ScenarioError, WattflopError
from wattflop.web import compute
from wattflop.web.inputs import InputError
from wattflop.web.jobs import BusyError
from wattflop.web.state import TimeLimitError


async def input_error(request: Request, exc: InputError) -> JSONResponse:
    """A bad part of the request (422), named in ``input``."""
    return JSONResponse(compute.error_body(exc.error, exc.where), status_code=422)


async def user_error(request: Request, exc: WattflopError) -> JSONResponse:
    """Any other user mistake: invalid scenario, infeasible design (422)."""
    return JSONResponse(compute.error_body(exc), status_code=422)


async def bad_request(request: Request, exc: RequestValidationError) -> JSONResponse:
    """A body or query the schema refuses (422), with each problem's path."""
    problems = []
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ())]
        path = ".".join(loc[1:])
        msg = str(err.get("msg", "invalid"))
        problems.append(Problem(path, msg.removeprefix("Value error, ")))
    body = compute.error_body(ScenarioError(problems, "request"))
    body["error"] = "invalid request"
    body["input"] = ", ".join(sorted({str(e.get("loc", ("",))[0]) for e in exc.errors()}))
    return JSONResponse(body, status_code=422)


async def busy(request: Request, exc: BusyError) -> JSONResponse:
    """Too many computations waiting (429)."""
    body = {"error": "busy", "message": str(exc), "input": "", "problems": []}
    return JSONResponse(body, status_code=429, headers={"Retry-After": "30"})


async def too_long(request: Request, exc: TimeLimitError) -> JSONResponse:
    """An inline computation past the time limit (503)."""
    body = {"error": "time limit", "message": str(exc), "input": "", "problems": []}
    return JSONResponse(body, status_code=503, headers={"Retry-After": "60"})


def add_error_handlers(app: FastAPI) -> None:
    """Answer each kind of error as above."""
    app.exception_handler(InputError)(input_error)
    app.exception_handler(WattflopError)(user_error)
    app.exception_handler(RequestValidationError)(bad_request)
    app.exception_handler(BusyError)(busy)
    app.exception_handler(TimeLimitError)(too_long)
