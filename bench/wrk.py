"""Load from `wrk` when it is installed: faster than the built-in generator.

A Lua `done` hook prints wrk's own summary as one JSON line, so the figures
come from wrk's latency histogram rather than from parsing its text output.
"""

from __future__ import annotations

import json
import math
import shutil
import subprocess
from pathlib import Path
from typing import Any

from bench.environment import BenchError

SUMMARY_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "max_us": %d, '
    .. '"status_errors": %d, "transport_errors": %d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,
    e.status, e.connect + e.read + e.write + e.timeout))
end
"""


def wrk_path() -> str | None:
    return shutil.which("wrk")


def write_script(directory: Path) -> Path:
    script = directory / "wrk-summary.lua"
    script.write_text(SUMMARY_SCRIPT)
    return script


def run_wrk(
    url: str, connections: int, threads: int, seconds: float, script: Path, cookie: str | None = None
) -> dict[str, Any]:
    """One wrk run; wrk counts only 4xx/5xx as status errors (the preflight catches 3xx)."""
    whole_seconds = max(1, math.ceil(seconds))
    command = [
        wrk_path() or "wrk",
        f"--threads={min(threads, connections)}",
        f"--connections={connections}",
        f"--duration={whole_seconds}s",
        "--timeout=30s",
        f"--script={script}",
        "--header=Accept-Encoding: identity",
        *([f"--header=Cookie: {cookie}"] if cookie else []),
        url,
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=whole_seconds + 60, check=False)
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode != 0 or not lines:
        raise BenchError(f"wrk failed (exit status {result.returncode}):\n{result.stdout[-2000:]}{result.stderr}")
    raw = json.loads(lines[-1])
    seconds_measured = raw["duration_us"] / 1e6
    answered = raw["requests"] > 0
    return {
        "requests": raw["requests"],
        "seconds": round(seconds_measured, 3),
        "rps": round(raw["requests"] / seconds_measured, 1) if seconds_measured else 0.0,
        "p50_ms": round(raw["p50_us"] / 1000, 3) if answered else None,
        "p99_ms": round(raw["p99_us"] / 1000, 3) if answered else None,
        "max_ms": round(raw["max_us"] / 1000, 3) if answered else None,
        "errors": raw["status_errors"] + raw["transport_errors"],
    }
