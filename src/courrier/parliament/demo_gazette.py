"""The Gazette weeks of the demo articles: an issue every Wednesday, its decrees written out in full.

The hand-written register of `courrier.parliament.demo` holds four weeks of
February 2026. The demo articles cover the months before the day the demo is
loaded, and *Derrière les décrets* articles cite decrees: those decrees, and
the rest of each week's issue, are generated here so that every decree an
article names is in the register, with its summary and its text, in the issue
of the week the article says. Everything is drawn from seeded generators: the
same dates give the same register. Every person and company is fictional.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction

from courrier.core.dates import display_date
from courrier.parliament.actions import add_decree, add_gazette_issue
from courrier.parliament.decree_numbers import DecreeNumber
from courrier.parliament.demo import CLERK, ISSUES, ROLES, appointment_text, online_at, regulation_text
from courrier.parliament.gazette import gazette_day, probable_issue_number, volume_of
from courrier.parliament.models import (
    DecreeCategory,
    GazetteIssue,
    GazettePart,
    Ministry,
    PartTwoSection,
)

C = DecreeCategory
ONE_WEEK = datetime.timedelta(weeks=1)
# The Conseil des ministres sits on Wednesdays; its decrees reach the Gazette two weeks later.
MADE_BEFORE_PUBLICATION = datetime.timedelta(weeks=2)
PAGES_PER_ISSUE = 100
DECREES_PER_DAY = 5  # about 1,800 a year, as the government makes
HAND_WRITTEN_DAYS = frozenset(issue.published_on for issue in ISSUES)
FEMININE_FIRST_NAMES = frozenset(
    {
        "Amélie",
        "Audrey",
        "Caroline",
        "Catherine",
        "Chantal",
        "Émilie",
        "Guylaine",
        "Josée",
        "Julie",
        "Karine",
        "Lise",
        "Lucie",
        "Marie-Ève",
        "Mélanie",
        "Nadia",
        "Nathalie",
        "Rosalie",
        "Sophie",
        "Stéphanie",
    }
)
SECTIONS = {
    C.REGULATION: PartTwoSection.REGULATIONS,
    C.COMMENCEMENT: PartTwoSection.COMMENCEMENT_OF_ACTS,
}


@dataclass(frozen=True)
class WeeklyDecree:
    """A decree as the generators write it: everything `add_decree` needs but its number, date and issue."""

    ministries: tuple[str, ...]  # acronyms
    category: DecreeCategory
    title: str
    summary: str
    text: str
    statute: str = ""
    pages: int = 2

    @property
    def section(self) -> PartTwoSection:
        return SECTIONS.get(self.category, PartTwoSection.ADMINISTRATIVE_DECREES)

    @property
    def subject(self) -> tuple[str, str]:
        """What two decrees of one issue never share: a board, a regulation, a grantee, an agreement."""
        return (self.category, self.title if self.category == C.AGREEMENT else self.statute)


@dataclass(frozen=True)
class CitedDecree:
    """A decree an article names: its number is already in the article's text."""

    number: DecreeNumber
    issue_day: datetime.date
    decree: WeeklyDecree


class DecreeNumbering:
    """Numbers as the government hands them out: in sequence within the year, never one already entered."""

    def __init__(self, taken: Iterable[DecreeNumber] = ()) -> None:
        self.taken = set(taken)

    def next(self, made_on: datetime.date) -> DecreeNumber:
        number = made_on.timetuple().tm_yday * DECREES_PER_DAY + 1
        while DecreeNumber(number, made_on.year) in self.taken:
            number += 1
        found = DecreeNumber(number, made_on.year)
        self.taken.add(found)
        return found


def issue_day_before(day: datetime.date) -> datetime.date:
    """The last Gazette day before `day` that the hand-written register leaves free."""
    found = gazette_day(day)
    while found >= day or found in HAND_WRITTEN_DAYS:
        found = gazette_day(found - ONE_WEEK)
    return found


def made_on_for(issue_day: datetime.date) -> datetime.date:
    return issue_day - MADE_BEFORE_PUBLICATION


def statute_name(law: str) -> str:
    """A statute as a register names it: « la Loi sur la police » is « Loi sur la police »."""
    for article in ("la ", "le ", "l'"):
        law = law.removeprefix(article)
    return law[:1].upper() + law[1:]


def fiscal_year(day: datetime.date) -> str:
    """« 2026-2027 »: Québec's fiscal year starts on 1 April."""
    first = day.year if day.month >= 4 else day.year - 1
    return f"{first}-{first + 1}"


