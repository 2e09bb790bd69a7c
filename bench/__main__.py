"""`python -m bench`: prepare the archive, load the server, time search and full renders, report."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import signal
import sys
from typing import Any, NoReturn

from bench.alerts import render_alerts, run_alerts
from bench.archive import prepare_archive
from bench.environment import (
    DEFAULT_POSTGRESQL,
    BenchError,
    bench_env,
    postgresql_database,
    postgresql_unavailable,
    run_json_module,
    var_dir_for,
)
from bench.load import BASELINE, LoadSettings, choose_generator, run_http, targets
from bench.mailing import run_mailing
from bench.report import render, write


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--articles",
        type=sizes,
        default=[100_000],
        help="archive sizes, comma-separated (default 100000; `make bench` measures 10000,100000,1000000)",
    )
    parser.add_argument("--databases", default="sqlite", help="comma-separated: sqlite, postgresql (default sqlite)")
    parser.add_argument(
        "--postgresql",
        default=DEFAULT_POSTGRESQL,
        help=f"PostgreSQL server for --databases postgresql; one database per size (default {DEFAULT_POSTGRESQL})",
    )
    parser.add_argument("--quick", action="store_true", help="short runs, to check the bench itself")
    parser.add_argument("--database-url", help="benchmark this one database (e.g. PostgreSQL), for one size")
    parser.add_argument("--redis-url", help="share caches and sessions through this Redis, as production does")
    parser.add_argument("--connections", type=int, default=16, help="concurrent connections (default 16)")
    parser.add_argument("--duration", type=float, help="seconds of load per page (default 10, quick 3)")
    parser.add_argument("--warmup", type=float, help="seconds of warm-up per page (default 2, quick 1)")
    parser.add_argument("--max-requests", type=int, default=1_000_000, help="built-in generator cap per page")
    parser.add_argument("--workers", type=int, default=2, help="granian workers (as `courrier serve`)")
    parser.add_argument("--threads", type=int, default=4, help="granian blocking threads (as `courrier serve`)")
    parser.add_argument("--load-generator", choices=["auto", "wrk", "builtin"], default="auto")
    parser.add_argument(
        "--page-timeout", type=float, default=60, help="seconds a page may take alone before it is skipped"
    )
    parser.add_argument(
        "--search-timeout", type=float, default=10, help="seconds a search may take in-process before it is stopped"
    )
    parser.add_argument("--search-repeats", type=int, help="timed runs per search query (default 5, quick 3)")
    parser.add_argument("--skip-http", action="store_true", help="only the in-process figures (search, renders)")
    parser.add_argument("--skip-search", action="store_true", help="leave search out")
    parser.add_argument("--skip-render", action="store_true", help="leave the CPU time of full renders out")
    parser.add_argument(
        "--render-only", action="store_true", help="only the CPU time of full renders in-process (bench/render.py)"
    )
    parser.add_argument("--renders", type=int, help="timed renders per page in-process (default 200, quick 50)")
    parser.add_argument(
        "--pages", help="comma-separated page names to load (e.g. article-reader); the baseline always runs"
    )
    parser.add_argument(
        "--mailing", action="store_true", help="also send a campaign to an SMTP sink on loopback (bench/mailing.py)"
    )
    parser.add_argument(
        "--mailing-recipients", type=int, default=20_000, help="campaign size (default 20000; try 100000)"
    )
    parser.add_argument(
        "--mailing-connections", type=int, default=32, help="SMTP connections per sending worker (default 32)"
    )
    parser.add_argument(
        "--alerts",
        action="store_true",
        help="also match one Gazette issue against readers' Alerte Décrets filters and send it (bench/alerts.py)",
    )
    parser.add_argument("--alerts-readers", type=int, default=50_000, help="readers of the alert (default 50000)")
    parser.add_argument(
        "--alerts-no-send", action="store_true", help="time the matching and the campaigns' start, not the sending"
    )
    options = parser.parse_args(argv)
    if options.render_only:
        options.skip_http = options.skip_search = True
    # Renders are timed on the archive, which the mailing and alerts benches alone do not need.
    options.skip_render = options.skip_render or (options.skip_http and options.skip_search and not options.render_only)
    return options


def load_settings(options: argparse.Namespace) -> LoadSettings:
    return LoadSettings(
        connections=options.connections,
        warmup=options.warmup if options.warmup is not None else (1.0 if options.quick else 2.0),
        duration=options.duration if options.duration is not None else (3.0 if options.quick else 10.0),
        max_requests=options.max_requests,
        generator=choose_generator(options.load_generator),
        wrk_threads=min(2, os.cpu_count() or 1),
        page_timeout=options.page_timeout,
        workers=options.workers,
        threads=options.threads,
    )


def machine() -> dict[str, Any]:
    return {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        # Other work on the machine skews every figure; the report shows it.
        "load_average_at_start": [round(value, 2) for value in os.getloadavg()],
    }


def stop_on_sigterm() -> None:
    """A SIGTERM unwinds like Ctrl-C, so the server is stopped on the way out."""

    def handler(signum: int, frame: Any) -> NoReturn:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handler)


def time_in_process(env: dict[str, str], what: str, module: str, *arguments: str) -> dict[str, Any]:
    """Figures a `bench.<module>` prints in-process; a failure is reported and keeps the other figures."""
    try:
        return run_json_module(env, module, *arguments, timeout=1800, show_progress=True)
    except BenchError as error:
        print(f"bench: {what} timing failed: {error}", file=sys.stderr)
        return {"error": str(error)}


def sizes(text: str) -> list[int]:
    """`--articles 10000,100000,1000000`: the archive sizes to measure, smallest first."""
    try:
        found = sorted({int(part.replace("_", "")) for part in text.split(",") if part.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of archive sizes: {text!r}") from None
    if not found or found[0] <= 0:
        raise argparse.ArgumentTypeError(f"not a list of archive sizes: {text!r}")
    return found


def databases(options: argparse.Namespace) -> list[tuple[str, str | None]]:
    """(vendor, URL per size or None) for each database asked; PostgreSQL only where it answers."""
    if options.database_url:
        vendor = "postgresql" if options.database_url.startswith("postgres") else "sqlite"
        return [(vendor, options.database_url)]
    chosen: list[tuple[str, str | None]] = []
    for vendor in options.databases.split(","):
        if vendor == "sqlite":
            chosen.append(("sqlite", None))
        elif vendor == "postgresql":
            reason = postgresql_unavailable(options.postgresql)
            if reason:
                print(f"bench: PostgreSQL left out: {reason}", file=sys.stderr)
            else:
                chosen.append(("postgresql", options.postgresql.rstrip("/")))
        else:
            raise BenchError(f"unknown database {vendor!r} (sqlite, postgresql)")
    return chosen


def run_archive(
    options: argparse.Namespace, size: int, vendor: str, database_url: str | None, machine_info: dict[str, Any]
) -> dict[str, Any]:
    """Every figure of one archive: its size on one database."""
    started = dt.datetime.now(dt.UTC)
    if database_url and not options.database_url:
        database_url = postgresql_database(database_url, f"courrier_bench_{size}")
    var_dir = var_dir_for(size, vendor if vendor != "sqlite" else None)
    env = bench_env(var_dir, database_url, options.redis_url)
    settings = load_settings(options)
    print(f"\n=== {size:,} articles on {vendor} ===".replace(",", " "), flush=True)
    archive = prepare_archive(env, size)
    results: dict[str, Any] = {
        "articles": size,
        "articles_in_archive": archive["articles"],
        "database": archive["database"],
        "machine": machine_info,
        "load": {
            "generator": settings.generator,
            "connections": settings.connections,
            "warmup_s": settings.warmup,
            "duration_s": settings.duration,
            "workers": options.workers,
            "threads": options.threads,
            "page_timeout_s": settings.page_timeout,
        },
        "started_at": started.isoformat(timespec="seconds"),
        "http": {},
        "search": None,
        "render": None,
    }
    if not options.skip_http:
        print(f"Loading the server ({settings.generator}, {settings.connections} connections)…", flush=True)
        pages = targets(archive)
        if options.pages:
            chosen = {BASELINE, *options.pages.split(",")}
            pages = [page for page in pages if page.name in chosen]
        results["http"] = run_http(env, pages, settings, var_dir)
    if not options.skip_search:
        repeats = options.search_repeats or (3 if options.quick else 5)
        print(f"Timing search in-process ({repeats} runs per query)…", flush=True)
        budget = ["--repeats", str(repeats), "--timeout", str(options.search_timeout)]
        results["search"] = time_in_process(env, "search", "bench.search", *budget)
        print(f"Timing the admin's page search in-process ({repeats} runs per query)…", flush=True)
        results["admin_search"] = time_in_process(env, "admin search", "bench.admin_search", *budget)
    if not options.skip_render:
        renders = options.renders or (50 if options.quick else 200)
        print(f"Timing full renders in-process ({renders} per page)…", flush=True)
        pages = ["--pages", options.pages] if options.pages else []
        results["render"] = time_in_process(env, "render", "bench.render", "--renders", str(renders), *pages)
    results["finished_at"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    return results


def run(options: argparse.Namespace) -> dict[str, Any]:
    machine_info = machine()  # before our own setup work raises the load average
    results: dict[str, Any] = {"machine": machine_info, "runs": []}
    if not (options.skip_http and options.skip_search and options.skip_render):
        for vendor, database_url in databases(options):
            for size in options.articles:
                results["runs"].append(run_archive(options, size, vendor, database_url, machine_info))
    if options.mailing:
        try:
            results["mailing"] = run_mailing(
                options.mailing_recipients,
                database_url=options.database_url,
                connections=options.mailing_connections,
            )
        except BenchError as error:
            print(f"bench: mailing failed: {error}", file=sys.stderr)
            results["mailing"] = {"error": str(error)}
    if options.alerts:
        try:
            results["alerts"] = run_alerts(
                options.alerts_readers,
                database_url=options.database_url,
                connections=options.mailing_connections,
                send=not options.alerts_no_send,
            )
        except BenchError as error:
            print(f"bench: alerts failed: {error}", file=sys.stderr)
            results["alerts"] = {"error": str(error)}
    return results


def main() -> None:
    stop_on_sigterm()
    options = parse_arguments()
    if options.database_url and len(options.articles) > 1:
        sys.exit("bench: --database-url names one database, for one size; use --databases postgresql for several")
    try:
        results = run(options)
    except BenchError as error:
        sys.exit(f"bench: {error}")
    except KeyboardInterrupt:
        sys.exit("bench: interrupted; the server was stopped.")
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    path = write(results, stamp)
    print()
    print(render(results))
    alerts = results.get("alerts")
    if alerts:
        failed = f"Alerte Décrets: FAILED — {alerts.get('error', '')[:300]}"
        print(failed if "error" in alerts else "\n".join(render_alerts(alerts)))
    print(f"\nWritten to {path.relative_to(path.parents[2])} and bench/results/latest.json")


if __name__ == "__main__":
    main()
