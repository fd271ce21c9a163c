"""``/api/jobs/{id}``: a background computation's state and, once done, its result
(``GET``); cancelling it (``DELETE``)."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse

from wattflop.web.models import ErrorOut, JobOut
from wattflop.web.state import State, WebState

_HEX64 = re.compile(r"^[0-9a-f]{64}$")

router = APIRouter(tags=["jobs"])

JobId = Annotated[str, PathParam(max_length=64)]


@router.get("/api/jobs/{job_id}", response_model=JobOut, responses={404: {"model": ErrorOut}})
async def job_status(job_id: JobId, state: State) -> Any:
    """State of a background computation (queued, running, done, failed, cancelled), with
    its times (``elapsed_s`` since submitted, ``queued_s``, ``running_s``) and place in the
    queue; with its result once done, or the error (the same JSON as a 422)."""
    job = state.jobs.get(job_id)
    if job is not None:
        return JSONResponse(state.jobs.status(job))
    return _stored_or_404(job_id, state)


@router.delete("/api/jobs/{job_id}", response_model=JobOut, responses={404: {"model": ErrorOut}})
def cancel_job(job_id: JobId, state: State) -> Any:
    """Cancel a background computation: a queued one leaves the queue and never runs, a
    running one is stopped (its process killed) and its worker goes to the next job. The
    answer is the job's status, ``state`` ``cancelled``; a job that has already ended keeps
    its state (done, failed). Nothing is cached for a cancelled job: the same request later
    starts it again. A job is shared by every request for the same content, so this cancels
    it for all of them."""
    job = state.jobs.cancel(job_id)
    if job is not None:
        return JSONResponse(state.jobs.status(job))
    return _stored_or_404(job_id, state)


def _stored_or_404(job_id: str, state: WebState) -> JSONResponse:
    """The status of a job done before this server started (its answer on disk), or 404."""
    entry = state.store.get(job_id) if _HEX64.match(job_id) else None
    if entry is not None:
        out: dict[str, Any] = {
            "id": job_id, "kind": "cached", "state": "done" if entry.get("ok") else "failed",
            "elapsed_s": 0.0, "queued_s": 0.0, "running_s": 0.0, "queue_position": None,
            "waited_s": 0.0, "expected_s": 0.0, "time_limit_s": state.time_limit_s,
            "status_url": f"/api/jobs/{job_id}",
        }  # fmt: skip
        out["result" if entry.get("ok") else "error"] = entry.get("value", entry.get("error"))
        return JSONResponse(out)
    body = {"error": "not found", "message": f"no job '{job_id}'", "input": "path",
            "problems": []}  # fmt: skip
    return JSONResponse(body, status_code=404)