def recommendation(acronym: str, on: datetime.date) -> str:
    """« du ministre des Finances », « de la présidente du Conseil du trésor »: who recommends for `acronym`."""
    for role in ROLES:
        if role.ministry != acronym or role.started_on > on or (role.ended_on and role.ended_on < on):
            continue
        if role.title.startswith("ministre responsable"):
            continue
        feminine = role.member.split()[0] in FEMININE_FIRST_NAMES
        return f"{'de la' if feminine else 'du'} {role.title}"
    return "du premier ministre"


# Texts, as the Gazette prints them -----------------------------------------------------------


def grant_text(
    *, recommended_by: str, grantee: str, amount: str, purpose: str, statute: str, year: str, share: int
) -> str:
    return (
        f"ATTENDU QUE {statute} permet au ministre d'accorder une aide financière pour {purpose};\n\n"
        f"ATTENDU QUE {grantee} a présenté une demande d'aide financière à cette fin;\n\n"
        "ATTENDU QU'en vertu du paragraphe 1° de l'article 3 du Règlement sur la promesse et l'octroi de "
        "subventions (chapitre A-6.01, r. 6), toute subvention d'un montant supérieur à 1 000 000 $ doit être "
        "soumise à l'approbation préalable du gouvernement;\n\n"
        f"IL EST ORDONNÉ, en conséquence, sur la recommandation {recommended_by} :\n\n"
        f"QUE soit autorisé l'octroi d'une subvention d'un montant maximal de {amount} à {grantee}, au cours de "
        f"l'exercice financier {year}, pour {purpose};\n\n"
        f"QUE cette aide n'excède pas {share} % des dépenses admissibles et soit assujettie aux conditions et "
        f"modalités prévues à la convention d'aide financière jointe à la recommandation ministérielle.\n\n{CLERK}"
    )


def agreement_text(*, recommended_by: str, agreement: str) -> str:
    return (
        "ATTENDU QUE, en vertu de l'article 3.8 de la Loi sur le ministère du Conseil exécutif (chapitre M-30), "
        "les ententes intergouvernementales canadiennes doivent, pour être valides, être approuvées par le "
        "gouvernement et signées par le ministre responsable des Relations canadiennes;\n\n"
        f"ATTENDU QU'il y a lieu d'approuver {agreement};\n\n"
        f"IL EST ORDONNÉ, en conséquence, sur la recommandation {recommended_by} et du ministre responsable des "
        "Relations canadiennes :\n\n"
        f"QUE soit approuvée {agreement}, laquelle sera substantiellement conforme au projet d'entente joint à la "
        f"recommandation ministérielle du présent décret.\n\n{CLERK}"
    )


def commencement_text(*, recommended_by: str, act: str, assented_on: datetime.date, in_force: datetime.date) -> str:
    return (
        f"ATTENDU QUE la {act} a été sanctionnée le {display_date(assented_on)};\n\n"
        "ATTENDU QUE cette loi prévoit que certaines de ses dispositions entrent en vigueur à la date ou aux dates "
        "fixées par le gouvernement;\n\n"
        "ATTENDU QU'il y a lieu de fixer la date d'entrée en vigueur de ces dispositions;\n\n"
        f"IL EST ORDONNÉ, en conséquence, sur la recommandation {recommended_by} :\n\n"
        f"QUE le {display_date(in_force)} soit fixé comme date d'entrée en vigueur des dispositions de la {act} "
        f"qui ne sont pas encore en vigueur.\n\n{CLERK}"
    )


# What a week's issue holds besides the decrees articles explain ------------------------------

