"""Which decrees of a Gazette issue a reader's Alerte Décrets filters select, computed per distinct filter.

A filter narrows the alert along three dimensions: ministries, categories and keywords. A decree
is selected when it satisfies every dimension the reader filled in (one of the ministries, one of
the categories, one of the keywords); an empty dimension selects everything, so no filter at all
selects the whole issue.

Matching is set arithmetic on bit masks: bit i stands for the issue's i-th decree, in the order
the email lists them. Each ministry, category and keyword gets the mask of the decrees it selects,
once per issue; a filter's mask is the OR within each dimension and the AND across them. Readers
who share a filter share its mask, so the work grows with the number of distinct filters, never
with the number of readers.

Keywords are compared without accents or case (`normalise`: « Santé » and « sante » are the same)
at the start of a word of the decree's title or enabling statute: « environnement » finds
« l'environnement » and « environnementales », « loi » does not find « emploi ».
"""

from __future__ import annotations

import functools
import hashlib
import json
import operator
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

# Letters NFKD leaves whole, and the typographic apostrophe the Gazette prints.
_SPELLED_OUT = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "\u2019": "'", "\u02bc": "'"})
_NOT_ALPHANUMERIC = re.compile(r"[^0-9a-z]+")
KEYWORD_SEPARATORS = re.compile(r"[,;\n]+")
MAX_KEYWORDS = 20
MAX_KEYWORD_LENGTH = 100


def normalise(text: str) -> str:
    """Lower case, no accents, words separated by single spaces: « L'Œuvre d'Été » → « l oeuvre d ete »."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPELLED_OUT))
    bare = "".join(character for character in decomposed if not unicodedata.combining(character))
    return _NOT_ALPHANUMERIC.sub(" ", bare.casefold()).strip()


def split_keywords(text: str) -> list[str]:
    """The keywords a reader typed (comma-separated), trimmed, in their own spelling, each once
    (« Santé » and « sante » are the same keyword)."""
    seen: set[str] = set()
    keywords = []
    for part in KEYWORD_SEPARATORS.split(text):
        keyword = " ".join(part.split())
        key = normalise(keyword) or keyword
        if keyword and key not in seen:
            seen.add(key)
            keywords.append(keyword)
    return keywords


@dataclass(frozen=True)
class Criteria:
    """One filter in canonical form: ministry ids, category values, normalised keywords."""

    ministries: frozenset[int] = frozenset()
    categories: frozenset[str] = frozenset()
    keywords: frozenset[str] = frozenset()

    @classmethod
    def of(cls, *, ministries: Iterable[int] = (), categories: Iterable[str] = (), keywords: str = "") -> Criteria:
        """From what a reader chose: the keywords as typed (comma-separated)."""
        return cls(
            ministries=frozenset(ministries),
            categories=frozenset(categories),
            keywords=frozenset(filter(None, (normalise(keyword) for keyword in split_keywords(keywords)))),
        )

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Criteria:
        return cls(
            ministries=frozenset(int(pk) for pk in data.get("ministries", ())),
            categories=frozenset(str(category) for category in data.get("categories", ())),
            keywords=frozenset(str(keyword) for keyword in data.get("keywords", ())),
        )

    def as_json(self) -> dict[str, list[Any]]:
        return {
            "ministries": sorted(self.ministries),
            "categories": sorted(self.categories),
            "keywords": sorted(self.keywords),
        }

    @property
    def is_empty(self) -> bool:
        return not (self.ministries or self.categories or self.keywords)

    @property
    def signature(self) -> str:
        """Equal for equal criteria, whatever order they were chosen in: readers are grouped by it."""
        canonical = json.dumps(self.as_json(), sort_keys=True, separators=(",", ":"), ensure_ascii=True)
        return hashlib.sha256(canonical.encode()).hexdigest()


EMPTY = Criteria()


@dataclass(frozen=True)
class MatchableDecree:
    """What matching needs of a decree: its ministries, its category, and its words (normalised)."""

    pk: int
    ministries: frozenset[int]
    category: str
    title: str
    statute: str = ""
    words: str = field(init=False)

    def __post_init__(self) -> None:
        # Spaces at both ends: a keyword matches where " keyword" starts a word.
        object.__setattr__(self, "words", f" {normalise(self.title + ' ' + self.statute)} ")


def mentions(decree: MatchableDecree, keyword: str) -> bool:
    """Whether a word of the decree starts with the (normalised) keyword."""
    return f" {keyword}" in decree.words


def matches(decree: MatchableDecree, criteria: Criteria) -> bool:
    """The rule, one decree at a time (the reference the masks must agree with)."""
    return (
        (not criteria.ministries or not criteria.ministries.isdisjoint(decree.ministries))
        and (not criteria.categories or decree.category in criteria.categories)
        and (not criteria.keywords or any(mentions(decree, keyword) for keyword in criteria.keywords))
    )


class IssueIndex:
    """The masks of one issue's decrees, by ministry, category and (lazily) keyword."""

    def __init__(self, decrees: Sequence[MatchableDecree]) -> None:
        self.decrees = list(decrees)
        self.everything = (1 << len(self.decrees)) - 1
        self.by_ministry: dict[int, int] = {}
        self.by_category: dict[str, int] = {}
        self._by_keyword: dict[str, int] = {}
        for position, decree in enumerate(self.decrees):
            bit = 1 << position
            for ministry in decree.ministries:
                self.by_ministry[ministry] = self.by_ministry.get(ministry, 0) | bit
            self.by_category[decree.category] = self.by_category.get(decree.category, 0) | bit

    def keyword_mask(self, keyword: str) -> int:
        mask = self._by_keyword.get(keyword)
        if mask is None:
            mask = 0
            for position, decree in enumerate(self.decrees):
                if mentions(decree, keyword):
                    mask |= 1 << position
            self._by_keyword[keyword] = mask
        return mask

    def mask(self, criteria: Criteria) -> int:
        """The decrees `criteria` select, as a mask (0: none)."""
        mask = self.everything
        if criteria.ministries:
            mask &= _union(self.by_ministry.get(ministry, 0) for ministry in criteria.ministries)
        if mask and criteria.categories:
            mask &= _union(self.by_category.get(category, 0) for category in criteria.categories)
        if mask and criteria.keywords:
            mask &= _union(self.keyword_mask(keyword) for keyword in criteria.keywords)
        return mask

    def decree_ids(self, mask: int) -> list[int]:
        """The decrees of a mask, in the issue's order."""
        return [decree.pk for position, decree in enumerate(self.decrees) if mask >> position & 1]


def _union(masks: Iterable[int]) -> int:
    return functools.reduce(operator.or_, masks, 0)
