"""What security depends on holds across web workers, in the embedded default (no Redis).

`courrier serve` starts two web workers. Each test here drives two separate
processes with the embedded default's settings against one SQLite file, as an
attacker's requests land on either worker: the lockout after 5 failed logins and
the password-reset limit count every worker's attempts, and *Suspendre* stops an
organisation's IP range in every worker at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from courrier.core.tests import workers
from courrier.core.tests.workers import Worker

PASSWORD = "le bon mot de passe 2026"
ATTACKER = "203.0.113.9"
IP_RANGE = "198.51.100.0/24"
INSIDE_RANGE = "198.51.100.20"


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Worker, Worker]]:
    var_dir: Path = tmp_path_factory.mktemp("workers")
    first = Worker(var_dir)
    first.call(workers.migrate)
    second = Worker(var_dir)
    yield first, second
    first.close()
    second.close()


@pytest.fixture(scope="module")
def subscriber(pair: tuple[Worker, Worker]) -> dict:
    return pair[0].call(workers.create_subscriber, password=PASSWORD, ip_range=IP_RANGE)


def test_five_failed_logins_across_two_workers_lock_the_account(pair, subscriber):
    first, second = pair
    for attempt in range(5):
        worker = (first, second)[attempt % 2]
        status, logged_in = worker.call(workers.log_in, email=subscriber["email"], password="devine", address=ATTACKER)
        assert not logged_in

    # The sixth try, with the right password, on the worker that counted only two failures.
    status, logged_in = second.call(workers.log_in, email=subscriber["email"], password=PASSWORD, address=ATTACKER)

    assert not logged_in
    assert status in (200, 429)


def test_password_reset_limit_counts_every_worker(pair, subscriber):
    first, second = pair
    statuses = [
        worker.call(workers.ask_password_reset, email=subscriber["email"], address=ATTACKER)
        for worker in (first, second, first, second, first)
    ]

    assert statuses == [302, 302, 302, 429, 429]


def test_a_suspension_stops_the_ip_range_in_every_worker_at_once(pair, subscriber):
    first, second = pair
    assert second.call(workers.reads_article, path=subscriber["article"], address=INSIDE_RANGE)
    assert first.call(workers.reads_article, path=subscriber["article"], address=INSIDE_RANGE)

    first.call(workers.suspend, licence_id=subscriber["licence"])

    assert not second.call(workers.reads_article, path=subscriber["article"], address=INSIDE_RANGE)
    assert not first.call(workers.reads_article, path=subscriber["article"], address=INSIDE_RANGE)