FIRST_NAMES = (
    ("Geneviève", True),
    ("Sylvie", True),
    ("Isabelle", True),
    ("Manon", True),
    ("Véronique", True),
    ("Marc", False),
    ("Jean-Philippe", False),
    ("Denis", False),
    ("Olivier", False),
    ("Yves", False),
)
LAST_NAMES = ("Bédard", "Charest", "Dumont", "Fréchette", "Grenier", "Lessard", "Marcoux", "Pépin", "Rioux", "Vézina")
BOARDS = (
    ("MSSS", "Santé Québec", "la Loi visant à rendre le système de santé et de services sociaux plus efficace"),
    ("MEQ", "l'Institut national d'excellence en éducation", "la Loi sur l'instruction publique"),
    (
        "MCC",
        "Bibliothèque et Archives nationales du Québec",
        "la Loi sur Bibliothèque et Archives nationales du Québec",
    ),
    ("MTMD", "la Société de l'assurance automobile du Québec", "la Loi sur la Société de l'assurance automobile"),
    ("MAPAQ", "La Financière agricole du Québec", "la Loi sur La Financière agricole du Québec"),
    (
        "MRNF",
        "la Société de développement de la Baie-James",
        "la Loi sur le développement de la région de la Baie James",
    ),
    ("MTO", "la Société du Centre des congrès de Québec", "la Loi sur la Société du Centre des congrès de Québec"),
    ("MCC", "Télé-Québec", "la Loi sur la Société de télédiffusion du Québec"),
    (
        "MCC",
        "la Société de développement des entreprises culturelles",
        "la Loi sur la Société de développement des entreprises culturelles",
    ),
    ("MEIE", "Hydro-Québec", "la Loi sur Hydro-Québec"),
    ("MFA", "Retraite Québec", "la Loi sur le régime de rentes du Québec"),
    (
        "MESS",
        "la Commission des partenaires du marché du travail",
        "la Loi sur le ministère de l'Emploi et de la Solidarité sociale et sur la Commission des partenaires du "
        "marché du travail",
    ),
    ("MSP", "l'École nationale de police du Québec", "la Loi sur la police"),
)
REGULATIONS = (
    (
        "MJQ",
        "Règlement modifiant le Tarif des frais judiciaires en matière civile et des droits de greffe",
        "la Loi sur les tribunaux judiciaires (chapitre T-16)",
        "la Loi sur les tribunaux judiciaires",
        "indexe les frais de greffe et exempte les demandes de moins de 5 000 $",
    ),
    (
        "MAPAQ",
        "Règlement modifiant le Règlement sur les aliments",
        "la Loi sur les produits alimentaires (chapitre P-29)",
        "la Loi sur les produits alimentaires",
        "encadre l'étiquetage des produits vendus en vrac",
    ),
    (
        "MRNF",
        "Règlement modifiant le Règlement sur l'aménagement durable des forêts du domaine de l'État",
        "la Loi sur l'aménagement durable du territoire forestier (chapitre A-18.1)",
        "la Loi sur l'aménagement durable du territoire forestier",
        "élargit les bandes riveraines protégées lors des coupes",
    ),
    (
        "MIFI",
        "Règlement modifiant le Règlement sur l'immigration au Québec",
        "la Loi sur l'immigration au Québec (chapitre I-0.2.1)",
        "la Loi sur l'immigration au Québec",
        "exige une connaissance du français de niveau 7 pour certains programmes",
    ),
    (
        "MTMD",
        "Règlement modifiant le Règlement sur les véhicules routiers adaptés au transport des personnes handicapées",
        "le Code de la sécurité routière (chapitre C-24.2)",
        "le Code de la sécurité routière",
        "adapte les normes des véhicules de transport adapté",
    ),
    (
        "MELCCFP",
        "Règlement modifiant le Règlement sur l'encadrement d'activités en fonction de leur impact sur l'environnement",
        "la Loi sur la qualité de l'environnement (chapitre Q-2)",
        "la Loi sur la qualité de l'environnement",
        "soustrait certains travaux mineurs à l'autorisation ministérielle",
    ),
    (
        "MTRAV",
        "Règlement modifiant le Règlement sur les normes du travail",
        "la Loi sur les normes du travail (chapitre N-1.1)",
        "la Loi sur les normes du travail",
        "précise le calcul de l'indemnité de congé annuel",
    ),
    (
        "MFA",
        "Règlement modifiant le Règlement sur les services de garde éducatifs à l'enfance",
        "la Loi sur les services de garde éducatifs à l'enfance (chapitre S-4.1.1)",
        "la Loi sur les services de garde éducatifs à l'enfance",
        "revoit le ratio d'éducatrices dans les pouponnières",
    ),
    (
        "MAMH",
        "Règlement modifiant le Règlement sur l'attribution des logements à loyer modique",
        "la Loi sur la Société d'habitation du Québec (chapitre S-8)",
        "la Loi sur la Société d'habitation du Québec",
        "change l'ordre de priorité des demandeurs de logement",
    ),
    (
        "MSSS",
        "Règlement modifiant le Règlement d'application de la Loi sur l'assurance maladie",
        "la Loi sur l'assurance maladie (chapitre A-29)",
        "la Loi sur l'assurance maladie",
        "étend la couverture de certains services de télésanté",
    ),
)
GRANTS = (
    (
        "MEIE",
        "Technologies Boréalis inc.",
        "la construction d'une usine de composants de batteries à Bécancour",
        "la Loi sur le ministère de l'Économie et de l'Innovation (chapitre M-14.1)",
    ),
    (
        "MCC",
        "la Corporation du Musée de la mémoire ouvrière de Shawinigan",
        "l'agrandissement de ses salles d'exposition",
        "la Loi sur le ministère de la Culture et des Communications (chapitre M-17.1)",
    ),
    (
        "MAMH",
        "la Ville de Rimouski",
        "la mise aux normes de son usine de traitement de l'eau potable",
        "la Loi sur le ministère des Affaires municipales, des Régions et de l'Occupation du territoire "
        "(chapitre M-22.1)",
    ),
    (
        "MES",
        "l'Université du Québec à Chicoutimi",
        "la construction d'un pavillon des sciences appliquées",
        "la Loi sur le ministère de l'Enseignement supérieur, de la Recherche, de la Science et de la Technologie "
        "(chapitre M-15.1.0.1)",
    ),
    (
        "MTO",
        "la Corporation du Festival des neiges de Sherbrooke",
        "la tenue de l'édition de l'hiver prochain",
        "la Loi sur le ministère du Tourisme (chapitre M-31.2)",
    ),
)
AGREEMENTS = (
    ("MAMH", "l'Entente Canada-Québec relative au Fonds pour accélérer la construction de logements"),
    ("MSSS", "l'Entente Canada-Québec concernant le financement des soins dentaires"),
    ("MTMD", "l'Entente Canada-Québec relative au financement des infrastructures de transport collectif"),
    ("MELCCFP", "l'Entente Canada-Québec sur la conservation des milieux naturels"),
)
ACTS = (
    ("MJQ", "Loi visant à améliorer l'accessibilité et l'efficacité de la justice"),
    ("MTRAV", "Loi modernisant le régime de santé et de sécurité du travail"),
    ("MCN", "Loi sur la gouvernance et la gestion des ressources informationnelles"),
)

