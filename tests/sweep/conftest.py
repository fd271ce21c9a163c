"""Shared pieces of the sweep tests: sweep files written on the fly, one Dask cluster."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
ORBIT = ROOT / "scenarios" / "orbit-20mw-inclined-550km.yaml"
GROUND = ROOT / "scenarios" / "ground-1gw-memphis.yaml"


def _write_sweep(folder: Path, name: str = "sweep.yaml", **entries: Any) -> Path:
    data: dict[str, Any] = {"name": "test-sweep", "base": str(ORBIT)}
    data.update(entries)
    path = folder / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def write_sweep() -> Callable[..., Path]:
    """``write_sweep(folder, name="sweep.yaml", **entries)``: a sweep file in ``folder``;
    ``base`` defaults to the small orbital scenario (20 MW, 550 km, ~0.3 s per case)."""
    return _write_sweep


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    """A LocalCluster of 2 single-threaded worker processes, shared by a test module."""
    from wattflop.sweep.engine import cluster_client

    with cluster_client(2) as c:
        yield c
