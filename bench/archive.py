"""The benchmark archive: migrated, demo content loaded, topped up to N articles.

Reused as it is when it already holds N articles, so only the first run of a
given size pays for generating them.
"""

from __future__ import annotations

from typing import Any

from bench.environment import BenchError, run_courrier, run_json_module


def probe(env: dict[str, str]) -> dict[str, Any]:
    return run_json_module(env, "bench.probe", timeout=600)


def prepare_archive(env: dict[str, str], articles: int) -> dict[str, Any]:
    """Bring the archive to at least `articles` articles and describe it."""
    run_courrier(env, "migrate", "--no-input", "--verbosity", "0")
    # The production static storage needs its manifest to render any page.
    run_courrier(env, "collectstatic", "--no-input", "--verbosity", "0")
    info = probe(env)
    if not info["demo_loaded"]:
        run_courrier(env, "load_demo")
        info = probe(env)
    missing = articles - info["articles"]
    if missing > 0:
        print(f"The archive holds {info['articles']} articles; generating {missing} more.", flush=True)
        run_courrier(env, "load_demo", "--articles", str(missing))
        info = probe(env)
    else:
        print(f"Reusing the archive: {info['articles']} articles.", flush=True)
    if info["article_path"] is None or info["section_path"] is None:
        raise BenchError("The archive has no live article to benchmark; is the demo content loaded?")
    return info
