"""A logged-in reader's pages in-process: `python -m bench.reader_pages` prints each page's median and p95 ms.

Run with the benchmark's environment (COURRIER_VAR_DIR of an archive, DJANGO_SETTINGS_MODULE=courrier.settings,
DEBUG=false), for a quick look at whether a page's cost depends on the archive's size without loading a
server: the same pages as the HTTP bench's `*-reader` targets, through the whole middleware stack, as the
demo subscriber. The pages' remembered parts are warm, as they are for every reader but the first after a
publication.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from typing import Any


def measure(repeats: int) -> dict[str, dict[str, Any]]:
    from django.test import Client

    from bench.probe import describe_archive

    archive = describe_archive()
    client = Client(HTTP_HOST="127.0.0.1")
    for pair in archive["reader_cookie"].split("; "):
        name, value = pair.split("=", 1)
        client.cookies[name] = value
    figures = {}
    for page, path in archive["reader_pages"].items():
        status = client.get(path).status_code
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        figures[page] = {
            "path": path,
            "status": status,
            "p50_ms": round(statistics.median(times), 2),
            "p95_ms": round(times[int(0.95 * (len(times) - 1))], 2),
        }
    return {"articles": archive["articles"], "database": archive["database"], "pages": figures}


def main() -> None:
    import django

    parser = argparse.ArgumentParser(prog="python -m bench.reader_pages", description=__doc__)
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    options = parser.parse_args()
    django.setup()
    # The search rate limit counts these requests like a reader's: lift it for the measurement.
    from django.conf import settings

    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "search": False}
    results = measure(options.repeats)
    if options.json:
        print(json.dumps(results))
        return
    print(f"{results['articles']} articles ({results['database']}), {options.repeats} requests per page")
    for page, figures in results["pages"].items():
        print(f"  {page:<16}{figures['p50_ms']:>9.2f} p50 ms{figures['p95_ms']:>9.2f} p95 ms  {figures['path']}")


if __name__ == "__main__":
    main()
