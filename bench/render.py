"""CPU time of one full render, in-process: `python -m bench.render` prints JSON.

Each page goes through Django's whole WSGI handler, as the web server calls it:
every middleware, the session, the entitlement, the routing, the template. The
copies the page caches keep are bypassed, so every render does the page's
whole work, as on a cache miss: anonymous visitors carry a cookie the site does
not know (as the HTTP bench's -uncached targets), and copies for subscribers are
kept for no time at all (`PAGE_CACHE_SECONDS = 0`; but for `article-reader-copy`,
which shows for comparison what a subscriber's request costs once the copy is
kept). What is remembered per
content generation (the rubriques, a rubrique's count, the parts of pages that
are the same for everyone) stays remembered: it is the same for every render
until something is published. The "after a publication" figure starts a new
content generation (in this process only) before each render, so that nothing
remembered is found: the cost of the first render of each page after a change.

CPU time is the process's (`time.process_time`), so waiting for the database
server counts only as the client's work; the renders are timed in batches and
the median batch's mean reported. The health endpoint through the same handler
is the baseline. `--profile NAME` prints where one page's time goes.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from bench.load import BASELINE, BASELINE_PATH, UNCACHED_COOKIE
from bench.stats import ratio

HOST, PORT = "127.0.0.1", "8000"
WARMUP_RENDERS = 20
KEPT_SECONDS = 3600
BATCHES = 10  # the median batch's mean: other work on the machine skews some batches, not most
COLD_FRACTION = 4  # renders after a publication, as a fraction of the others (each is slower)


@dataclass(frozen=True)
class RenderTarget:
    name: str
    path: str
    cookie: str | None
    must_contain: bytes = b""
    keeps_copies: bool = False  # the page caches keep their copies: not a full render, for comparison


def render_targets(archive: dict[str, Any]) -> list[RenderTarget]:
    """The health endpoint first: every other figure is read against it."""
    reader = archive["reader_cookie"]
    article, section = archive["article_path"], archive["section_path"]
    return [
        RenderTarget(BASELINE, BASELINE_PATH, None),
        RenderTarget("article-reader", article, reader, b'class="article__body"'),
        RenderTarget("home-reader", "/", reader, b'class="teaser"'),
        RenderTarget("rubrique-reader", section, reader, b'class="teaser"'),
        RenderTarget("article-uncached", article, UNCACHED_COOKIE, b'class="licence-wall"'),
        RenderTarget("home-uncached", "/", UNCACHED_COOKIE, b'class="teaser"'),
        RenderTarget("rubrique-uncached", section, UNCACHED_COOKIE, b'class="teaser"'),
        # For comparison, not full renders: a request once the page caches keep their copy, for subscribers
        # (the session, the user and the membership are still read) and for every anonymous visitor.
        RenderTarget("article-reader-copy", article, reader, b'class="article__body"', keeps_copies=True),
        RenderTarget("article-shared-copy", article, None, b'class="licence-wall"', keeps_copies=True),
    ]


def wsgi_environ(path: str, cookie: str | None) -> dict[str, Any]:
    parts = urlsplit(path)
    environ = {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": parts.path,
        "QUERY_STRING": parts.query,
        "SERVER_NAME": HOST,
        "SERVER_PORT": PORT,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": HOST,
        "HTTP_HOST": f"{HOST}:{PORT}",
        "HTTP_ACCEPT": "text/html",
        "HTTP_ACCEPT_ENCODING": "identity",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if cookie:
        environ["HTTP_COOKIE"] = cookie
    return environ


def requester(path: str, cookie: str | None) -> Callable[[], tuple[str, bytes]]:
    """One GET through the WSGI application, as the server makes it: (status line, body)."""
    from courrier.wsgi import application

    def get() -> tuple[str, bytes]:
        status: list[str] = []

        def start_response(line: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
            status.append(line)

        result = application(wsgi_environ(path, cookie), start_response)
        try:
            body = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        return status[0], body

    return get


def queries_of(get: Callable[[], tuple[str, bytes]]) -> list[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        get()
    return [query["sql"] for query in captured.captured_queries]


def new_generation_here() -> None:
    """What a publication does to this process's remembered parts, without telling the others."""
    from courrier.core import page_cache

    page_cache._generation_memo[:] = [time.monotonic() + 3600, uuid.uuid4().hex[:16]]


