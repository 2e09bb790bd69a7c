"""Admin search latency in-process: `python -m bench.admin_search` prints JSON.

For each query, as an administrator: the bare autocomplete the admin's page
search runs (first 20 by relevance, the count, the content-type facet), then the
page search's results view and the page chooser's search through Django's test
client. Runs over the time budget are interrupted and count as the budget
(`bench.search.timed`).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from typing import Any

from bench.search import spread, timed

QUERIES = ["gouvernement", "budget", "hydro", "projet de loi", "Période des quest"]
RESULT_LIMIT = 20


def measure_query(client: Any, query: str, repeats: int, budget: float) -> dict[str, Any]:
    from wagtail.models import Page

    def bare() -> int:
        results = Page.objects.all().autocomplete(query, order_by_relevance=True)
        list(results[:RESULT_LIMIT])
        results.facet("content_type_id")
        return results.count()

    def search_view() -> Any:
        return client.get("/admin/pages/search/results/", {"q": query})

    def chooser_view() -> Any:
        return client.get("/admin/choose-page/search/", {"q": query})

    figures: dict[str, Any] = {}
    timeouts = 0
    for name, action in [("autocomplete", bare), ("search_view", search_view), ("chooser_view", chooser_view)]:
        durations, outcome, timed_out = timed(action, repeats, budget)
        timeouts += timed_out
        figures[name] = spread(durations)
        if name == "autocomplete":
            figures["matches"] = outcome
        elif outcome is not None and outcome.status_code != 200:
            figures[f"{name}_status"] = outcome.status_code
    figures["timeouts"] = timeouts
    return figures


def measure(repeats: int, budget: float) -> dict[str, Any]:
    from django.contrib.auth import get_user_model
    from django.test import Client

    administrator = get_user_model().objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    if administrator is None:
        raise SystemExit("bench.admin_search: the archive has no administrator")
    client = Client(raise_request_exception=False, HTTP_HOST="127.0.0.1")
    client.force_login(administrator)
    per_query = {}
    for query in QUERIES:
        print(f"  admin: {query}", file=sys.stderr, flush=True)
        per_query[query] = measure_query(client, query, repeats, budget)
    overall = {
        name: spread([per_query[query][name]["p50_ms"] / 1000 for query in QUERIES if per_query[query][name]["p50_ms"]])
        for name in ["autocomplete", "search_view", "chooser_view"]
    }
    return {
        "queries": len(QUERIES),
        "repeats": repeats,
        "timeout_s": budget,
        "overall_of_p50s": overall,
        "timeouts": sum(figures["timeouts"] for figures in per_query.values()),
        "per_query": per_query,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds one run may take")
    options = parser.parse_args()
    import django

    django.setup()
    from django.contrib.staticfiles.storage import StaticFilesStorage, staticfiles_storage

    # The admin's templates name static files; the bench's archive has no collected manifest.
    staticfiles_storage._wrapped = StaticFilesStorage()
    logging.getLogger("django.request").setLevel(logging.CRITICAL)
    print(json.dumps(measure(options.repeats, options.timeout)))


if __name__ == "__main__":
    main()
