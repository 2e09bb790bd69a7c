"""The table-of-contents parser on text pasted from issues of the Gazette's Partie 2 (samples written in its format)."""

# The samples keep the Gazette's typographic apostrophes and dashes, as pasted.
# ruff: noqa: RUF001

from __future__ import annotations

import datetime

import pytest

from courrier.parliament.decree_numbers import DecreeNumber
from courrier.parliament.models import DecreeCategory, PartTwoSection
from courrier.parliament.toc import parse_table_of_contents

C = DecreeCategory
S = PartTwoSection

# Copied from the PDF with the layout kept: dot leaders, wrapped titles indented, a page header in the middle.
FEBRUARY_11 = """\
Table des matières                                                                              Page

Entrée en vigueur de lois
76-2026      Loi modifiant la Loi sur la gouvernance et la gestion des ressources informationnelles
             des organismes publics et des entreprises du gouvernement — Entrée en vigueur de
             certaines dispositions. . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . .   515

Règlements et autres actes
81-2026      Régime pédagogique de l’éducation préscolaire, de l’enseignement primaire et de
             l’enseignement secondaire — Modification . . . . . . . . . . . . . . . . . . . . . . . . . . .   517
87-2026      Aliments — Modification . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . .   525
90-2026      Aménagement durable des forêts du domaine de l’État — Modification. . . . . . . . . . . .   528

Partie 2                    GAZETTE OFFICIELLE DU QUÉBEC, 11 février 2026, 158e année, no 6                    513

Projets de règlement
Code de la sécurité routière — Permis . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . .   541

Décrets administratifs
79-2026      Nomination de madame Catherine Dubé-Lessard comme membre indépendante du conseil
             d’administration de Santé Québec . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . .   545
84-2026      Nomination de monsieur Olivier Bélanger comme membre du conseil d’administration de
             l’Université du Québec à Rimouski . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . .   545
93-2026      Octroi d’un prêt par Investissement Québec à Aciers Nordiques inc. . . . . . . . . . . . . .   546
95-2026      Approbation de l’Entente entre le gouvernement du Québec et la Ville de Rimouski relative
             au financement de logements abordables . . . . . . . . . . . . . . . . . . . . . . . . . . . . .   547

Arrêtés ministériels
Arrêté de la ministre de la Santé concernant l’ordonnance de vaccination . . . . . . . . . . . . .   549

Avis
Réserve de biodiversité projetée de la Vallée-Ouareau — Prolongation . . . . . . . . . . . . . . .   551
"""

# Pasted from the HTML version: one line per entry, tabs between number, title and page, « Décret … du … ».
FEBRUARY_4 = (
    "GAZETTE OFFICIELLE DU QUÉBEC, 4 février 2026, 158e année, no 5\n"
    "Lois et règlements\n"
    "Règlements et autres actes\n"
    "Décret 41-2026 du 21 janvier 2026 — Règlement modifiant le Règlement sur les impôts\t403\n"
    "Décret 43-2026 du 21 janvier 2026 — Règlement modifiant le Règlement sur le régime général "
    "d'assurance médicaments\t417\n"
    "Décrets administratifs\n"
    "1329-2022\tNomination de madame Geneviève Auclair comme sous-ministre adjointe\t 422\n"
    "D. 52-2026 du 21 janvier 2026 : Concernant un mandat à Investissement Québec d'octroyer un prêt d'au plus "
    "12 000 000 $ à Fabrication Bois-Francs inc.\t423\n"
    "Décret 58-2026 du 21 janvier 2026 — Concernant l'approbation de l'Entente entre le gouvernement du Québec et "
    "la Ville de Trois-Rivières……… 424\n"
    "No 60-2026 — Concernant la nomination de monsieur Julien Ferland comme juge de paix magistrat\t425\n"
)

