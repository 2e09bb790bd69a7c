"""The lists one can unsubscribe from, by key: a registry the sending apps fill.

Mailing knows how to unsubscribe (tokens, one-click, the confirmation page, the
consent log) but not what leaving a list means: the app that owns a list says it.
An app registers a `ListSource` that resolves its keys (`lcp-lag` is a publication
row, so editions answers for any key it owns) and enumerates its lists, so that
"every publication" is every list of every source.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from courrier.accounts.models import User

Leave = Callable[[str, User | None], None]


@dataclass(frozen=True)
class MailingList:
    """A list someone can leave: `leave(email, user)` stops what it sends to that address (idempotent);
    `choose_url` is where a reader chooses again (re-subscribes), if anywhere."""

    key: str
    name: str
    leave: Leave
    choose_url: str = ""


class ListSource(Protocol):
    def get(self, key: str) -> MailingList | None:
        """The list with this key, if this source owns it (closed lists too: old links keep working)."""

    def all(self) -> list[MailingList]:
        """The lists a person may receive now, in the order to show them."""


_sources: dict[str, ListSource] = {}


def register_list_source(name: str, source: ListSource) -> None:
    """Register (or replace) the source called `name`; apps call this from `AppConfig.ready()`."""
    _sources[name] = source


def unregister_list_source(name: str) -> None:
    _sources.pop(name, None)


def get_list(key: str) -> MailingList | None:
    for source in _sources.values():
        found = source.get(key)
        if found is not None:
            return found
    return None


def all_lists() -> list[MailingList]:
    return [mailing_list for source in _sources.values() for mailing_list in source.all()]
