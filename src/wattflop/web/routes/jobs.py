"""``/api/jobs/{id}``: a background computation's state and, once done, its result."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse

from wattflop.web.models import ErrorOut, JobOut
from wattflop.web.state import State

_HEX64 = re.compile(r"^[0-9a-f]{64}$")

router = APIRouter(tags=["jobs"])


@router.get("/api/jobs/{job_id}", response_model=JobOut, responses={404: {"model": ErrorOut}})
async def job_status(job_id: Annotated[str, PathParam(max_length=64)], state: State) -> Any:
    """State of a background computation (queued, running, done, failed); with its
    result once done, or the error (the same JSON as a 422)."""
    job = state.jobs.get(job_id)
    if job is not None:
        return JSONResponse(state.jobs.status(job))
    entry = state.store.get(job_id) if _HEX64.match(job_id) else None
    if entry is not None:  # done before this server started
        out: dict[str, Any] = {
            "id": job_id, "kind": "cached", "state": "done" if entry.get("ok") else "failed",
            "elapsed_s": 0.0, "waited_s": 0.0, "expected_s": 0.0,
            "time_limit_s": state.time_limit_s, "status_url": f"/api/jobs/{job_id}",
        }  # fmt: skip
        out["result" if entry.get("ok") else "error"] = entry.get("value", entry.get("error"))
        return JSONResponse(out)
    body = {"error": "not found", "message": f"no job '{job_id}'", "input": "path",
            "problems": []}  # fmt: skip
    return JSONResponse(body, status_code=404)