# Copied from the PDF by a viewer that squeezes spaces and breaks words: leaders lost, soft hyphens, page
# footers, references to other decrees and a fiscal period that look like decree numbers at the start of a line.
WINTER_1995 = (
    "\u00a0Partie 2\u00a0 GAZETTE OFFICIELLE DU QUÉBEC, 1er février 1995, 127e année, no 5 \u00a0 409\n"
    "Décrets\n"
    "Décrets administratifs\n"
    "101-95 Concernant la modification du décret\n"
    "1050-94 du 13 juillet 1994 relatif à la composition du Conseil 411\n"
    "102-95 Concernant les modalités de financement de la Société immobilière du Québec pour l’exercice financier\n"
    "1995-1996 ....... 412\n"
    "103-95 Concernant la nomination de monsieur Jean-Guy Pel\u00adletier comme président de la Com-\n"
    "mission municipale du Québec 413\n"
    "104-95 Concernant l'entrée en vigueur de l'article 158 de la Loi sur la fiscalité municipale 415\n"
    "\f410 GAZETTE OFFICIELLE DU QUÉBEC, 1er février 1995, 127e année, no 5 Partie 2\n"
    "105–95 Concernant une subvention à la Ville de Saint-\n"
    "Jean-sur-Richelieu . . . 416\n"
    "13290-95 Ceci n'est pas un décret . . . 417\n"
    "Index des décrets\n"
)


def summary(text: str) -> list[tuple[str, str, int | None, PartTwoSection | None, DecreeCategory]]:
    return [(str(p.number), p.title, p.page, p.section, p.category) for p in parse_table_of_contents(text).proposals]


def test_a_pdf_copy_with_dot_leaders_wrapped_titles_and_page_headers():
    toc = parse_table_of_contents(FEBRUARY_11)

    assert summary(FEBRUARY_11) == [
        (
            "76-2026",
            "Loi modifiant la Loi sur la gouvernance et la gestion des ressources informationnelles des organismes "
            "publics et des entreprises du gouvernement — Entrée en vigueur de certaines dispositions",
            515,
            S.COMMENCEMENT_OF_ACTS,
            C.COMMENCEMENT,
        ),
        (
            "81-2026",
            "Régime pédagogique de l’éducation préscolaire, de l’enseignement primaire et de l’enseignement "
            "secondaire — Modification",
            517,
            S.REGULATIONS,
            C.REGULATION,
        ),
        ("87-2026", "Aliments — Modification", 525, S.REGULATIONS, C.REGULATION),
        (
            "90-2026",
            "Aménagement durable des forêts du domaine de l’État — Modification",
            528,
            S.REGULATIONS,
            C.REGULATION,
        ),
        (
            "79-2026",
            "Nomination de madame Catherine Dubé-Lessard comme membre indépendante du conseil d’administration de "
            "Santé Québec",
            545,
            S.ADMINISTRATIVE_DECREES,
            C.APPOINTMENT,
        ),
        (
            "84-2026",
            "Nomination de monsieur Olivier Bélanger comme membre du conseil d’administration de l’Université du "
            "Québec à Rimouski",
            545,
            S.ADMINISTRATIVE_DECREES,
            C.APPOINTMENT,
        ),
        (
            "93-2026",
            "Octroi d’un prêt par Investissement Québec à Aciers Nordiques inc",
            546,
            S.ADMINISTRATIVE_DECREES,
            C.FINANCIAL_AID,
        ),
        (
            "95-2026",
            "Approbation de l’Entente entre le gouvernement du Québec et la Ville de Rimouski relative au "
            "financement de logements abordables",
            547,
            S.ADMINISTRATIVE_DECREES,
            C.AGREEMENT,
        ),
    ]
    assert [line.text for line in toc.unrecognized] == [
        "Code de la sécurité routière — Permis . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . 541",
        "Arrêté de la ministre de la Santé concernant l’ordonnance de vaccination . . . . . . . . . . . . . 549",
        "Réserve de biodiversité projetée de la Vallée-Ouareau — Prolongation . . . . . . . . . . . . . . . 551",
    ]
    assert [line.line for line in toc.unrecognized] == [17, 29, 32]
    assert toc.header is not None
    assert (toc.header.published_on, toc.header.volume, toc.header.number) == (datetime.date(2026, 2, 11), 158, 6)


