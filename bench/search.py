"""Search latency in-process: `python -m bench.search` prints JSON.

Each of a fixed set of French queries, broad (found in a large part of the
archive) or selective, is run several times, once as the bare search the site
runs (`newsroom.search.SiteSearch`: capped count, facets and the first 20 teasers,
most relevant first, for a reader who searches the full text) and once
through the whole search view via Django's test client, with a cookie that
skips the shared page cache; the health view through the same client is the
baseline. A run that exceeds the time budget
has its database query interrupted, counts as taking the budget, and its
query is not repeated, so the whole stage stays bounded.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import threading
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any
from urllib.parse import urlencode

from bench.load import UNCACHED_COOKIE
from bench.stats import milliseconds, percentile, ratio

BROAD_QUERIES = ["gouvernement", "projet de loi", "décret"]
SELECTIVE_QUERIES = [
    "santé",
    "budget",
    "ministre des Finances",
    "Commission parlementaire",
    "logement",
    "environnement",
    "lobbyisme",
    "nomination",
    "municipalités",
    "cybersécurité",
    "éducation",
    "transport collectif",
    "hydro-québec",
    "vérificateur général",
    "gouvernement ouvert",
    "travailleurs",
    "culture",
    "justice",
    '"projet de loi" -budget',
    "hydro-québec OU cybersécurité",
]
QUERIES = BROAD_QUERIES + SELECTIVE_QUERIES
BASELINE_REPEATS = 50
RESULT_LIMIT = 20
INTERRUPT_EVERY_SECONDS = 0.2


class Watchdog:
    """Interrupts this thread's running database query once the budget is spent.

    It keeps interrupting until the guarded block ends, since a view may run
    several slow queries one after another.
    """

    def __init__(self, seconds: float) -> None:
        from django.db import DEFAULT_DB_ALIAS, connections

        self.seconds = seconds
        # This thread's wrapper itself (`django.db.connection` is a thread-local
        # proxy, which the watchdog thread would resolve to its own connection).
        self.database = connections[DEFAULT_DB_ALIAS]
        self.done = threading.Event()
        self.fired = False

    def _interrupt(self) -> None:
        raw = self.database.connection
        try:
            if hasattr(raw, "interrupt"):
                raw.interrupt()  # sqlite3
            elif raw is not None:
                raw.cancel()  # psycopg
        except Exception:  # noqa: S110 - closed meanwhile: nothing left to interrupt
            pass

    def _watch(self) -> None:
        if self.done.wait(self.seconds):
            return
        self.fired = True
        self._interrupt()
        while not self.done.wait(INTERRUPT_EVERY_SECONDS):
            self._interrupt()

    def __enter__(self) -> Watchdog:
        self.thread = threading.Thread(target=self._watch, daemon=True)
        self.thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> bool:
        self.done.set()
        self.thread.join()
        from django.db import DatabaseError

        # An interrupted query surfaces as a DatabaseError: that is the timeout.
        return self.fired and kind is not None and issubclass(kind, DatabaseError)


def guarded(action: Callable[[], Any], budget: float) -> tuple[float, Any, bool]:
    """Run `action` within the budget: (seconds, outcome or None, timed out)."""
    outcome = None
    elapsed = 0.0
    with Watchdog(budget) as watchdog:
        # Timed inside the guard: starting the watchdog thread is not the search's cost.
        started = time.perf_counter()
        try:
            outcome = action()
        finally:
            elapsed = time.perf_counter() - started
    timed_out = watchdog.fired
    return (max(elapsed, budget) if timed_out else elapsed), outcome, timed_out


def timed(action: Callable[[], Any], repeats: int, budget: float) -> tuple[list[float], Any, int]:
    """One untimed warm-up run, then `repeats` timed runs; stops at the first timeout."""
    seconds, outcome, timed_out = guarded(action, budget)
    if timed_out:
        return [seconds], None, 1
    durations = []
    for _ in range(repeats):
        seconds, outcome, timed_out = guarded(action, budget)
        durations.append(seconds)
        if timed_out:
            return sorted(durations), None, 1
    return sorted(durations), outcome, 0


def spread(durations: list[float]) -> dict[str, float | None]:
    ordered = sorted(durations)
    return {"p50_ms": milliseconds(percentile(ordered, 0.50)), "p95_ms": milliseconds(percentile(ordered, 0.95))}


def measure_query(client: Any, query: str, repeats: int, budget: float) -> tuple[dict[str, Any], list, list]:
    from courrier.newsroom.search import SiteSearch

    def bare_search() -> list[Any]:
        # What the search page asks of the index for a reader (full text: the heavier match; the
        # anonymous view below matches the public column alone): the total, then the first page of teasers.
        search = SiteSearch(text=query, full_text=True)
        search.count()
        search.facets  # noqa: B018 - computed, as the page shows them
        return search[:RESULT_LIMIT]

    def search_view() -> Any:
        return client.get(f"/recherche/?{urlencode({'q': query})}")

    search_times, results, search_timeouts = timed(bare_search, repeats, budget)
    view_times, response, view_timeouts = timed(search_view, repeats, budget)
    view = spread(view_times)
    figures = {
        "class": "broad" if query in BROAD_QUERIES else "selective",
        "results": None if results is None else len(results),
        **spread(search_times),
        "view_p50_ms": view["p50_ms"],
        "view_p95_ms": view["p95_ms"],
        "view_status": None if response is None else response.status_code,
        "timeouts": search_timeouts + view_timeouts,
    }
    return figures, search_times, view_times


def measure_search(repeats: int, budget: float) -> dict[str, Any]:
    from django.conf import settings
    from django.test import Client

    # The bench times searching, not the rate limiter that would refuse its repeats.
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "search": None}
    client = Client(raise_request_exception=False, HTTP_HOST="127.0.0.1")
    # Skip the shared page cache, or every repeat would time a cache hit.
    name, _, value = UNCACHED_COOKIE.partition("=")
    client.cookies[name] = value
    baseline_times, _, _ = timed(lambda: client.get("/sante/"), BASELINE_REPEATS, budget)
    baseline = spread(baseline_times)
    per_query: dict[str, Any] = {}
    all_search: list[float] = []
    all_view: list[float] = []
    by_class: dict[str, list[float]] = {"broad": [], "selective": []}
    for query in QUERIES:
        print(f"  {query}", file=sys.stderr, flush=True)
        per_query[query], search_times, view_times = measure_query(client, query, repeats, budget)
        all_search += search_times
        all_view += view_times
        by_class[per_query[query]["class"]] += search_times
    search, view = spread(all_search), spread(all_view)
    return {
        "queries": len(QUERIES),
        "repeats": repeats,
        "timeout_s": budget,
        "p50_ms": search["p50_ms"],
        "p95_ms": search["p95_ms"],
        "classes": {name: spread(times) for name, times in by_class.items()},
        "view_p50_ms": view["p50_ms"],
        "view_p95_ms": view["p95_ms"],
        "baseline_view_p50_ms": baseline["p50_ms"],
        "view_p50_ratio_to_baseline": ratio(view["p50_ms"], baseline["p50_ms"]),
        "timeouts": sum(figures["timeouts"] for figures in per_query.values()),
        "errors": sum(1 for figures in per_query.values() if figures["view_status"] not in (200, None)),
        "per_query": per_query,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds one run may take")
    options = parser.parse_args()
    import django

    django.setup()
    # An interrupted query is a timeout we count, not an error to log.
    logging.getLogger("django.request").setLevel(logging.CRITICAL)
    print(json.dumps(measure_search(options.repeats, options.timeout)))


if __name__ == "__main__":
    main()
