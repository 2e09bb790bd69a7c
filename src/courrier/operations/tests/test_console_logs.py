"""The console an operator reads: what they act on, not a line per task the worker ran."""

from __future__ import annotations

import copy
import logging
import logging.config

import pytest

from courrier.settings import base


@pytest.fixture
def production_logging(capsys):
    root, tasks = logging.getLogger(), logging.getLogger("django_tasks")
    saved = (root.handlers[:], root.level, tasks.filters[:], tasks.level)
    logging.config.dictConfig(copy.deepcopy(base.LOGGING))
    tasks.setLevel(logging.INFO)  # what `db_worker` does when it starts
    yield
    root.handlers[:], tasks.filters[:] = saved[0], saved[2]
    root.setLevel(saved[1])
    tasks.setLevel(saved[3])


def test_the_console_shows_failed_tasks_and_what_operators_need_not_every_task(production_logging, capsys):
    logging.getLogger("django_tasks").info("Task id=1 path=courrier.mailing.tasks.send state=SUCCESSFUL")
    logging.getLogger("django_tasks").error("Task id=2 path=courrier.mailing.tasks.send state=FAILED")
    logging.getLogger("courrier.mailing.sender").info("Campagne 12 : envoi terminé")
    shown = capsys.readouterr().err
    assert "id=1" not in shown
    assert "id=2" in shown and "Campagne 12 : envoi terminé" in shown
