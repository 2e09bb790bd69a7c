"""The search language readers type, read once in Python and compiled for SQLite's FTS5 and PostgreSQL's tsquery.

Words are folded (case, accents, ligatures) and reduced to their French stem
(Snowball, the algorithm of PostgreSQL's `french_stem`) here, both when a
document is indexed (`normalized`) and when a query is read (`parse_query`):
both databases index and match the same tokens, so a query finds the same
documents on either, and « décrets » finds « décret » on SQLite too.

The syntax: words (all required), "exact phrases", -exclusions (a word or a
phrase), OU (or OR) between two terms (either will do). Nothing else is an
operator: every other character separates words, so no input reaches a search
engine's own syntax, and no input is an error (a query with nothing left to
find finds nothing).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import Stemmer

MAX_TERMS = 12  # words, phrases and exclusions kept from one query
MAX_PHRASE_WORDS = 12
MAX_WORD_LENGTH = 60  # longer runs of letters are cut in words of this length
OR_OPERATORS = frozenset({"OU", "OR"})

WORD = re.compile(rf"[^\W_]{{1,{MAX_WORD_LENGTH}}}")
COMBINING_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")
# A quoted phrase (its closing quote optional) or a run of anything but spaces and quotes, either negated.
LEXEME = re.compile(r'(?P<negated>-?)(?:"(?P<phrase>[^"]*)"?|(?P<word>[^\s"]+))')

# Words too common to narrow a search: left out of a query beside other words (kept in phrases).
STOP_WORDS = frozenset(
    """
    a au aux avec ce ces d dans de des du elle en et eux il je l la le les leur lui m ma mais me meme mes moi mon
    n ne nos notre nous on ou par pas pour qu que qui s sa se ses son sur t ta te tes toi ton tu un une vos votre
    vous y c est sont ete etre avoir ont
    """.split()  # noqa: SIM905 - words read better as text
)

_stemmer = Stemmer.Stemmer("french")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    return _stemmer.stemWord(word)


def fold(text: str) -> str:
    """Lower case, no accents, no ligatures: « Œuvre décrétée » → « oeuvre decretee »."""
    # str.replace, not str.translate: ten times faster on a body (the bulk loader folds every one).
    text = text.casefold().replace("œ", "oe").replace("æ", "ae")
    return COMBINING_MARKS.sub("", unicodedata.normalize("NFKD", text))


def words(text: str) -> list[str]:
    """The folded words of `text`, in order."""
    return WORD.findall(fold(text))


def normalized(text: str) -> str:
    """`text` as the index keeps it: its words' stems, separated by spaces."""
    return " ".join(map(stem, words(text)))


@dataclass(frozen=True)
class Term:
    """One word, or the words of a phrase in order (stems)."""

    stems: tuple[str, ...]


@dataclass(frozen=True)
class SearchQuery:
    """Every group must match (any one of its terms); no excluded term may."""

    groups: tuple[tuple[Term, ...], ...] = ()
    excluded: tuple[Term, ...] = ()

    @property
    def is_empty(self) -> bool:
        """Nothing to look for: a query of exclusions alone, or of no word at all, finds nothing."""
        return not self.groups


@dataclass(frozen=True)
class _Lexeme:
    term: Term | None  # None: the OR operator
    negated: bool = False
    stop_word: bool = False


def parse_query(text: str) -> SearchQuery:
    """The query `text` means; never raises."""
    lexemes = list(_lexemes(text))[: MAX_TERMS * 2]
    groups: list[list[_Lexeme]] = []
    excluded: list[Term] = []
    joining = False
    for lexeme in lexemes:
        if lexeme.term is None:
            joining = bool(groups)
        elif lexeme.negated:
            excluded.append(lexeme.term)
            joining = False
        else:
            if joining:
                groups[-1].append(lexeme)
            else:
                groups.append([lexeme])
            joining = False
    meaningful = [group for group in groups if not all(lexeme.stop_word for lexeme in group)]
    kept = (meaningful or groups)[:MAX_TERMS]
    return SearchQuery(
        groups=tuple(tuple(dict.fromkeys(lexeme.term for lexeme in group if lexeme.term)) for group in kept),
        excluded=tuple(dict.fromkeys(excluded))[: max(0, MAX_TERMS - len(kept))],
    )


