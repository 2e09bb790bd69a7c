"""The figures for humans: a table on the terminal, JSON under bench/results/."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bench.mailing import render_mailing

RESULTS_DIR = Path(__file__).resolve().parent / "results"
SLOWEST_QUERIES_SHOWN = 5
BUSY_LOAD_PER_CORE = 0.5


def _number(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


HTTP_LEGEND = [
    "  x base: req/s as a fraction of /sante/'s, p50 as a multiple of it. -uncached: a cookie makes the page",
    "  skip the shared copy and do its whole work. alone: a second single request on a fresh server (a cached",
    "  page may still miss there: each of the workers keeps its own local-memory cache).",
]


def busy(machine: dict[str, Any]) -> bool:
    return machine["load_average_at_start"][0] > BUSY_LOAD_PER_CORE * (machine["cores"] or 1)


def http_table(http: dict[str, dict[str, Any]]) -> list[str]:
    lines = [
        f"  {'page':<18}{'req/s':>9}{'x base':>9}{'p50 ms':>9}{'x base':>9}{'p99 ms':>9}{'alone ms':>10}"
        f"{'errors':>8}  path",
    ]
    for name, figures in http.items():
        lines.append(
            f"  {name:<18}{_number(figures['rps']):>9}{_number(figures['ratio_to_baseline'], 3):>9}"
            f"{_number(figures['p50_ms'], 2):>9}{_number(figures['p50_ratio_to_baseline'], 1):>9}"
            f"{_number(figures['p99_ms'], 2):>9}{_number(figures['alone_ms'], 1):>10}{figures['errors']:>8}"
            f"  {figures['path']}" + (f"  SKIPPED: {figures['skipped']}" if figures.get("skipped") else "")
        )
    return lines


def search_table(search: dict[str, Any]) -> list[str]:
    base = search["baseline_view_p50_ms"]
    view_ratio = search["view_p50_ratio_to_baseline"]
    lines = [
        f"  {'':<44}{'p50 ms':>9}{'p95 ms':>9}{'x base':>9}",
        f"  {'/sante/ view (in-process baseline)':<44}{_number(base, 2):>9}{'':>9}{'1.0':>9}",
        f"  {'SiteSearch: count + first 20':<44}"
        f"{_number(search['p50_ms'], 2):>9}{_number(search['p95_ms'], 2):>9}"
        f"{_number(search['p50_ms'] / base if base else None, 1):>9}",
        *[
            f"  {'  ' + name + ' queries':<44}{_number(figures['p50_ms'], 2):>9}{_number(figures['p95_ms'], 2):>9}"
            for name, figures in (search.get("classes") or {}).items()
        ],
        f"  {'/recherche/?q=… view':<44}{_number(search['view_p50_ms'], 2):>9}"
        f"{_number(search['view_p95_ms'], 2):>9}{_number(view_ratio, 1):>9}",
        f"  view errors: {search['errors']}; runs stopped at the {search['timeout_s']:.0f} s budget "
        f"(counted as taking it): {search['timeouts']}",
        "  slowest queries (view p50 ms, search p50 ms, results):",
    ]
    slowest = sorted(search["per_query"].items(), key=lambda item: -(item[1]["view_p50_ms"] or 0))
    for query, figures in slowest[:SLOWEST_QUERIES_SHOWN]:
        lines.append(
            f"    {query:<28}{_number(figures['view_p50_ms'], 2):>9}{_number(figures['p50_ms'], 2):>9}"
            f"{figures['results'] if figures['results'] is not None else 'timeout':>8}"
        )
    return lines


def render(results: dict[str, Any]) -> str:
    machine, load = results["machine"], results["load"]
    lines = [
        f"Courrier benchmark — {results['articles_in_archive']} articles ({results['database']}), "
        f"{machine['cores']} cores, Python {machine['python']}, started {results['started_at']}",
        f"Machine load average at start: {' / '.join(str(value) for value in machine['load_average_at_start'])}"
        + (" — BUSY: other work skews these figures" if busy(machine) else ""),
        f"HTTP: granian {load['workers']} workers x {load['threads']} threads on loopback; {load['generator']}, "
        f"{load['connections']} connections, {load['warmup_s']} s warm-up + {load['duration_s']} s per page",
    ]
    if results.get("http"):
        lines += http_table(results["http"])
        lines += HTTP_LEGEND
    if (results.get("search") or {}).get("error"):
        lines.append(f"Search in-process: FAILED — {results['search']['error'][:300]}")
    elif results.get("search"):
        lines.append(f"Search in-process: {results['search']['queries']} queries x {results['search']['repeats']} runs")
        lines += search_table(results["search"])
    if (results.get("mailing") or {}).get("error"):
        lines.append(f"Mailing: FAILED — {results['mailing']['error'][:300]}")
    elif results.get("mailing"):
        lines += render_mailing(results["mailing"])
    return "\n".join(lines)


def write(results: dict[str, Any], stamp: str) -> Path:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    text = json.dumps(results, indent=2, ensure_ascii=False) + "\n"
    path = RESULTS_DIR / f"{stamp}-{results['database']}-{results['articles']}.json"
    path.write_text(text)
    (RESULTS_DIR / "latest.json").write_text(text)
    return path
