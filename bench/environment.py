"""Where the benchmark's archive lives and how its subprocesses are started.

Every subprocess gets COURRIER_VAR_DIR pointing at `var/bench-<N>/`, so a
benchmark never touches the developer's own `var/` or database.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

PROJECT_DIR = Path(__file__).resolve().parent.parent

# Variables that change what the application does; the benchmark sets them
# itself so two runs on two machines measure the same configuration.
APPLICATION_VARIABLES = ("COURRIER_ENV", "DATABASE_URL", "REDIS_URL", "DEBUG", "DJANGO_SETTINGS_MODULE")


class BenchError(RuntimeError):
    """A step of the benchmark failed; the message says which and why."""


DEFAULT_POSTGRESQL = "postgres://postgres@127.0.0.1:5432"


def var_dir_for(articles: int, vendor: str | None = None) -> Path:
    """`var/bench-<N>/` (SQLite's database is in it), or `var/bench-<N>-<vendor>/` beside another database."""
    path = PROJECT_DIR / "var" / (f"bench-{articles}" if vendor is None else f"bench-{articles}-{vendor}")
    path.mkdir(parents=True, exist_ok=True)
    return path


def postgresql_unavailable(server: str) -> str | None:
    """Why the PostgreSQL server at `server` cannot be benchmarked, or None when it answers."""
    import psycopg

    try:
        with psycopg.connect(f"{server.rstrip('/')}/postgres", connect_timeout=5):
            return None
    except psycopg.Error as error:
        return str(error).strip() or type(error).__name__


def postgresql_database(server: str, name: str) -> str:
    """The URL of database `name` on `server`, created empty the first time."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(f"{server}/postgres", autocommit=True, connect_timeout=5) as connection:
        if connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return f"{server}/{name}"


def bench_env(var_dir: Path, database_url: str | None, redis_url: str | None = None) -> dict[str, str]:
    """The environment of every subprocess: embedded settings, the bench var dir."""
    env = {name: value for name, value in os.environ.items() if name not in APPLICATION_VARIABLES}
    env.update(
        {
            "COURRIER_VAR_DIR": str(var_dir),
            "DJANGO_SETTINGS_MODULE": "courrier.settings",
            "DEBUG": "false",
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def run_courrier(env: dict[str, str], *arguments: str) -> None:
    """Run a `courrier` management command, its output shown as it goes."""
    command = [sys.executable, "-m", "courrier", *arguments]
    print(f"$ courrier {' '.join(arguments)}", flush=True)
    result = subprocess.run(command, env=env, cwd=PROJECT_DIR, check=False)
    if result.returncode != 0:
        raise BenchError(f"`courrier {' '.join(arguments)}` failed (exit status {result.returncode}).")


def run_json_module(
    env: dict[str, str], module: str, *arguments: str, timeout: float | None = None, show_progress: bool = False
) -> Any:
    """Run `python -m <module>` and parse the JSON object it prints last.

    With `show_progress`, the module's stderr goes to the terminal as it runs.
    """
    command = [sys.executable, "-m", module, *arguments]
    result = subprocess.run(
        command,
        env=env,
        cwd=PROJECT_DIR,
        stdout=subprocess.PIPE,
        stderr=None if show_progress else subprocess.PIPE,
        text=True,
        timeout=timeout,
        check=False,
    )
    errors = (result.stderr or "")[-4000:]
    if result.returncode != 0:
        raise BenchError(f"`python -m {module}` failed (exit status {result.returncode}):\n{errors}")
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise BenchError(f"`python -m {module}` printed no JSON:\n{result.stdout[-2000:]}{errors}")
    return json.loads(lines[-1])