def measure(target: RenderTarget, renders: int) -> dict[str, Any]:
    from django.conf import settings

    settings.PAGE_CACHE_SECONDS = KEPT_SECONDS if target.keeps_copies else 0
    get = requester(target.path, target.cookie)
    status, body = get()
    if not status.startswith("200"):
        raise SystemExit(f"bench.render: {target.path} answered {status}: {body[:300]!r}")
    if target.must_contain not in body:
        raise SystemExit(f"bench.render: {target.name} ({target.path}) lacks {target.must_contain!r}")
    for _ in range(WARMUP_RENDERS):
        get()
    queries = queries_of(get)
    batch = max(1, renders // BATCHES)
    cpu_batches, wall_batches = [], []
    for _ in range(BATCHES):
        cpu_started, wall_started = time.process_time(), time.perf_counter()
        for _ in range(batch):
            get()
        cpu_batches.append((time.process_time() - cpu_started) / batch)
        wall_batches.append((time.perf_counter() - wall_started) / batch)
    cold_renders = max(1, renders // COLD_FRACTION)
    cold_cpu = 0.0
    for _ in range(cold_renders):
        new_generation_here()
        started = time.process_time()
        get()
        cold_cpu += time.process_time() - started
    new_generation_here()
    cold_queries = queries_of(get)
    return {
        "path": target.path,
        "cookie": target.cookie if target.cookie == UNCACHED_COOKIE else ("reader" if target.cookie else None),
        "renders": batch * BATCHES,
        "cpu_ms": round(statistics.median(cpu_batches) * 1000, 3),
        "cpu_ms_best_batch": round(min(cpu_batches) * 1000, 3),
        "wall_ms": round(statistics.median(wall_batches) * 1000, 3),
        "queries": len(queries),
        "cold_renders": cold_renders,
        "cold_cpu_ms": round(cold_cpu * 1000 / cold_renders, 3),
        "cold_queries": len(cold_queries),
        "body_bytes": len(body),
    }


def profile(target: RenderTarget, renders: int, lines: int, *, cold: bool) -> str:
    get = requester(target.path, target.cookie)
    for _ in range(WARMUP_RENDERS):
        get()
    profiler = cProfile.Profile(time.process_time)
    for _ in range(renders):
        if cold:
            new_generation_here()
        profiler.enable()
        get()
        profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(lines)
    stats.sort_stats("tottime").print_stats(lines)
    queries = "\n".join(f"  {sql[:200]}" for sql in queries_of(get))
    return f"{out.getvalue()}\nQueries of one render:\n{queries}\n"


LEGEND = [
    "  CPU ms: this process's CPU time per full render through the WSGI handler (median of 10 batches), page",
    "  caches bypassed (SQLite's work included: it runs in the process), with the parts remembered per content",
    "  generation; x base: as a multiple of /sante/'s. after publ.: the first render after a publication, nothing",
    "  remembered. -copy: not a full render, a request once the page caches keep the article's copy (subscribers'",
    "  or the anonymous visitors' shared one).",
]


def table(results: dict[str, Any]) -> list[str]:
    lines = [
        f"  {'page':<20}{'CPU ms':>9}{'x base':>9}{'wall ms':>9}{'queries':>9}"
        f"{'after publ.':>13}{'queries':>9}{'bytes':>9}  path"
    ]
    for name, figures in results["pages"].items():
        lines.append(
            f"  {name:<20}{figures['cpu_ms']:>9.2f}{figures['cpu_ratio_to_baseline'] or 0:>9.1f}"
            f"{figures['wall_ms']:>9.2f}{figures['queries']:>9}{figures['cold_cpu_ms']:>13.2f}"
            f"{figures['cold_queries']:>9}{figures['body_bytes']:>9}  {figures['path']}"
        )
    return lines + LEGEND


def run(renders: int, only: list[str] | None) -> dict[str, Any]:
    from bench.probe import describe_archive

    archive = describe_archive()
    pages: dict[str, Any] = {}
    for target in render_targets(archive):
        if only and target.name not in only and target.name != BASELINE:
            continue
        pages[target.name] = measure(target, renders)
    base = pages[BASELINE]["cpu_ms"]
    for figures in pages.values():
        figures["cpu_ratio_to_baseline"] = ratio(figures["cpu_ms"], base)
    return {"database": archive["database"], "articles": archive["articles"], "pages": pages}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.render", description=__doc__)
    parser.add_argument("--renders", type=int, default=200, help="timed renders per page (default 200)")
    parser.add_argument("--pages", help="comma-separated page names (e.g. article-reader); the baseline always runs")
    parser.add_argument("--profile", metavar="NAME", help="print cProfile's top functions for this page instead")
    parser.add_argument("--cold", action="store_true", help="with --profile: the first render after a publication")
    parser.add_argument("--lines", type=int, default=40, help="functions shown by --profile (default 40)")
    parser.add_argument("--table", action="store_true", help="print a table as well as the JSON")
    options = parser.parse_args()

    import django

    django.setup()
    if options.profile:
        from django.conf import settings

        from bench.probe import describe_archive

        targets = {target.name: target for target in render_targets(describe_archive())}
        if options.profile not in targets:
            raise SystemExit(f"bench.render: no page {options.profile!r}; one of {', '.join(targets)}")
        target = targets[options.profile]
        settings.PAGE_CACHE_SECONDS = KEPT_SECONDS if target.keeps_copies else 0
        print(profile(target, options.renders, options.lines, cold=options.cold))
        return
    results = run(options.renders, options.pages.split(",") if options.pages else None)
    if options.table:
        print("\n".join(table(results)), file=sys.stderr)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
