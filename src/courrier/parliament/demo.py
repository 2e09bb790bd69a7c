"""Demo content of the parliament app for the embedded default.

- The calendar: the current parliamentary year, as editors would enter it.
- The register: the ministries and bodies of the Québec government (real names,
  acronyms and email domains), the four parties represented in the Assembly, a
  fictional cabinet and opposition (invented people in real ridings), and four
  February 2026 issues of the Gazette's Partie 2 with fictional but realistic
  decrees (invented appointees and companies). See docs/decrees.md. The weeks
  of the demo articles are `courrier.parliament.demo_gazette`'s.

Both load once: what already exists is left alone, so loading twice changes nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from courrier.core.dates import display_date
from courrier.parliament.actions import (
    add_decree,
    add_gazette_issue,
    add_sitting_period,
    assign_member_role,
    prefill_parliamentary_year,
)
from courrier.parliament.calendar import parliamentary_year_bounds, parliamentary_year_of
from courrier.parliament.decree_numbers import DecreeNumber
from courrier.parliament.fallback import TUESDAY, is_general_election_year, last_weekday_on_or_before
from courrier.parliament.gazette import volume_of
from courrier.parliament.models import (
    Decree,
    DecreeCategory,
    GazetteIssue,
    GazettePart,
    Member,
    MemberRole,
    MemberRoleKind,
    Ministry,
    PartTwoSection,
    Party,
    SittingPeriod,
    SittingPeriodKind,
)

CONVENED_NOTE = "Législature convoquée après l'élection générale."


def convened_fall(year: int) -> list[tuple[SittingPeriodKind, datetime.date, datetime.date, str]]:
    """After a general election: convened the last Tuesday of November, one regular week, two intensive ones.

    In 2026 (election on 5 October): regular 24 to 26 November, intensive 1 to 11 December.
    """
    opening = last_weekday_on_or_before(datetime.date(year, 11, 30), TUESDAY)
    intensive = opening + datetime.timedelta(weeks=1)
    return [
        (
            SittingPeriodKind.REGULAR,
            opening,
            opening + datetime.timedelta(days=2),
            f"Automne {year} — travaux réguliers",
        ),
        (
            SittingPeriodKind.INTENSIVE,
            intensive,
            intensive + datetime.timedelta(weeks=1, days=3),
            f"Automne {year} — travaux intensifs",
        ),
    ]


def load_demo_calendar() -> list[SittingPeriod]:
    """Enters the current parliamentary year once; a year already holding periods is left alone."""
    year = parliamentary_year_of(timezone.localdate())
    start, end = parliamentary_year_bounds(year)
    existing = SittingPeriod.objects.overlapping(start, end)
    if existing.exists():
        return list(existing)
    with transaction.atomic():
        periods = prefill_parliamentary_year(year).created
        if is_general_election_year(year):
            periods += [
                add_sitting_period(kind=kind, starts_on=starts_on, ends_on=ends_on, label=label, notes=CONVENED_NOTE)
                for kind, starts_on, ends_on, label in convened_fall(year)
            ]
    return sorted(periods, key=lambda period: (period.starts_on, period.kind))


# Register ------------------------------------------------------------------------------------

ELECTION_2022 = datetime.date(2022, 10, 3)
CABINET_SWORN_IN = datetime.date(2022, 10, 20)
SHUFFLE = datetime.date(2025, 9, 10)
BEFORE_SHUFFLE = SHUFFLE - datetime.timedelta(days=1)
MONTREAL = ZoneInfo("America/Montreal")


@dataclass(frozen=True)
class DemoMinistry:
    name: str
    acronym: str
    email_domain: str = ""


# Real names, acronyms and domains; a domain is left empty where the body has none of its own.
MINISTRIES = [
    DemoMinistry("Ministère du Conseil exécutif", "MCE", "mce.gouv.qc.ca"),
    DemoMinistry("Secrétariat du Conseil du trésor", "SCT", "tresor.gouv.qc.ca"),
    DemoMinistry("Ministère des Finances", "FIN", "finances.gouv.qc.ca"),
    DemoMinistry("Ministère de la Santé et des Services sociaux", "MSSS", "msss.gouv.qc.ca"),
    DemoMinistry("Ministère de l'Éducation", "MEQ", "education.gouv.qc.ca"),
    DemoMinistry("Ministère de l'Enseignement supérieur", "MES", "mes.gouv.qc.ca"),
    DemoMinistry("Ministère de l'Économie, de l'Innovation et de l'Énergie", "MEIE", "economie.gouv.qc.ca"),
    DemoMinistry(
        "Ministère de l'Environnement, de la Lutte contre les changements climatiques, de la Faune et des Parcs",
        "MELCCFP",
        "environnement.gouv.qc.ca",
    ),
    DemoMinistry("Ministère des Transports et de la Mobilité durable", "MTMD", "transports.gouv.qc.ca"),
    DemoMinistry("Ministère de la Justice", "MJQ", "justice.gouv.qc.ca"),
    DemoMinistry("Ministère de la Sécurité publique", "MSP", "msp.gouv.qc.ca"),
    DemoMinistry("Ministère des Affaires municipales et de l'Habitation", "MAMH", "mamh.gouv.qc.ca"),
    DemoMinistry("Ministère de la Culture et des Communications", "MCC", "mcc.gouv.qc.ca"),
    DemoMinistry("Ministère de la Famille", "MFA", "mfa.gouv.qc.ca"),
    DemoMinistry("Ministère de l'Emploi et de la Solidarité sociale", "MESS", "mess.gouv.qc.ca"),
    DemoMinistry("Ministère de l'Immigration, de la Francisation et de l'Intégration", "MIFI", "mifi.gouv.qc.ca"),
    DemoMinistry("Ministère des Relations internationales et de la Francophonie", "MRIF", "mri.gouv.qc.ca"),
    DemoMinistry("Ministère de l'Agriculture, des Pêcheries et de l'Alimentation", "MAPAQ", "mapaq.gouv.qc.ca"),
    DemoMinistry("Ministère des Ressources naturelles et des Forêts", "MRNF", "mrnf.gouv.qc.ca"),
    DemoMinistry("Ministère de la Cybersécurité et du Numérique", "MCN", "mcn.gouv.qc.ca"),
    DemoMinistry("Ministère du Tourisme", "MTO", "tourisme.gouv.qc.ca"),
    DemoMinistry("Ministère du Travail", "MTRAV", "travail.gouv.qc.ca"),
    DemoMinistry("Ministère de la Langue française", "MLF"),
    DemoMinistry("Secrétariat aux relations avec les Premières Nations et les Inuit", "SRPNI"),
    DemoMinistry("Secrétariat à la condition féminine", "SCF"),
    DemoMinistry("Secrétariat du Québec aux relations canadiennes", "SQRC"),
]

PARTIES = [
    ("Coalition avenir Québec", "CAQ"),
    ("Parti libéral du Québec", "PLQ"),
    ("Québec solidaire", "QS"),
    ("Parti québécois", "PQ"),
]


@dataclass(frozen=True)
class DemoMember:
    first_name: str
    last_name: str
    party: str | None  # short name; None sits as an independent
    riding: str
    took_office_on: datetime.date = ELECTION_2022

    @property
    def slug(self) -> str:
        return slugify(f"{self.first_name} {self.last_name}")


# Invented people in real ridings: the demo names no real Member.
MEMBERS = [
    DemoMember("Mathieu", "Lavigne", "CAQ", "L'Assomption"),
    DemoMember("Sylvain", "Côté-Martel", "CAQ", "Chutes-de-la-Chaudière"),
    DemoMember("Nathalie", "Bérubé", "CAQ", "Lévis"),
    DemoMember("Josée", "Pelletier", "CAQ", "Repentigny"),
    DemoMember("François", "Thibodeau", "CAQ", "Terrebonne"),
    DemoMember("Amélie", "Roussel", "CAQ", "Beauce-Sud"),
    DemoMember("Éric", "Lachance", "CAQ", "Chauveau"),
    DemoMember("Marie-Ève", "Paradis", "CAQ", "Charlesbourg"),
    DemoMember("Chantal", "Dufresne", "CAQ", "Saint-Jérôme"),
    DemoMember("Pierre-Luc", "Gervais", "CAQ", "Granby"),
    DemoMember("Hugo", "Lemieux", "CAQ", "Drummond–Bois-Francs"),  # noqa: RUF001 - official spelling
    DemoMember("Karine", "Vachon", "CAQ", "Trois-Rivières"),
    DemoMember("Daniel", "Simard", "CAQ", "Lac-Saint-Jean"),
    DemoMember("Guylaine", "Morin", "CAQ", "Rivière-du-Loup–Témiscouata"),  # noqa: RUF001 - official spelling
    DemoMember("Stéphanie", "Caron", "CAQ", "Montarville"),
    DemoMember("Louis", "Perron", "CAQ", "Vachon"),
    DemoMember("Audrey", "Lapierre", "CAQ", "Borduas"),
    DemoMember("Patrick", "Gauthier", "CAQ", "Prévost"),
    DemoMember("Sophie", "Beaulieu", "CAQ", "Bellechasse"),
    DemoMember("Martin", "Desrosiers", "CAQ", "Richelieu"),
    DemoMember("André", "Bouchard", "CAQ", "Côte-du-Sud"),
    DemoMember("Julie", "Tardif", "CAQ", "Sanguinet"),
    DemoMember("Alexandre", "Nolin", "CAQ", "Mirabel"),
    DemoMember("Caroline", "Giroux", "CAQ", "Argenteuil"),
    DemoMember("Jean-François", "Hamel", "CAQ", "Champlain"),
    DemoMember("Mélanie", "Dionne", "CAQ", "Portneuf"),
    DemoMember("Richard", "Poirier", "CAQ", "Ungava"),
    DemoMember("Simon", "Boisvert", "CAQ", "Soulanges"),
    DemoMember("Lucie", "Ouellet", "CAQ", "Nicolet-Bécancour"),
    DemoMember("Gilles", "Fortin", "CAQ", "Montmorency"),
    DemoMember("Maxime", "Labbé", "CAQ", "Vanier-Les Rivières"),
    DemoMember("Benoît", "Lavoie", None, "Orford"),
    DemoMember("Catherine", "Lalonde", "PLQ", "Saint-Laurent"),
    DemoMember("Michael", "O'Neill", "PLQ", "D'Arcy-McGee"),
    DemoMember("Nadia", "Haddad", "PLQ", "Acadie"),
    DemoMember("Jean-Marc", "Laroche", "PLQ", "Pontiac"),
    DemoMember("Émilie", "Tremblay-Roy", "QS", "Gouin"),
    DemoMember("Vincent", "Lacasse", "QS", "Rosemont"),
    DemoMember("Rosalie", "Brunet", "QS", "Sherbrooke"),
    DemoMember("Jérôme", "Saint-Onge", "PQ", "Camille-Laurin"),
    DemoMember("Marc-André", "Bélisle", "PQ", "Matane-Matapédia"),
    DemoMember("Lise", "Arsenault", "PQ", "Jean-Talon", took_office_on=datetime.date(2023, 10, 2)),
]


@dataclass(frozen=True)
class DemoRole:
    member: str  # "First Last"
    kind: MemberRoleKind
    ministry: str | None  # acronym
    title: str
    started_on: datetime.date = CABINET_SWORN_IN
    ended_on: datetime.date | None = None


M, DM = MemberRoleKind.MINISTER, MemberRoleKind.DELEGATE_MINISTER
ROLES = [
    DemoRole("Mathieu Lavigne", MemberRoleKind.PREMIER, "MCE", "premier ministre"),
    DemoRole("Sylvain Côté-Martel", M, "FIN", "ministre des Finances", ended_on=BEFORE_SHUFFLE),
    DemoRole("Nathalie Bérubé", M, "FIN", "ministre des Finances", started_on=SHUFFLE),
    DemoRole("Josée Pelletier", M, "SCT", "présidente du Conseil du trésor"),
    DemoRole("François Thibodeau", M, "MSSS", "ministre de la Santé"),
    DemoRole("Amélie Roussel", DM, "MSSS", "ministre responsable des Services sociaux"),
    DemoRole("Amélie Roussel", M, None, "ministre responsable des Aînés"),
    DemoRole("Éric Lachance", M, "MEQ", "ministre de l'Éducation", ended_on=BEFORE_SHUFFLE),
    DemoRole("Marie-Ève Paradis", M, "MEQ", "ministre de l'Éducation", started_on=SHUFFLE),
    DemoRole("Chantal Dufresne", M, "MES", "ministre de l'Enseignement supérieur"),
    DemoRole("Pierre-Luc Gervais", M, "MEIE", "ministre de l'Économie, de l'Innovation et de l'Énergie"),
    DemoRole(
        "Hugo Lemieux",
        M,
        "MELCCFP",
        "ministre de l'Environnement, de la Lutte contre les changements climatiques, de la Faune et des Parcs",
    ),
    DemoRole("Karine Vachon", M, "MTMD", "ministre des Transports et de la Mobilité durable"),
    DemoRole("Daniel Simard", M, "MJQ", "ministre de la Justice"),
    DemoRole("Guylaine Morin", M, "MSP", "ministre de la Sécurité publique"),
    DemoRole("Stéphanie Caron", M, "MAMH", "ministre des Affaires municipales"),
    DemoRole("Louis Perron", M, "MCC", "ministre de la Culture et des Communications"),
    DemoRole("Audrey Lapierre", M, "MFA", "ministre de la Famille"),
    DemoRole("Audrey Lapierre", M, "SCF", "ministre responsable de la Condition féminine"),
    DemoRole("Patrick Gauthier", M, "MESS", "ministre de l'Emploi et de la Solidarité sociale"),
    DemoRole("Sophie Beaulieu", M, "MIFI", "ministre de l'Immigration, de la Francisation et de l'Intégration"),
    DemoRole("Martin Desrosiers", M, "MRIF", "ministre des Relations internationales et de la Francophonie"),
    DemoRole("Martin Desrosiers", M, "SQRC", "ministre responsable des Relations canadiennes"),
    DemoRole("André Bouchard", M, "MAPAQ", "ministre de l'Agriculture, des Pêcheries et de l'Alimentation"),
    DemoRole("Julie Tardif", M, "MRNF", "ministre des Ressources naturelles et des Forêts"),
    DemoRole("Alexandre Nolin", M, "MCN", "ministre de la Cybersécurité et du Numérique"),
    DemoRole("Caroline Giroux", M, "MTO", "ministre du Tourisme"),
    DemoRole("Jean-François Hamel", M, "MTRAV", "ministre du Travail"),
    DemoRole("Mélanie Dionne", M, "MLF", "ministre de la Langue française"),
    DemoRole(
        "Richard Poirier", M, "SRPNI", "ministre responsable des Relations avec les Premières Nations et les Inuit"
    ),
    DemoRole("Simon Boisvert", MemberRoleKind.HOUSE_LEADER, None, "leader parlementaire du gouvernement"),
    DemoRole("Lucie Ouellet", MemberRoleKind.WHIP, None, "whip en chef du gouvernement"),
    DemoRole("Gilles Fortin", MemberRoleKind.SPEAKER, None, "président de l'Assemblée nationale"),
    DemoRole(
        "Maxime Labbé", MemberRoleKind.PARLIAMENTARY_ASSISTANT, "FIN", "adjoint parlementaire du ministre des Finances"
    ),
    DemoRole("Catherine Lalonde", MemberRoleKind.OPPOSITION_LEADER, None, "cheffe de l'opposition officielle"),
    DemoRole("Michael O'Neill", MemberRoleKind.HOUSE_LEADER, None, "leader parlementaire de l'opposition officielle"),
    DemoRole("Émilie Tremblay-Roy", MemberRoleKind.PARTY_LEADER, None, "cheffe parlementaire de Québec solidaire"),
    DemoRole("Jérôme Saint-Onge", MemberRoleKind.PARTY_LEADER, None, "chef parlementaire du Parti québécois"),
]

C = DecreeCategory
QUALITE_ENVIRONNEMENT = "Loi sur la qualité de l'environnement (chapitre Q-2)"
INVESTISSEMENT_QUEBEC = "Loi concernant Investissement Québec (chapitre I-16.0.1)"
SECURITE_ROUTIERE = "Code de la sécurité routière (chapitre C-24.2)"
TRIBUNAUX_JUDICIAIRES = "Loi sur les tribunaux judiciaires (chapitre T-16)"


@dataclass(frozen=True)
class DemoDecree:
    number: int
    ministries: tuple[str, ...]
    category: DecreeCategory
    title: str
    statute: str = ""
    pages: int = 2
    text: str = ""  # the full text; empty when the Gazette prints only a notice
    summary: str = ""  # the newsroom's, for the decrees its articles explain

    @property
    def section(self) -> PartTwoSection:
        if self.category == C.REGULATION:
            return PartTwoSection.REGULATIONS
        if self.category == C.COMMENCEMENT:
            return PartTwoSection.COMMENCEMENT_OF_ACTS
        return PartTwoSection.ADMINISTRATIVE_DECREES


CLERK = "Le greffier du Conseil exécutif"


def appointment_text(whereas: str, recommendation: str, ordered: str) -> str:
    return (
        f"ATTENDU QUE {whereas};\n\n"
        "ATTENDU QU'il y a lieu de pourvoir à ce poste;\n\n"
        f"IL EST ORDONNÉ, en conséquence, sur la recommandation {recommendation} :\n\n"
        f"QUE {ordered}.\n\n"
        f"{CLERK}"
    )


def regulation_text(title: str, statute: str, recommended_by: str, consulted_on: datetime.date) -> str:
    return (
        f"ATTENDU QUE {statute} habilite le gouvernement à prendre, par règlement, les mesures visées par le "
        "règlement annexé au présent décret;\n\n"
        "ATTENDU QUE, conformément aux articles 10 et 11 de la Loi sur les règlements (chapitre R-18.1), un projet "
        f"de règlement a été publié à la Partie 2 de la Gazette officielle du Québec du {display_date(consulted_on)} "
        "avec avis qu'il pourrait être édicté par le gouvernement à l'expiration d'un délai de 45 jours à compter de "
        "cette publication;\n\n"
        "ATTENDU QU'il y a lieu d'édicter ce règlement avec modifications;\n\n"
        f"IL EST ORDONNÉ, en conséquence, sur la recommandation {recommended_by} :\n\n"
        f"QUE soit édicté le {title[0].lower()}{title[1:]}, annexé au présent décret.\n\n{CLERK}"
    )


def investissement_quebec_mandate(whereas: str, recommended_by: str, ordered: tuple[str, ...]) -> str:
    orders = ";\n\n".join(f"QUE {order}" for order in ordered)
    return (
        "ATTENDU QU'en vertu de l'article 21 de la Loi concernant Investissement Québec (chapitre I-16.0.1), le "
        "gouvernement peut confier à Investissement Québec le mandat d'accorder et d'administrer l'aide financière "
        "qu'il détermine pour un projet qui présente un intérêt économique important pour le Québec;\n\n"
        f"ATTENDU QUE {whereas};\n\n"
        f"IL EST ORDONNÉ, en conséquence, sur la recommandation {recommended_by} :\n\n"
        f"{orders}.\n\n{CLERK}"
    )


@dataclass(frozen=True)
class DemoIssue:
    published_on: datetime.date
    number: int
    first_page: int
    made_on: datetime.date
    decrees: tuple[DemoDecree, ...]
    published: bool = True  # the last issue waits for the editor to publish it

    @property
    def volume(self) -> int:
        return volume_of(self.published_on.year)


ISSUES = [
    DemoIssue(
        datetime.date(2026, 2, 4),
        5,
        401,
        datetime.date(2026, 1, 21),
        (
            DemoDecree(
                41,
                ("FIN",),
                C.REGULATION,
                "Règlement modifiant le Règlement sur les impôts",
                "Loi sur les impôts (chapitre I-3)",
                14,
            ),
            DemoDecree(
                43,
                ("MSSS",),
                C.REGULATION,
                "Règlement modifiant le Règlement sur le régime général d'assurance médicaments",
                "Loi sur l'assurance médicaments (chapitre A-29.01)",
                4,
            ),
            DemoDecree(
                47,
                ("MELCCFP",),
                C.REGULATION,
                "Règlement modifiant le Règlement sur la qualité de l'eau potable",
                QUALITE_ENVIRONNEMENT,
                6,
            ),
            DemoDecree(
                50,
                ("MCE",),
                C.APPOINTMENT,
                "Concernant la nomination de madame Geneviève Auclair comme sous-ministre adjointe au ministère "
                "de la Cybersécurité et du Numérique",
                "Loi sur la fonction publique (chapitre F-3.1.1)",
                text=appointment_text(
                    "le poste de sous-ministre adjoint à la sécurité de l'information gouvernementale est vacant",
                    "du premier ministre",
                    "madame Geneviève Auclair, directrice générale de la sécurité de l'information, soit nommée "
                    "sous-ministre adjointe au ministère de la Cybersécurité et du Numérique, au traitement annuel "
                    "fixé à l'annexe ci-jointe, à compter du 2 février 2026",
                ),
            ),
            DemoDecree(
                52,
                ("MEIE",),
                C.FINANCIAL_AID,
                "Concernant un mandat à Investissement Québec d'octroyer un prêt d'au plus 12 000 000 $ à "
                "Fabrication Bois-Francs inc. pour un projet d'agrandissement de son usine de Victoriaville",
                INVESTISSEMENT_QUEBEC,
                text=investissement_quebec_mandate(
                    "Fabrication Bois-Francs inc. projette d'agrandir son usine de Victoriaville pour y ajouter une "
                    "ligne de production de composants d'armoires",
                    "du ministre de l'Économie, de l'Innovation et de l'Énergie",
                    (
                        "Investissement Québec soit mandatée pour octroyer à Fabrication Bois-Francs inc. un prêt d'au "
                        "plus 12 000 000 $, d'un terme de dix ans, sans remboursement du capital pendant les deux "
                        "premières années, pour réaliser l'agrandissement de son usine de Victoriaville",
                        "ce prêt soit consenti à même le Fonds du développement économique, aux conditions "
                        "substantiellement conformes à celles de la convention jointe à la recommandation "
                        "ministérielle du présent décret",
                    ),
                ),
                summary=(
                    "Investissement Québec prêtera jusqu'à 12 M$ à Fabrication Bois-Francs inc. pour agrandir son "
                    "usine de Victoriaville : dix ans, dont deux sans remboursement du capital, à même le Fonds du "
                    "développement économique. L'entreprise prévoit une soixantaine d'emplois."
                ),
            ),
            DemoDecree(
                55, ("MTMD",), C.REGULATION, "Règlement modifiant le Règlement sur les permis", SECURITE_ROUTIERE, 5
            ),
            DemoDecree(
                58,
                ("MAMH",),
                C.AGREEMENT,
                "Concernant l'approbation de l'Entente entre le gouvernement du Québec et la Ville de "
                "Trois-Rivières relative au financement de logements abordables",
                "Loi sur la Société d'habitation du Québec (chapitre S-8)",
                text=(
                    "ATTENDU QUE la Loi sur la Société d'habitation du Québec (chapitre S-8) permet au gouvernement "
                    "de conclure, avec une municipalité, une entente relative à la réalisation de logements "
                    "abordables sur son territoire;\n\n"
                    "ATTENDU QUE le gouvernement du Québec et la Ville de Trois-Rivières souhaitent conclure une "
                    "entente relative au financement de logements abordables;\n\n"
                    "IL EST ORDONNÉ, en conséquence, sur la recommandation de la ministre des Affaires "
                    "municipales :\n\n"
                    "QUE soit approuvée l'Entente entre le gouvernement du Québec et la Ville de Trois-Rivières "
                    "relative au financement de logements abordables, laquelle sera substantiellement conforme au "
                    f"projet d'entente joint à la recommandation ministérielle du présent décret.\n\n{CLERK}"
                ),
                summary=(
                    "Québec et Trois-Rivières s'entendent sur le financement de logements abordables; la Ville "
                    "s'engage à en faire démarrer la construction d'ici 2027."
                ),
            ),
            DemoDecree(
                60,
                ("MJQ",),
                C.APPOINTMENT,
                "Concernant la nomination de monsieur Julien Ferland comme juge de paix magistrat",
                TRIBUNAUX_JUDICIAIRES,
                text=appointment_text(
                    "conformément à l'article 158 de la Loi sur les tribunaux judiciaires, le gouvernement peut "
                    "nommer des juges de paix magistrats",
                    "du ministre de la Justice",
                    "monsieur Julien Ferland, avocat, soit nommé juge de paix magistrat, durant bonne conduite, "
                    "à compter du 16 février 2026, avec résidence à Québec",
                ),
            ),
            DemoDecree(
                63,
                ("MSP",),
                C.FINANCIAL_AID,
                "Concernant la mise en œuvre du Programme général d'aide financière lors de sinistres réels ou "
                "imminents relativement aux pluies abondantes survenues du 10 au 12 décembre 2025 dans des "
                "municipalités du Québec",
                "Loi sur la sécurité civile (chapitre S-2.3)",
                3,
            ),
            DemoDecree(
                66,
                ("MRIF",),
                C.ADMINISTRATIVE,
                "Concernant la composition et le mandat de la délégation officielle du Québec à la Conférence "
                "ministérielle de la Francophonie",
            ),
            DemoDecree(
                68,
                ("MFA",),
                C.REGULATION,
                "Règlement modifiant le Règlement sur la contribution réductible",
                "Loi sur les services de garde éducatifs à l'enfance (chapitre S-4.1.1)",
                3,
            ),
            DemoDecree(
                70,
                ("FIN", "SCT"),
                C.ADMINISTRATIVE,
                "Concernant les modalités de financement de la Société québécoise des infrastructures pour "
                "l'exercice financier 2026-2027",
            ),
        ),
    ),
    DemoIssue(
        datetime.date(2026, 2, 11),
        6,
        513,
        datetime.date(2026, 1, 28),
        (
            DemoDecree(
                76,
                ("MCN",),
                C.COMMENCEMENT,
                "Concernant l'entrée en vigueur de certaines dispositions de la Loi modifiant la Loi sur la "
                "gouvernance et la gestion des ressources informationnelles des organismes publics et des "
                "entreprises du gouvernement",
                pages=1,
            ),
            DemoDecree(
                79,
                ("MSSS",),
                C.APPOINTMENT,
                "Concernant la nomination de madame Catherine Dubé-Lessard comme membre indépendante du conseil "
                "d'administration de Santé Québec",
                text=appointment_text(
                    "un poste de membre indépendant du conseil d'administration de Santé Québec est vacant",
                    "du ministre de la Santé",
                    "madame Catherine Dubé-Lessard, administratrice de sociétés, soit nommée membre indépendante "
                    "du conseil d'administration de Santé Québec pour un mandat de quatre ans à compter des présentes",
                ),
            ),
            DemoDecree(
                81,
                ("MEQ",),
                C.REGULATION,
                "Règlement modifiant le Régime pédagogique de l'éducation préscolaire, de l'enseignement primaire "
                "et de l'enseignement secondaire",
                "Loi sur l'instruction publique (chapitre I-13.3)",
                8,
            ),
            DemoDecree(
                84,
                ("MES",),
                C.APPOINTMENT,
                "Concernant la nomination de monsieur Olivier Bélanger comme membre du conseil d'administration "
                "de l'Université du Québec à Rimouski",
                "Loi sur l'Université du Québec (chapitre U-1)",
            ),
            DemoDecree(
                87,
                ("MAPAQ",),
                C.REGULATION,
                "Règlement modifiant le Règlement sur les aliments",
                "Loi sur les produits alimentaires (chapitre P-29)",
                7,
            ),
            DemoDecree(
                90,
                ("MRNF",),
                C.REGULATION,
                "Règlement modifiant le Règlement sur l'aménagement durable des forêts du domaine de l'État",
                "Loi sur l'aménagement durable du territoire forestier (chapitre A-18.1)",
                12,
            ),
            DemoDecree(
                93,
                ("MEIE",),
                C.FINANCIAL_AID,
                "Concernant un mandat à Investissement Québec d'octroyer un prêt d'au plus 18 500 000 $ à "
                "Aciers Nordiques inc.",
                INVESTISSEMENT_QUEBEC,
            ),
            DemoDecree(
                95,
                ("MCC",),
                C.AGREEMENT,
                "Concernant l'approbation de l'Entente de développement culturel entre le gouvernement du "
                "Québec et la Ville de Sherbrooke pour les années 2026 à 2028",
            ),
            DemoDecree(
                98,
                ("MESS",),
                C.REGULATION,
                "Règlement modifiant le Règlement sur l'aide aux personnes et aux familles",
                "Loi sur l'aide aux personnes et aux familles (chapitre A-13.1.1)",
                4,
            ),
            DemoDecree(
                101,
                ("MIFI", "MRIF"),
                C.AGREEMENT,
                "Concernant la conclusion d'une entente de collaboration en matière de recrutement de "
                "travailleurs qualifiés avec le ministère du Travail de la République de Colombie",
            ),
            DemoDecree(
                104,
                ("MCE",),
                C.ADMINISTRATIVE,
                "Concernant l'exercice des fonctions du ministre de la Justice",
                pages=1,
            ),
            DemoDecree(
                107,
                ("MTO",),
                C.FINANCIAL_AID,
                "Concernant l'octroi d'une subvention maximale de 2 400 000 $ à l'Alliance de l'industrie "
                "touristique du Québec pour l'exercice financier 2025-2026",
            ),
        ),
    ),
    DemoIssue(
        datetime.date(2026, 2, 18),
        7,
        627,
        datetime.date(2026, 2, 4),
        (
            DemoDecree(
                112,
                ("FIN",),
                C.REGULATION,
                "Règlement modifiant le Règlement sur la taxe de vente du Québec",
                "Loi sur la taxe de vente du Québec (chapitre T-0.1)",
                9,
            ),
            DemoDecree(
                115,
                ("MELCCFP",),
                C.ADMINISTRATIVE,
                "Concernant la délivrance d'une autorisation à Hydro-Québec pour le projet de construction "
                "d'une ligne de transport d'électricité à 315 kV sur le territoire de la municipalité "
                "régionale de comté de Portneuf",
                QUALITE_ENVIRONNEMENT,
                6,
            ),
            DemoDecree(
                118,
                ("MTRAV",),
                C.REGULATION,
                "Règlement modifiant le Règlement sur les normes du travail",
                "Loi sur les normes du travail (chapitre N-1.1)",
                3,
            ),
            DemoDecree(
                121,
                ("MSSS",),
                C.COMMENCEMENT,
                "Concernant l'entrée en vigueur de certaines dispositions de la Loi visant à rendre le système "
                "de santé et de services sociaux plus efficace",
                pages=1,
            ),
            DemoDecree(
                124,
                ("MCE",),
                C.APPOINTMENT,
                "Concernant la nomination de monsieur Philippe-Antoine Roy comme secrétaire général associé au "
                "ministère du Conseil exécutif",
                text=appointment_text(
                    "le poste de secrétaire général associé aux communications gouvernementales est vacant",
                    "du premier ministre",
                    "monsieur Philippe-Antoine Roy, sous-ministre adjoint au ministère des Finances, soit nommé "
                    "secrétaire général associé au ministère du Conseil exécutif, administrateur d'État II, "
                    "à compter du 23 février 2026",
                ),
            ),
            DemoDecree(
                127,
                ("MAMH",),
                C.REGULATION,
                "Règlement modifiant le Règlement sur l'attribution des logements à loyer modique",
                "Loi sur la Société d'habitation du Québec (chapitre S-8)",
                5,
                text=regulation_text(
                    "Règlement modifiant le Règlement sur l'attribution des logements à loyer modique",
                    "la Loi sur la Société d'habitation du Québec (chapitre S-8)",
                    "de la ministre des Affaires municipales",
                    datetime.date(2025, 11, 19),
                ),
                summary=(
                    "Les personnes victimes de violence conjugale obtiennent une priorité élargie dans l'attribution "
                    "des habitations à loyer modique; les offices d'habitation ont six mois pour adapter leurs listes "
                    "d'admissibilité."
                ),
            ),
            DemoDecree(
                130,
                ("MJQ",),
                C.REGULATION,
                "Règlement modifiant le Tarif judiciaire en matière civile",
                TRIBUNAUX_JUDICIAIRES,
                3,
            ),
            DemoDecree(
                133,
                ("MRIF", "MESS"),
                C.AGREEMENT,
                "Concernant l'approbation de l'Entente en matière de sécurité sociale entre le Québec et la "
                "République de Colombie",
                pages=11,
            ),
            DemoDecree(
                136,
                ("MEIE", "MRNF"),
                C.FINANCIAL_AID,
                "Concernant l'octroi d'une aide financière maximale de 7 250 000 $ à Biomasse Boréale inc. pour "
                "un projet de production de granules dans la région du Saguenay–Lac-Saint-Jean",  # noqa: RUF001 - official spelling
                INVESTISSEMENT_QUEBEC,
                text=investissement_quebec_mandate(
                    "Biomasse Boréale inc. projette de construire une usine de granules de bois qui valorisera les "
                    "résidus de coupe et de sciage de la région du Saguenay–Lac-Saint-Jean",  # noqa: RUF001
                    "du ministre de l'Économie, de l'Innovation et de l'Énergie et de la ministre des Ressources "
                    "naturelles et des Forêts",
                    (
                        "Investissement Québec soit mandatée pour octroyer à Biomasse Boréale inc. une aide financière "
                        "maximale de 7 250 000 $, sous forme de contribution remboursable sur huit ans, pour réaliser "
                        "ce projet",
                        "une partie de cette contribution puisse être convertie en subvention si l'entreprise atteint "
                        "les cibles d'emploi prévues à la convention d'aide financière",
                    ),
                ),
                summary=(
                    "Biomasse Boréale inc. reçoit jusqu'à 7,25 M$, remboursables sur huit ans, pour une usine de "
                    "granules qui valorisera les résidus forestiers du Saguenay–Lac-Saint-Jean; une partie pourra "  # noqa: RUF001
                    "devenir une subvention si l'entreprise atteint ses cibles d'emploi."
                ),
            ),
            DemoDecree(
                139,
                ("MSP",),
                C.APPOINTMENT,
                "Concernant la nomination de madame Valérie Gingras comme membre à temps plein de la Commission "
                "québécoise des libérations conditionnelles",
                "Loi sur le système correctionnel du Québec (chapitre S-40.1)",
            ),
            DemoDecree(
                142,
                ("MCN",),
                C.ADMINISTRATIVE,
                "Concernant les modalités de signature de certains actes, documents ou écrits du ministère de la "
                "Cybersécurité et du Numérique",
                pages=1,
            ),
            DemoDecree(
                145,
                ("MFA",),
                C.FINANCIAL_AID,
                "Concernant l'octroi d'une subvention maximale de 3 600 000 $ au Regroupement des haltes-garderies "
                "communautaires du Québec pour les exercices financiers 2025-2026 à 2027-2028",
            ),
            DemoDecree(
                148,
                ("SRPNI",),
                C.AGREEMENT,
                "Concernant l'approbation de l'Entente de collaboration entre le gouvernement du Québec et le "
                "Conseil de la Nation Atikamekw relative aux services de première ligne",
            ),
        ),
    ),
    DemoIssue(
        datetime.date(2026, 2, 25),
        8,
        741,
        datetime.date(2026, 2, 11),
        (
            DemoDecree(
                152,
                ("FIN",),
                C.APPOINTMENT,
                "Concernant la nomination de monsieur Alexandre Pouliot comme membre du conseil d'administration de "
                "la Société des alcools du Québec",
                "Loi sur la Société des alcools du Québec (chapitre S-13)",
                text=appointment_text(
                    "un poste de membre du conseil d'administration de la Société des alcools du Québec est vacant",
                    "de la ministre des Finances",
                    "monsieur Alexandre Pouliot, comptable professionnel agréé, soit nommé membre du conseil "
                    "d'administration de la Société des alcools du Québec pour un mandat de quatre ans à compter "
                    "des présentes",
                ),
            ),
            DemoDecree(
                155,
                ("MTMD",),
                C.FINANCIAL_AID,
                "Concernant l'octroi d'une aide financière maximale de 45 000 000 $ à l'Autorité régionale de "
                "transport métropolitain pour l'exercice financier 2026-2027",
            ),
            DemoDecree(
                158,
                ("MSSS",),
                C.REGULATION,
                "Règlement modifiant le Règlement d'application de la Loi sur l'assurance maladie",
                "Loi sur l'assurance maladie (chapitre A-29)",
                6,
            ),
            DemoDecree(
                161,
                ("MEQ",),
                C.APPOINTMENT,
                "Concernant la nomination de madame Isabelle Fortier comme membre du conseil d'administration de "
                "l'Institut national d'excellence en éducation",
            ),
            DemoDecree(
                164,
                ("MELCCFP",),
                C.REGULATION,
                "Règlement modifiant le Règlement sur la compensation pour les services municipaux fournis en vue "
                "d'assurer la récupération et la valorisation de matières résiduelles",
                QUALITE_ENVIRONNEMENT,
                7,
            ),
            DemoDecree(
                167,
                ("MLF",),
                C.ADMINISTRATIVE,
                "Concernant l'approbation du plan stratégique 2026-2030 de l'Office québécois de la langue française",
                "Charte de la langue française (chapitre C-11)",
            ),
            DemoDecree(
                170,
                ("MAPAQ",),
                C.FINANCIAL_AID,
                "Concernant l'octroi d'une aide financière maximale de 5 000 000 $ à La Financière agricole du "
                "Québec pour un programme d'appui à la relève agricole",
            ),
            DemoDecree(
                173,
                ("MRNF",),
                C.COMMENCEMENT,
                "Concernant l'entrée en vigueur de certaines dispositions de la Loi modifiant principalement la "
                "Loi sur les mines",
                pages=1,
            ),
            DemoDecree(
                176,
                ("MESS",),
                C.APPOINTMENT,
                "Concernant la nomination de monsieur Karim Benali comme membre de la Commission des partenaires "
                "du marché du travail",
            ),
            DemoDecree(
                179,
                ("SCT",),
                C.ADMINISTRATIVE,
                "Concernant les conditions de travail des titulaires d'un emploi supérieur à temps plein",
                pages=4,
            ),
            DemoDecree(
                182,
                ("MTMD",),
                C.REGULATION,
                "Règlement modifiant le Règlement sur l'immatriculation des véhicules routiers",
                SECURITE_ROUTIERE,
                5,
            ),
            DemoDecree(
                185,
                ("MAMH", "MSP"),
                C.FINANCIAL_AID,
                "Concernant l'octroi d'une aide financière maximale de 8 000 000 $ à la Ville de Gatineau pour "
                "des travaux de protection contre les inondations",
            ),
        ),
    ),
]


@dataclass(frozen=True)
class RegisterDemoReport:
    """What one load created; all zeros when everything was already there."""

    ministries: int = 0
    parties: int = 0
    members: int = 0
    roles: int = 0
    issues: int = 0
    decrees: int = 0

    @property
    def changed(self) -> bool:
        return any((self.ministries, self.parties, self.members, self.roles, self.issues, self.decrees))


def _load_people() -> tuple[dict[str, Ministry], int, int, int, int]:
    ministries: dict[str, Ministry] = {}
    new_ministries = 0
    for data in MINISTRIES:
        ministry, created = Ministry.objects.get_or_create(
            acronym=data.acronym,
            defaults={"name": data.name, "slug": slugify(data.acronym), "email_domain": data.email_domain},
        )
        ministries[data.acronym] = ministry
        new_ministries += created
    parties: dict[str, Party] = {}
    new_parties = 0
    for name, short_name in PARTIES:
        parties[short_name], created = Party.objects.get_or_create(short_name=short_name, defaults={"name": name})
        new_parties += created
    members: dict[str, Member] = {}
    new_members = 0
    for person in MEMBERS:
        member, created = Member.objects.get_or_create(
            slug=person.slug,
            defaults={
                "first_name": person.first_name,
                "last_name": person.last_name,
                "party": parties[person.party] if person.party else None,
                "riding": person.riding,
                "took_office_on": person.took_office_on,
            },
        )
        members[f"{person.first_name} {person.last_name}"] = member
        new_members += created
    new_roles = 0
    for role in ROLES:
        member = members[role.member]
        role_ministry = ministries[role.ministry] if role.ministry else None
        if MemberRole.objects.filter(
            member=member, kind=role.kind, ministry=role_ministry, title=role.title, started_on=role.started_on
        ).exists():
            continue
        assign_member_role(
            member=member,
            kind=role.kind,
            ministry=role_ministry,
            title=role.title,
            started_on=role.started_on,
            ended_on=role.ended_on,
        )
        new_roles += 1
    return ministries, new_ministries, new_parties, new_members, new_roles


def online_at(day: datetime.date) -> datetime.datetime:
    """Partie 2 goes online at 00:01 on its day, Montréal time."""
    return datetime.datetime.combine(day, datetime.time(0, 1), tzinfo=MONTREAL)


def _load_decrees(ministries: dict[str, Ministry]) -> tuple[int, int]:
    new_issues = new_decrees = 0
    years = {data.made_on.year for data in ISSUES}
    entered = {DecreeNumber(*pair) for pair in Decree.objects.filter(year__in=years).values_list("number", "year")}
    for data in ISSUES:
        issue = GazetteIssue.objects.filter(
            part=GazettePart.LAWS_AND_REGULATIONS, volume=data.volume, number=data.number
        ).first()
        if issue is None:
            issue = add_gazette_issue(published_on=data.published_on, volume=data.volume, number=data.number)
            new_issues += 1
        page = data.first_page
        for decree_data in data.decrees:
            number = DecreeNumber(decree_data.number, data.made_on.year)
            if number not in entered:
                decree = add_decree(
                    number=number,
                    made_on=data.made_on,
                    title=decree_data.title,
                    category=decree_data.category,
                    ministries=[ministries[acronym] for acronym in decree_data.ministries],
                    enabling_statute=decree_data.statute,
                    summary=decree_data.summary,
                    full_text=decree_data.text,
                    page_count=None if decree_data.text else decree_data.pages,
                    gazette_issue=issue,
                    page=page,
                    section=decree_data.section,
                )
                if data.published:
                    # The demo's past issues are already out; the publishing step of a later slice sets this.
                    decree.published_at = online_at(data.published_on)
                    decree.save(update_fields=["published_at"])
                entered.add(number)
                new_decrees += 1
            page += decree_data.pages
    return new_issues, new_decrees


def load_demo_register() -> RegisterDemoReport:
    """Enters the demo ministries, parties, members, roles, Gazette issues and decrees that are missing."""
    with transaction.atomic():
        ministries, new_ministries, new_parties, new_members, new_roles = _load_people()
        new_issues, new_decrees = _load_decrees(ministries)
    return RegisterDemoReport(
        ministries=new_ministries,
        parties=new_parties,
        members=new_members,
        roles=new_roles,
        issues=new_issues,
        decrees=new_decrees,
    )


def load_demo_parliament() -> RegisterDemoReport:
    """The calendar and the register: what the demo loader calls."""
    load_demo_calendar()
    return load_demo_register()