def _lexemes(text: str) -> Iterator[_Lexeme]:
    for match in LEXEME.finditer(text):
        raw = match.group("phrase") if match.group("phrase") is not None else match.group("word")
        negated = bool(match.group("negated"))
        if match.group("word") in OR_OPERATORS and not negated:
            yield _Lexeme(term=None)
            continue
        found = words(raw)[:MAX_PHRASE_WORDS]
        if found:
            stop_word = len(found) == 1 and match.group("phrase") is None and found[0] in STOP_WORDS
            yield _Lexeme(term=Term(tuple(stem(word) for word in found)), negated=negated, stop_word=stop_word)


# Compilers. Stems hold letters and digits only (`WORD`), so quoting them is enough for either syntax;
# the compiled text is still passed as a bound parameter, never spliced into SQL.


def to_fts5(query: SearchQuery, columns: str) -> str:
    """An FTS5 MATCH expression searching `columns` (« public » or « {public private} »)."""

    def phrase(term: Term) -> str:
        return '"' + " ".join(term.stems) + '"'

    required = " AND ".join("(" + " OR ".join(phrase(term) for term in group) + ")" for group in query.groups)
    excluded = "".join(f" NOT {phrase(term)}" for term in query.excluded)
    return f"{columns} : ({required}{excluded})"


def to_tsquery(query: SearchQuery) -> str:
    """A tsquery for `to_tsquery('simple', …)` (the stems are already what the vectors hold)."""

    def phrase(term: Term) -> str:
        return "(" + " <-> ".join(f"'{stem}'" for stem in term.stems) + ")"

    required = " & ".join("(" + " | ".join(phrase(term) for term in group) + ")" for group in query.groups)
    excluded = "".join(f" & !{phrase(term)}" for term in query.excluded)
    return required + excluded


BM25_K1 = 1.2  # FTS5's own bm25 constants
BM25_B = 0.75


def relevance(query: SearchQuery, texts: dict[int, tuple[str, ...]], weights: tuple[float, ...]) -> dict[int, float]:
    """Okapi BM25 of each document's normalized columns (`texts`, weighted as `weights`), higher is better.

    As FTS5's bm25, but with term rarity taken among the documents given rather than
    the whole index: FTS5 counts a term's documents over the entire table on every
    query, which costs more than ranking itself once a word is in half the archive.
    """
    if not texts:
        return {}
    terms = list(dict.fromkeys(term for group in query.groups for term in group))
    # Counted in the columns padded with a space: a word repeated back to back counts once, a rare loss.
    needles = [" " + " ".join(term.stems) + " " for term in terms]
    frequencies: dict[int, list[float]] = {}
    lengths: dict[int, int] = {}
    for key, columns in texts.items():
        padded = [(weight, f" {column} ") for weight, column in zip(weights, columns, strict=False) if weight]
        frequencies[key] = [sum(weight * column.count(needle) for weight, column in padded) for needle in needles]
        lengths[key] = sum(column.count(" ") + 1 for column in columns if column)
    average = (sum(lengths.values()) / len(lengths)) or 1.0
    total = len(texts)
    rarity = []
    for index in range(len(needles)):
        holding = sum(1 for found in frequencies.values() if found[index] > 0)
        rarity.append(max(math.log((total - holding + 0.5) / (holding + 0.5)), 1e-6))
    scores = {}
    for key, found in frequencies.items():
        norm = BM25_K1 * (1 - BM25_B + BM25_B * lengths[key] / average)
        scores[key] = sum(idf * tf * (BM25_K1 + 1) / (tf + norm) for idf, tf in zip(rarity, found, strict=True) if tf)
    return scores
