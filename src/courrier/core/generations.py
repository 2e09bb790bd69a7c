"""Generations: a value in the shared cache that changes whenever what processes derived from it is stale.

The default cache is shared by every process (database or Redis), so one process starting a
new generation tells all the others. A random value rather than a counter: if the entry is ever
evicted, the new one cannot repeat a generation some process still holds.
"""

from __future__ import annotations

import uuid

from django.core.cache import cache


def current_generation(key: str) -> str:
    generation = cache.get(key)
    if generation is None:
        cache.add(key, _fresh(), None)
        generation = cache.get(key, "")
    return str(generation)


def start_new_generation(key: str) -> None:
    cache.set(key, _fresh(), None)


def _fresh() -> str:
    return uuid.uuid4().hex[:16]
