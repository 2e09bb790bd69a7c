"""Names in French sentences: « d'Alerte Décrets », « du Ministère des Finances », « par la Ville de Rimouski ».

An organisation or a publication is stored by its name alone (« Ministère des
Finances », « Alerte Décrets »). In a French sentence it takes an article and
contracts with « de »: « l'administrateur du Ministère des Finances », « les
éditions d'Alerte Décrets ». The article depends on the name's head word, which
for Québec's public bodies and organisations is a common noun of known gender;
a proper name (Hydro-Québec, Desjardins, FCCQ) takes none.

In any other language the name comes back as it is: a message passes
`of_name(name)` where French writes « de » and English writes « of ».
Templates: `{% load wording %}{{ organization|of_name }}`, `|to_name`, `|with_article`.
"""

from __future__ import annotations

from django.utils.translation import get_language

VOWELS = frozenset("AEIOUYÀÂÄÉÈÊËÎÏÔÖÛÙÜaeiouyàâäéèêëîïôöûùü")
MASCULINE = frozenset(
    {
        "bureau",
        "cabinet",
        "centre",
        "cégep",
        "collège",
        "comité",
        "commissaire",
        "conseil",
        "curateur",
        "directeur",
        "fonds",
        "groupe",
        "ministère",
        "mouvement",
        "musée",
        "protecteur",
        "regroupement",
        "réseau",
        "secrétariat",
        "syndicat",
        "tribunal",
        "vérificateur",
    }
)
FEMININE = frozenset(
    {
        "alliance",
        "agence",
        "assemblée",
        "association",
        "autorité",
        "banque",
        "caisse",
        "centrale",
        "chambre",
        "coalition",
        "commission",
        "confédération",
        "coopérative",
        "corporation",
        "direction",
        "école",
        "fédération",
        "fondation",
        "municipalité",
        "régie",
        "société",
        "sûreté",
        "union",
        "université",
        "ville",
    }
)
ELIDING_MASCULINE = frozenset({"institut", "office", "ordre", "observatoire"})


def _in_french() -> bool:
    return (get_language() or "fr").startswith("fr")


def _article(name: str) -> str:
    """The article the name takes in running text: « le », « la », « l' » or none."""
    head = name.split(maxsplit=1)[0].split("-")[0].lower() if name.strip() else ""
    if head in ELIDING_MASCULINE or (head in FEMININE | MASCULINE and head[:1] in VOWELS):
        return "l'"
    if head in MASCULINE:
        return "le "
    if head in FEMININE:
        return "la "
    return ""


def with_article(name: str) -> str:
    """« le Ministère des Finances », « la Ville de Rimouski », « Hydro-Québec »."""
    return f"{_article(name)}{name}" if _in_french() else name


def colon() -> str:
    """The colon after a label: a non-breaking space before it in French, none in English."""
    return "\u00a0:" if _in_french() else ":"


def _after(preposition: str, masculine: str, plural: str, name: str) -> str:
    """`preposition` before `name`, contracted with its article (« au », « du », « aux », « des »)."""
    article = _article(name)
    for own, contracted in (("Le ", masculine), ("Les ", plural)):
        if not article and name.startswith(own):
            return f"{contracted} {name[len(own) :]}"
    if article == "le ":
        return f"{masculine} {name}"
    if article or preposition != "de":
        return f"{preposition} {article}{name}"
    # « de » elides before a vowel, and before a mute h too (« d'Hydro-Québec », « d'Héma-Québec »).
    return f"d'{name}" if name[:1] in VOWELS or (name[:1] in "Hh" and name[1:2] in VOWELS) else f"de {name}"


def to_name(name: str) -> str:
    """« à » and the name, contracted: « au Ministère des Finances », « à la Ville de Rimouski », « à Hydro-Québec »."""
    return _after("à", "au", "aux", name) if _in_french() else name


def of_name(name: str) -> str:
    """« de » and the name, contracted: « du Ministère des Finances », « d'Alerte Décrets », « de LCP-LAG »."""
    return _after("de", "du", "des", name) if _in_french() else name