Writer = Callable[[random.Random, datetime.date], WeeklyDecree]


def _person(rng: random.Random) -> tuple[str, bool]:
    first, feminine = rng.choice(FIRST_NAMES)
    return f"{first} {rng.choice(LAST_NAMES)}", feminine


def _amount(rng: random.Random) -> str:
    return f"{rng.randrange(1_100_000, 48_000_000, 50_000):,} $".replace(",", "\u00a0")


def board_appointment(rng: random.Random, made_on: datetime.date) -> WeeklyDecree:
    acronym, board, statute = rng.choice(BOARDS)
    name, feminine = _person(rng)
    civility, member = ("madame", "membre indépendante") if feminine else ("monsieur", "membre indépendant")
    years = rng.choice((3, 4, 5))
    recommended_by = recommendation(acronym, made_on)
    return WeeklyDecree(
        ministries=(acronym,),
        category=C.APPOINTMENT,
        title=f"Concernant la nomination de {civility} {name} comme {member} du conseil d'administration de {board}",
        summary=(
            f"{name} entre au conseil d'administration de {board} pour {years} ans, comme {member}. "
            f"La nomination est faite sur la recommandation {recommended_by}."
        ),
        text=appointment_text(
            f"{statute} prévoit que les membres du conseil d'administration de {board} sont nommés par le gouvernement",
            recommended_by,
            f"{civility} {name} soit nommé{'e' if feminine else ''} {member} du conseil d'administration de {board}, "
            f"pour un mandat de {years} ans à compter des présentes",
        ),
        statute=statute_name(statute),
    )


def regulation(rng: random.Random, made_on: datetime.date) -> WeeklyDecree:
    acronym, title, statute, act, change = rng.choice(REGULATIONS)
    recommended_by = recommendation(acronym, made_on)
    consulted_on = made_on - datetime.timedelta(days=rng.choice((63, 77, 91)))
    return WeeklyDecree(
        ministries=(acronym,),
        category=C.REGULATION,
        title=title,
        summary=(
            f"Le règlement, pris en vertu de {act}, {change}. Publié en projet le {display_date(consulted_on)}, "
            "il entre en vigueur le quinzième jour suivant sa publication."
        ),
        text=regulation_text(title, statute, recommended_by, consulted_on),
        statute=statute_name(statute),
        pages=rng.randint(3, 18),
    )


def grant(rng: random.Random, made_on: datetime.date) -> WeeklyDecree:
    acronym, grantee, purpose, statute = rng.choice(GRANTS)
    amount = _amount(rng)
    share = rng.randrange(25, 80, 5)
    year = fiscal_year(made_on)
    return WeeklyDecree(
        ministries=(acronym,),
        category=C.FINANCIAL_AID,
        title=f"Concernant l'octroi d'une subvention d'un montant maximal de {amount} à {grantee} pour {purpose}",
        summary=(
            f"Québec accorde jusqu'à {amount} à {grantee} pour {purpose}, au plus {share} % des dépenses "
            f"admissibles, sur l'exercice {year}."
        ),
        text=grant_text(
            recommended_by=recommendation(acronym, made_on),
            grantee=grantee,
            amount=amount,
            purpose=purpose,
            statute=statute,
            year=year,
            share=share,
        ),
        statute=statute_name(statute),
    )