def test_an_html_copy_with_tabs_and_the_date_each_decree_was_made():
    toc = parse_table_of_contents(FEBRUARY_4)

    assert [(str(p.number), p.page, p.made_on, p.category) for p in toc.proposals] == [
        ("41-2026", 403, datetime.date(2026, 1, 21), C.REGULATION),
        ("43-2026", 417, datetime.date(2026, 1, 21), C.REGULATION),
        ("1329-2022", 422, None, C.APPOINTMENT),
        ("52-2026", 423, datetime.date(2026, 1, 21), C.FINANCIAL_AID),
        ("58-2026", 424, datetime.date(2026, 1, 21), C.AGREEMENT),
        ("60-2026", 425, None, C.APPOINTMENT),
    ]
    titles = [p.title for p in toc.proposals]
    assert titles[0] == "Règlement modifiant le Règlement sur les impôts"
    assert titles[3].endswith("d'au plus 12 000 000 $ à Fabrication Bois-Francs inc")
    assert titles[4].endswith("et la Ville de Trois-Rivières")
    assert titles[5] == "Concernant la nomination de monsieur Julien Ferland comme juge de paix magistrat"
    assert toc.unrecognized == []
    assert toc.header.published_on == datetime.date(2026, 2, 4)


def test_a_squeezed_copy_with_legacy_numbers_and_look_alike_numbers():
    toc = parse_table_of_contents(WINTER_1995)

    assert [(str(p.number), p.title, p.page) for p in toc.proposals] == [
        (
            "101-1995",
            "Concernant la modification du décret 1050-94 du 13 juillet 1994 relatif à la composition du Conseil",
            411,
        ),
        (
            "102-1995",
            "Concernant les modalités de financement de la Société immobilière du Québec pour l’exercice financier "
            "1995-1996",
            412,
        ),
        (
            "103-1995",
            "Concernant la nomination de monsieur Jean-Guy Pelletier comme président de la Com-mission municipale "
            "du Québec",
            413,
        ),
        (
            "104-1995",
            "Concernant l'entrée en vigueur de l'article 158 de la Loi sur la fiscalité municipale",
            415,
        ),
        ("105-1995", "Concernant une subvention à la Ville de Saint-Jean-sur-Richelieu", 416),
    ]
    assert [p.category for p in toc.proposals] == [
        C.ADMINISTRATIVE,
        C.ADMINISTRATIVE,
        C.APPOINTMENT,
        C.COMMENCEMENT,
        C.FINANCIAL_AID,
    ]
    assert [line.text for line in toc.unrecognized] == [
        "Décrets",
        "13290-95 Ceci n'est pas un décret . . . 417",
        "Index des décrets",
    ]
    assert (toc.header.volume, toc.header.number) == (127, 5)


def test_a_title_whose_page_was_lost_is_still_proposed():
    toc = parse_table_of_contents("Décrets administratifs\n1329-2022 Nomination de madame Geneviève Auclair\n")
    assert [(p.number, p.title, p.page) for p in toc.proposals] == [
        (DecreeNumber(1329, 2022), "Nomination de madame Geneviève Auclair", None)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n\n\n",
        "\x00\x01\x02",
        "1329-2022",
        "1329-2022 . . . . 4",
        "-2026 . . . 12",
        "Page 12",
        "…" * 10_000,
        "1-2026 " + "x" * 50_000,
        "9" * 10_000,
        "Décret du 31 février 2026 — Titre ... 12",
        "Décret 12-2026 du 31 février 2026 — Titre ... 12",
        "12-2026 Titre ....... 999999",
        "\ud800 lone surrogate",
        "GAZETTE OFFICIELLE DU QUÉBEC, 99 février 2026, 158e année, no 5",
        "Règlements et autres actes\n" * 3 + "2026-2027 . . . 12",
        "\n".join(f"{n}-2026 Concernant la nomination numéro {n} ..... {n + 400}" for n in range(1, 6000)),
    ],
)
def test_never_crashes_on_garbage(text):
    toc = parse_table_of_contents(text)
    assert isinstance(toc.proposals, list)
    assert isinstance(toc.unrecognized, list)
