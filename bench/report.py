"""The figures for humans: a table on the terminal, JSON under bench/results/."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bench.mailing import render_mailing
from bench.render import table as render_table

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


def render_run(results: dict[str, Any]) -> list[str]:
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
    if (results.get("render") or {}).get("error"):
        lines.append(f"Full renders in-process: FAILED — {results['render']['error'][:300]}")
    elif results.get("render"):
        renders = next(iter(results["render"]["pages"].values()))["renders"]
        lines.append(f"Full renders in-process: {renders} per page")
        lines += render_table(results["render"])
    lines += admin_search_lines(results.get("admin_search"))
    return lines


def admin_search_lines(admin: dict[str, Any] | None) -> list[str]:
    """One line per query: the admin's bare autocomplete (slice, count, facet), its results view, the page chooser."""
    if not admin:
        return []
    if admin.get("error"):
        return [f"Admin search in-process: FAILED — {admin['error'][:300]}"]
    lines = [
        f"Admin search in-process: {admin['queries']} queries x {admin['repeats']} runs (p50 / p95 ms)",
        f"{'query':<20} {'matches':>8} {'autocomplete':>15} {'search view':>15} {'page chooser':>15}",
    ]
    for query, figures in admin["per_query"].items():
        cells = [
            f"{_ms(figures[name]['p50_ms'])} / {_ms(figures[name]['p95_ms'])}"
            for name in ("autocomplete", "search_view", "chooser_view")
        ]
        lines.append(f"{query:<20} {figures.get('matches') or '-':>8} {cells[0]:>15} {cells[1]:>15} {cells[2]:>15}")
    return lines


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def _size(articles: int) -> str:
    return f"{articles // 1_000_000}M" if articles % 1_000_000 == 0 else f"{articles // 1_000}k"


def sizes_table(runs: list[dict[str, Any]]) -> list[str]:
    """For each database, every page at every archive size side by side, and what the largest costs more."""
    lines: list[str] = []
    for vendor in dict.fromkeys(run["database"] for run in runs):
        mine = sorted((run for run in runs if run["database"] == vendor), key=lambda run: run["articles"])
        if len(mine) < 2:
            continue
        heads = "".join(f"{_size(run['articles']) + ' req/s':>13}{'p99 ms':>8}" for run in mine)
        lines += [f"Archive sizes side by side — {vendor}", f"  {'page':<20}{heads}{'cost x':>8}"]
        names = list(dict.fromkeys(name for run in mine for name in run.get("http") or {}))
        for name in names:
            figures = [(run.get("http") or {}).get(name) or {} for run in mine]
            cells = "".join(f"{_number(f.get('rps')):>13}{_number(f.get('p99_ms'), 1):>8}" for f in figures)
            # Against each run's own baseline, so that other work on the machine cancels out.
            first, last = figures[0].get("ratio_to_baseline"), figures[-1].get("ratio_to_baseline")
            lines.append(f"  {name:<20}{cells}{_number(first / last if first and last else None, 2):>8}")
        searches = [run.get("search") or {} for run in mine]
        cells = "".join(f"{_number(s.get('p95_ms'), 1) + ' p95':>13}{'':>8}" for s in searches)
        lines.append(f"  {'search in-process':<20}{cells}")
        lines.append(
            "  cost x: req/s as a fraction of the baseline's at the smallest archive, over the same at the largest"
            " (1.0: size costs nothing)."
        )
    return lines


def render(results: dict[str, Any]) -> str:
    lines: list[str] = []
    for run in results.get("runs", []):
        lines += [*render_run(run), ""]
    lines += sizes_table(results.get("runs", []))
    if (results.get("mailing") or {}).get("error"):
        lines.append(f"Mailing: FAILED — {results['mailing']['error'][:300]}")
    elif results.get("mailing"):
        lines += render_mailing(results["mailing"])
    return "\n".join(lines)


def write(results: dict[str, Any], stamp: str) -> Path:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    text = json.dumps(results, indent=2, ensure_ascii=False) + "\n"
    runs = results.get("runs") or []
    label = "-".join(dict.fromkeys(f"{run['database']}-{run['articles']}" for run in runs)) or "mailing"
    path = RESULTS_DIR / f"{stamp}-{label}.json"
    path.write_text(text)
    (RESULTS_DIR / "latest.json").write_text(text)
    return path