def agreement(rng: random.Random, made_on: datetime.date) -> WeeklyDecree:
    acronym, name = rng.choice(AGREEMENTS)
    return WeeklyDecree(
        ministries=(acronym, "SQRC"),
        category=C.AGREEMENT,
        title=f"Concernant l'approbation de {name}",
        summary=f"Le gouvernement approuve {name}, négociée avec Ottawa; elle fixe la part fédérale et ses conditions.",
        text=agreement_text(recommended_by=recommendation(acronym, made_on), agreement=name),
        statute="Loi sur le ministère du Conseil exécutif (chapitre M-30)",
    )


def commencement(rng: random.Random, made_on: datetime.date) -> WeeklyDecree:
    acronym, act = rng.choice(ACTS)
    assented_on = made_on - datetime.timedelta(days=rng.randint(120, 400))
    in_force = made_on + datetime.timedelta(days=rng.choice((30, 45, 60)))
    return WeeklyDecree(
        ministries=(acronym,),
        category=C.COMMENCEMENT,
        title=f"Concernant l'entrée en vigueur de certaines dispositions de la {act}",
        summary=(
            f"Les dispositions de la {act} qui attendaient un décret entrent en vigueur le {display_date(in_force)}."
        ),
        text=commencement_text(
            recommended_by=recommendation(acronym, made_on), act=act, assented_on=assented_on, in_force=in_force
        ),
        statute=act,
    )


WRITERS: tuple[Writer, ...] = (board_appointment, board_appointment, regulation, regulation, grant, agreement)


def week_of_decrees(issue_day: datetime.date) -> list[WeeklyDecree]:
    """The decrees an issue holds besides the cited ones: six to nine, the same for the same day."""
    rng = random.Random(issue_day.toordinal())
    made_on = made_on_for(issue_day)
    wanted = rng.randint(6, 9)
    decrees: dict[tuple[str, str], WeeklyDecree] = {}
    for _ in range(wanted * 4):  # an issue never holds the same regulation or board twice
        decree = (commencement if rng.random() < 0.05 else rng.choice(WRITERS))(rng, made_on)
        decrees.setdefault(decree.subject, decree)
        if len(decrees) == wanted:
            break
    return list(decrees.values())


# Entering the weeks --------------------------------------------------------------------------


@transaction.atomic
def load_demo_weeks(
    first: datetime.date,
    last: datetime.date,
    *,
    cited: Sequence[CitedDecree] = (),
    numbering: DecreeNumbering | None = None,
) -> int:
    """An issue every Gazette day from `first` to `last` with its decrees, published; returns how many decrees.

    An issue already entered is left as it is. The cited decrees go in the issue of their day.
    """
    numbering = numbering or DecreeNumbering()
    ministries = {ministry.acronym: ministry for ministry in Ministry.objects.all()}
    days = {gazette_day(first) + ONE_WEEK * week for week in range((last - first).days // 7 + 2)}
    days = {day for day in days if first <= day <= last and day not in HAND_WRITTEN_DAYS}
    days |= {decree.issue_day for decree in cited}
    entered = 0
    for day in sorted(days):
        volume, number = volume_of(day.year), probable_issue_number(day)
        if GazetteIssue.objects.filter(part=GazettePart.LAWS_AND_REGULATIONS, volume=volume, number=number).exists():
            continue
        issue = add_gazette_issue(published_on=day, volume=volume, number=number)
        made_on = made_on_for(day)
        week = [(decree.number, decree.decree) for decree in cited if decree.issue_day == day]
        week += [(numbering.next(made_on), decree) for decree in week_of_decrees(day)]
        page = (number - 1) * PAGES_PER_ISSUE + 1
        for decree_number, data in sorted(week, key=lambda pair: pair[0].number):
            decree = add_decree(
                number=decree_number,
                made_on=made_on,
                title=data.title,
                category=data.category,
                ministries=[ministries[acronym] for acronym in data.ministries if acronym in ministries],
                enabling_statute=data.statute,
                summary=data.summary,
                full_text=data.text,
                gazette_issue=issue,
                page=page,
                section=data.section,
            )
            decree.published_at = online_at(day)
            decree.save(update_fields=["published_at"])
            page += data.pages
            entered += 1
    return entered
