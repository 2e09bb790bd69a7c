"""What a web worker does once, before its first request, so that no reader pays for it.

Apps register what they would otherwise compute on a first request (`before_first_request`);
`courrier.wsgi` calls `warm_up()` once the application is set up.
"""

from __future__ import annotations

from collections.abc import Callable

from django.urls import get_resolver, reverse

_preparations: list[Callable[[], object]] = []


def before_first_request(prepare: Callable[[], object]) -> Callable[[], object]:
    """Have `prepare` run when a worker starts (it must not need the database)."""
    _preparations.append(prepare)
    return prepare


def warm_up() -> None:
    """Import every URL configuration and the views it names, fill the resolver's reverse lookup, and run
    what the apps registered.

    Without it the first request of each worker did it all: on a busy machine the first calendar
    feed a reader's client asked for took 6 s (issue 12), any other page a good part of that.
    """
    get_resolver().url_patterns  # noqa: B018 - the property imports what the URL configurations name
    reverse("wagtailadmin_home")  # the admin's prefix, which the security headers ask for on every request
    for prepare in _preparations:
        prepare()
