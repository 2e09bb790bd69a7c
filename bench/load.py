"""HTTP figures: each page under concurrent load, as a ratio to `/sante/`.

Public pages are measured twice: as every anonymous visitor gets them after
the first (the shared copy the page cache keeps), and "uncached", with a
cookie the site does not know, which makes it skip the shared copy and do
the page's whole work, as on a cache miss (a long-tail archive article, a
new search, the first visit after a publication).

Every page gets a freshly started server, so a slow page's leftover requests
(which no client can cancel once the server has read them) never slow the
next one; the warm-up absorbs the cold start.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.environment import BenchError, run_json_module
from bench.server import HOST, get, running_server
from bench.stats import ratio
from bench.wrk import run_wrk, write_script, wrk_path

BASELINE = "baseline"
BASELINE_PATH = "/sante/"
SEARCH_PATH = "/recherche/?q=d%C3%A9cret"
# Any cookie outside the public ones (language, CSRF) bypasses the shared copy.
UNCACHED_COOKIE = "courrier_bench=uncached"
UNCACHED_SUFFIX = "-uncached"
READER_SUFFIX = "-reader"
READER_TARGET = "article" + READER_SUFFIX


@dataclass(frozen=True)
class Target:
    name: str
    path: str
    cookie: str | None = None


@dataclass(frozen=True)
class LoadSettings:
    connections: int
    warmup: float
    duration: float
    max_requests: int
    generator: str  # "wrk" or "builtin"
    wrk_threads: int
    page_timeout: float  # a page slower than this alone is reported, not loaded
    workers: int
    threads: int


class TooSlow(Exception):
    """A single request took longer than the page timeout."""


def targets(archive: dict[str, Any]) -> list[Target]:
    """The health endpoint first: every other figure is read against it.

    Anonymous visitors' pages twice (their shared copy, then uncached); then every
    page a logged-in reader opens, which no shared copy serves.
    """
    pages = {
        "home": "/",
        "article": archive["article_path"],
        "rubrique": archive["section_path"],
        "search": SEARCH_PATH,
    }
    listed = [Target(BASELINE, BASELINE_PATH)]
    for name, path in pages.items():
        listed += [Target(name, path), Target(name + UNCACHED_SUFFIX, path, UNCACHED_COOKIE)]
    cookie = archive.get("reader_cookie")
    if cookie:
        # A subscriber logged in: session, entitlement, full bodies, never a shared copy.
        for name, path in (archive.get("reader_pages") or {"article": archive["article_path"]}).items():
            listed.append(Target(name + READER_SUFFIX, path, cookie))
    return listed


def choose_generator(requested: str) -> str:
    if requested == "auto":
        return "wrk" if wrk_path() else "builtin"
    if requested == "wrk" and not wrk_path():
        raise BenchError("--load-generator wrk was asked for, but wrk is not on PATH.")
    return requested


def single_request(port: int, path: str, timeout: float, cookie: str | None = None) -> tuple[int, bytes, float]:
    started = time.perf_counter()
    try:
        status, body = get(port, path, timeout=timeout, cookie=cookie)
    except TimeoutError as error:
        raise TooSlow(path) from error
    except OSError as error:
        raise BenchError(f"{path}: {error}") from error
    return status, body, time.perf_counter() - started


def settle(port: int, timeout: float) -> None:
    """Wait until the server has worked through the requests the warm-up abandoned."""
    try:
        single_request(port, BASELINE_PATH, timeout)
    except TooSlow:
        print(f"    (the server still had a backlog after {timeout:.0f} s)", flush=True)


def preflight(port: int, target: Target, timeout: float) -> tuple[int, float, float]:
    """Two requests alone before the load: (body bytes, first seconds, second seconds).

    The page must answer 200, not redirect or fail. The first request on a fresh
    server pays for warming it up; the second is the page alone, warm.
    """
    status, body, first = single_request(port, target.path, timeout, target.cookie)
    if status != 200:
        raise BenchError(f"{target.path} answered {status} before the load: {body[:300]!r}")
    if target.name == READER_TARGET and b'class="article__body"' not in body:
        raise BenchError(f"{target.path} did not show the reader the full article: the figure would be a teaser's")
    _, _, second = single_request(port, target.path, timeout, target.cookie)
    return len(body), first, second


def measure_with_wrk(port: int, target: Target, settings: LoadSettings, script: Path) -> dict[str, Any]:
    url = f"http://{HOST}:{port}{target.path}"
    run_wrk(url, settings.connections, settings.wrk_threads, settings.warmup, script, target.cookie)
    settle(port, settings.page_timeout)
    return run_wrk(url, settings.connections, settings.wrk_threads, settings.duration, script, target.cookie)


def measure_with_builtin(env: dict[str, str], port: int, target: Target, settings: LoadSettings) -> dict[str, Any]:
    arguments = {
        "--port": port,
        "--path": target.path,
        "--connections": settings.connections,
        "--warmup": settings.warmup,
        "--duration": settings.duration,
        "--max-requests": settings.max_requests,
    }
    if target.cookie:
        arguments["--cookie"] = target.cookie
    flat = [str(item) for pair in arguments.items() for item in pair]
    return run_json_module(env, "bench.loadgen", *flat, timeout=settings.warmup + settings.duration + 120)


def too_slow(target: Target, settings: LoadSettings) -> dict[str, Any]:
    return {
        "path": target.path,
        "cookie": target.cookie,
        "skipped": f"no answer within {settings.page_timeout:.0f} s to a single request",
        "alone_ms": None,
        "requests": 0,
        "rps": 0.0,
        "p50_ms": None,
        "p99_ms": None,
        "errors": 1,
    }


def measure(env: dict[str, str], port: int, target: Target, settings: LoadSettings, var_dir: Path) -> dict[str, Any]:
    try:
        body_bytes, first_seconds, alone_seconds = preflight(port, target, settings.page_timeout)
    except TooSlow:
        print(f"  {target.name:<18} {target.path}: too slow, skipped", flush=True)
        return too_slow(target, settings)
    print(f"  {target.name:<18} {target.path} ({alone_seconds * 1000:.0f} ms alone)", flush=True)
    if settings.generator == "wrk":
        figures = measure_with_wrk(port, target, settings, write_script(var_dir))
    else:
        figures = measure_with_builtin(env, port, target, settings)
    return {
        "path": target.path,
        "cookie": target.cookie,
        "body_bytes": body_bytes,
        "first_ms": round(first_seconds * 1000, 3),
        "alone_ms": round(alone_seconds * 1000, 3),
        **figures,
    }


def add_ratios(results: dict[str, dict[str, Any]]) -> None:
    """rps as a fraction of the baseline's, p50 as a multiple of the baseline's."""
    baseline = results[BASELINE]
    for figures in results.values():
        figures["ratio_to_baseline"] = ratio(figures["rps"], baseline["rps"])
        figures["p50_ratio_to_baseline"] = ratio(figures["p50_ms"], baseline["p50_ms"])


def run_http(env: dict[str, str], pages: list[Target], settings: LoadSettings, var_dir: Path) -> dict[str, Any]:
    results = {}
    for target in pages:
        with running_server(env, var_dir, settings.workers, settings.threads) as port:
            results[target.name] = measure(env, port, target, settings, var_dir)
    add_ratios(results)
    return results
