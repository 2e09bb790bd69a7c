"""What the console shows an operator: what they act on at INFO, the task worker's line per task at DEBUG."""

from __future__ import annotations

import logging


class PerTaskLinesAtDebug(logging.Filter):
    """The task worker logs every task it starts and finishes at INFO (django-tasks): on a busy worker those
    lines bury what an operator needs (`courrier serve`'s welcome, warnings). They go out at DEBUG instead;
    a failed task, logged as an error, is left as it is."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.INFO:
            record.levelno, record.levelname = logging.DEBUG, logging.getLevelName(logging.DEBUG)
        return True
