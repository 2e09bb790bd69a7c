"""A built-in HTTP/1.1 load generator, for machines without `wrk`.

`python -m bench.loadgen --port P --path /x` opens N keep-alive connections on
raw asyncio streams, sends GETs back to back on each for a warm-up then a
fixed duration, records every request's latency, and prints one JSON object.
It runs in its own process so that its bookkeeping never slows the server's
Python, and it stops at the deadline or after a maximum number of requests.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from bench.stats import milliseconds, percentile

HOST = "127.0.0.1"
READ_LIMIT = 1 << 20
REQUEST_TIMEOUT_SECONDS = 30.0
ERRORS = (OSError, TimeoutError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError, IndexError)


@dataclass
class Tally:
    """What all connections saw once the warm-up was over."""

    latencies: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    transport_errors: int = 0
    last_finish: float = 0.0
    budget: int = 0


def request_bytes(path: str, port: int, cookie: str | None = None) -> bytes:
    cookie_line = f"Cookie: {cookie}\r\n" if cookie else ""
    return (
        f"GET {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\nUser-Agent: courrier-bench\r\n{cookie_line}"
        "Accept: text/html,application/json\r\nAccept-Encoding: identity\r\nConnection: keep-alive\r\n\r\n"
    ).encode("ascii")


async def read_chunked(reader: asyncio.StreamReader) -> None:
    while True:
        size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
        if size == 0:
            while await reader.readuntil(b"\r\n") != b"\r\n":
                pass  # trailers
            return
        await reader.readexactly(size + 2)


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """Read one whole response; return its status and whether the server closes."""
    head = await reader.readuntil(b"\r\n\r\n")
    status_line, _, header_block = head.partition(b"\r\n")
    status = int(status_line.split(b" ", 2)[1])
    length: int | None = None
    chunked = closes = False
    for line in header_block.split(b"\r\n"):
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"transfer-encoding":
            chunked = b"chunked" in value.lower()
        elif name == b"connection":
            closes = b"close" in value.lower()
    if chunked:
        await read_chunked(reader)
    elif length is not None:
        await reader.readexactly(length)
    else:
        await reader.read()
        closes = True
    return status, closes


async def drive_connection(port: int, request: bytes, measure_from: float, deadline: float, tally: Tally) -> None:
    """One keep-alive connection sending requests back to back until the deadline."""
    writer: asyncio.StreamWriter | None = None
    reader: asyncio.StreamReader | None = None
    while tally.budget > 0:
        started = time.perf_counter()
        if started >= deadline:
            break
        counted = started >= measure_from
        try:
            async with asyncio.timeout(REQUEST_TIMEOUT_SECONDS):
                if writer is None:
                    reader, writer = await asyncio.open_connection(HOST, port, limit=READ_LIMIT)
                    started = time.perf_counter()
                writer.write(request)
                status, closes = await read_response(reader)
        except ERRORS:
            if counted:
                tally.transport_errors += 1
            if writer is not None:
                writer.close()
            writer = reader = None
            await asyncio.sleep(0.01)
            continue
        finished = time.perf_counter()
        if counted:
            tally.budget -= 1
            tally.latencies.append(finished - started)
            tally.statuses[status] += 1
            tally.last_finish = max(tally.last_finish, finished)
        if closes:
            writer.close()
            writer = reader = None
    if writer is not None:
        writer.close()


async def generate_load(
    port: int,
    path: str,
    connections: int,
    warmup: float,
    duration: float,
    max_requests: int,
    cookie: str | None = None,
) -> tuple[Tally, float]:
    tally = Tally(budget=max_requests)
    measure_from = time.perf_counter() + warmup
    deadline = measure_from + duration
    request = request_bytes(path, port, cookie)
    await asyncio.gather(*(drive_connection(port, request, measure_from, deadline, tally) for _ in range(connections)))
    return tally, measure_from


def summarise(tally: Tally, measure_from: float) -> dict[str, Any]:
    latencies = sorted(tally.latencies)
    elapsed = max(tally.last_finish - measure_from, 1e-9)
    bad_statuses = sum(count for status, count in tally.statuses.items() if status != 200)
    return {
        "requests": len(latencies),
        "seconds": round(elapsed, 3),
        "rps": round(len(latencies) / elapsed, 1) if latencies else 0.0,
        "p50_ms": milliseconds(percentile(latencies, 0.50)),
        "p99_ms": milliseconds(percentile(latencies, 0.99)),
        "max_ms": milliseconds(latencies[-1] if latencies else None),
        "errors": bad_statuses + tally.transport_errors,
        "statuses": {str(status): count for status, count in sorted(tally.statuses.items())},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--path", default="/")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--max-requests", type=int, default=1_000_000)
    parser.add_argument("--cookie", help="a Cookie header value to send")
    options = parser.parse_args()
    tally, measure_from = asyncio.run(
        generate_load(
            options.port,
            options.path,
            options.connections,
            options.warmup,
            options.duration,
            options.max_requests,
            options.cookie,
        )
    )
    print(json.dumps(summarise(tally, measure_from)))


if __name__ == "__main__":
    main()
