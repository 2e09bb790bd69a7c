"""Demo content: the site tree, the rubriques, the categories, the seed article and generated articles.

Generated articles are deterministic (seeded) and name real Québec institutions,
but every person in them is fictional: only the seed article, reproduced from
the publisher's own page, quotes a real minister. A few written articles tie
the site to the demo register: *Derrière les décrets* articles explain demo
decrees, and *Ce qu'ils ont dit* articles quote its (fictional) Members.
"""

from __future__ import annotations

import copy
import datetime as dt
import enum
import gc
import html
import json
import multiprocessing
import os
import random
import uuid
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import closing, contextmanager
from dataclasses import dataclass
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import DateTimeField, F, Field, Q
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Locale, Page, Site
from wagtail.search.backends import get_search_backends

from courrier.core.page_cache import forget_shared_copies
from courrier.newsroom.actions import index_articles_for_search, index_member_quotes
from courrier.newsroom.models import ArticleDecree, ArticlePage, Category, HomePage, SectionPage
from courrier.parliament.decree_numbers import DecreeNumber, format_decree_number
from courrier.parliament.demo import CLERK, MINISTRIES, load_demo_register
from courrier.parliament.demo_gazette import (
    CitedDecree,
    DecreeNumbering,
    WeeklyDecree,
    fiscal_year,
    issue_day_before,
    load_demo_weeks,
    made_on_for,
    statute_name,
)
from courrier.parliament.models import Decree, DecreeCategory, Member, MemberRole

HOME_TITLE = "Courrier parlementaire"
HOME_SLUG = "accueil"
HOME_INTRO = (
    "Les nouvelles parlementaires et gouvernementales du Québec, chaque matin de la semaine, "
    "pour les organisations abonnées."
)
DEMO_SEED = 639041
DEMO_ARTICLE_COUNT = 105
DEMO_WINDOW_DAYS = 180
ARCHIVE_SEED = 1990
ARCHIVE_YEARS = 30
ARCHIVE_CHUNK_SIZE = 20_000
SLUG_LENGTH = 70


class Kind(enum.StrEnum):
    NEWS = "news"
    GOVERNMENT = "government"
    TO_GOVERNMENT = "to_government"
    DECREE = "decree"
    QUOTES = "quotes"
    LEGISLATION = "legislation"
    LOBBYING = "lobbying"


@dataclass(frozen=True)
class SectionSpec:
    title: str
    slug: str
    intro: str
    kind: Kind


SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec(
        "Actualités",
        "actualites",
        "Les nouvelles de la colline Parlementaire et de l'administration publique québécoise, au jour le jour.",
        Kind.NEWS,
    ),
    SectionSpec(
        "Message DU gouvernement",
        "message-du-gouvernement",
        "Les annonces des ministères et des organismes publics, telles que le gouvernement les présente.",
        Kind.GOVERNMENT,
    ),
    SectionSpec(
        "Message AU gouvernement",
        "message-au-gouvernement",
        "Ce que les syndicats, les municipalités, les entreprises et les groupes demandent au gouvernement.",
        Kind.TO_GOVERNMENT,
    ),
    SectionSpec(
        "Derrière les décrets",
        "derriere-les-decrets",
        "Les décrets publiés à la Gazette officielle du Québec, expliqués : qui, quoi, combien et pourquoi.",
        Kind.DECREE,
    ),
    SectionSpec(
        "Ce qu'ils ont dit",
        "ce-quils-ont-dit",
        "Les déclarations des élus et des acteurs publics, au Salon bleu, en commission parlementaire et ailleurs.",
        Kind.QUOTES,
    ),
    SectionSpec(
        "Regard législatif",
        "regard-legislatif",
        "Le cheminement des projets de loi à l'Assemblée nationale, de leur présentation à leur sanction.",
        Kind.LEGISLATION,
    ),
    SectionSpec(
        "Le Monde du lobbying",
        "le-monde-du-lobbying",
        "Les mandats inscrits au Registre des lobbyistes et les décisions du Commissaire au lobbyisme.",
        Kind.LOBBYING,
    ),
)


@dataclass(frozen=True)
class Person:
    name: str
    role: str
    feminine: bool = False

    @property
    def title_with_article(self) -> str:
        return f"{'la' if self.feminine else 'le'} {self.role}"


@dataclass(frozen=True)
class Group:
    full_name: str
    short_name: str
    spokesperson: Person


@dataclass(frozen=True)
class Topic:
    category: str
    domain: str
    ministry: str
    minister: Person
    subjects: tuple[str, ...]
    initiatives: tuple[str, ...]
    beneficiaries: str
    groups: tuple[str, ...]
    commission: str
    law: str
    agency: str


GROUPS: dict[str, Group] = {
    "FTQ": Group(
        "la Fédération des travailleurs et travailleuses du Québec",
        "la FTQ",
        Person("Daniel Boisvert", "président de la FTQ"),
    ),
    "CSN": Group(
        "la Confédération des syndicats nationaux",
        "la CSN",
        Person("Chantal Lemieux", "présidente de la CSN", feminine=True),
    ),
    "CSQ": Group(
        "la Centrale des syndicats du Québec",
        "la CSQ",
        Person("Éric Thibault", "président de la CSQ"),
    ),
    "FIQ": Group(
        "la Fédération interprofessionnelle de la santé du Québec",
        "la FIQ",
        Person("Josée Paradis", "présidente de la FIQ", feminine=True),
    ),
    "FAE": Group(
        "la Fédération autonome de l'enseignement",
        "la FAE",
        Person("Karine Dion", "présidente de la FAE", feminine=True),
    ),
    "FCCQ": Group(
        "la Fédération des chambres de commerce du Québec",
        "la FCCQ",
        Person("Stéphane Veilleux", "président-directeur général de la FCCQ"),
    ),
    "CPQ": Group(
        "le Conseil du patronat du Québec",
        "le Conseil du patronat",
        Person("Hélène Bouffard", "présidente-directrice générale du Conseil du patronat du Québec", feminine=True),
    ),
    "FCEI": Group(
        "la Fédération canadienne de l'entreprise indépendante",
        "la FCEI",
        Person("Marc-André Girard", "vice-président pour le Québec de la FCEI"),
    ),
    "UMQ": Group(
        "l'Union des municipalités du Québec",
        "l'UMQ",
        Person("Manon Drouin", "présidente de l'UMQ et mairesse de Drummondville", feminine=True),
    ),
    "FQM": Group(
        "la Fédération québécoise des municipalités",
        "la FQM",
        Person("Gilles Bérubé", "président de la FQM et préfet de la MRC de La Mitis"),
    ),
    "UPA": Group(
        "l'Union des producteurs agricoles",
        "l'UPA",
        Person("Denis Proulx", "président général de l'UPA"),
    ),
    "BARREAU": Group(
        "le Barreau du Québec",
        "le Barreau du Québec",
        Person("Valérie Dufresne", "bâtonnière du Québec", feminine=True),
    ),
    "UDA": Group(
        "l'Union des artistes",
        "l'Union des artistes",
        Person("Luc Desrosiers", "président de l'Union des artistes"),
    ),
    "AQCPE": Group(
        "l'Association québécoise des centres de la petite enfance",
        "l'AQCPE",
        Person("Sylvie Beauchemin", "présidente-directrice générale de l'AQCPE", feminine=True),
    ),
    "EQUITERRE": Group(
        "Équiterre",
        "Équiterre",
        Person("Olivier Lachance", "directeur général d'Équiterre"),
    ),
    "AQCIE": Group(
        "l'Association québécoise des consommateurs industriels d'électricité",
        "l'AQCIE",
        Person("Richard Vallières", "président de l'AQCIE"),
    ),
    "FPPM": Group(
        "la Fraternité des policiers et policières de Montréal",
        "la Fraternité des policiers et policières de Montréal",
        Person("Kevin Lachapelle", "président de la Fraternité des policiers et policières de Montréal"),
    ),
}

TOPICS: tuple[Topic, ...] = (
    Topic(
        category="Cybersécurité-Numérique",
        domain="cybersécurité et de numérique",
        ministry="le ministère de la Cybersécurité et du Numérique",
        minister=Person("Mathieu Lavoie", "ministre de la Cybersécurité et du Numérique"),
        subjects=(
            "la sécurité des données des citoyens",
            "la transformation numérique des services publics",
            "l'identité numérique gouvernementale",
            "la protection des renseignements personnels",
            "l'hébergement infonuagique des données de l'État",
            "les cyberattaques contre les organismes publics",
            "la consolidation des centres de traitement informatique",
            "les données ouvertes",
        ),
        initiatives=(
            "la Stratégie gouvernementale de cybersécurité et du numérique",
            "le Programme de cybersécurité des municipalités",
            "le Service québécois d'identité numérique",
            "la plateforme Données Québec",
        ),
        beneficiaries="organismes publics",
        groups=("FCCQ", "UMQ", "FQM"),
        commission="la Commission des finances publiques",
        law=(
            "la Loi sur la gouvernance et la gestion des ressources informationnelles "
            "des organismes publics et des entreprises du gouvernement"
        ),
        agency="le Centre gouvernemental de cyberdéfense",
    ),
    Topic(
        category="Santé",
        domain="santé",
        ministry="le ministère de la Santé et des Services sociaux",
        minister=Person("Geneviève Tremblay", "ministre de la Santé", feminine=True),
        subjects=(
            "l'accès aux soins de première ligne",
            "les listes d'attente en chirurgie",
            "le recours aux agences de placement de personnel",
            "l'engorgement des urgences",
            "les soins à domicile pour les aînés",
            "la pénurie d'infirmières en région",
            "la santé mentale des jeunes",
            "les maisons des aînés",
        ),
        initiatives=(
            "le Plan santé",
            "un guichet d'accès à la première ligne",
            "le Programme de soutien aux organismes communautaires",
            "une nouvelle entente avec les médecins de famille",
        ),
        beneficiaries="établissements du réseau de la santé",
        groups=("FIQ", "CSN", "FTQ"),
        commission="la Commission de la santé et des services sociaux",
        law="la Loi sur les services de santé et les services sociaux",
        agency="Santé Québec",
    ),
    Topic(
        category="Éducation",
        domain="éducation",
        ministry="le ministère de l'Éducation",
        minister=Person("François Gagnon", "ministre de l'Éducation"),
        subjects=(
            "la pénurie d'enseignants",
            "la rénovation des écoles",
            "la réussite scolaire des garçons",
            "les classes spécialisées",
            "le tutorat au primaire",
            "la qualité de l'air dans les écoles",
            "la formation professionnelle",
            "les services aux élèves handicapés ou en difficulté",
        ),
        initiatives=(
            "le Plan d'action pour la réussite éducative",
            "un programme d'aide à la rénovation des écoles",
            "la formation accélérée en enseignement",
            "l'Institut national d'excellence en éducation",
        ),
        beneficiaries="centres de services scolaires",
        groups=("CSQ", "FAE", "CSN"),
        commission="la Commission de la culture et de l'éducation",
        law="la Loi sur l'instruction publique",
        agency="l'Institut national d'excellence en éducation",
    ),
    Topic(
        category="Économie",
        domain="économie",
        ministry="le ministère de l'Économie, de l'Innovation et de l'Énergie",
        minister=Person("Sophie Côté", "ministre de l'Économie", feminine=True),
        subjects=(
            "la productivité des PME",
            "l'investissement dans les régions",
            "la filière batterie",
            "l'achat local",
            "les zones d'innovation",
            "le développement des exportations",
            "l'intelligence artificielle en entreprise",
            "la relève entrepreneuriale",
        ),
        initiatives=(
            "le programme ESSOR",
            "une offensive de transformation numérique des PME",
            "le Fonds du développement économique",
            "la Stratégie québécoise de recherche et d'investissement en innovation",
        ),
        beneficiaries="entreprises",
        groups=("FCCQ", "CPQ", "FCEI"),
        commission="la Commission de l'économie et du travail",
        law="la Loi concernant Investissement Québec",
        agency="Investissement Québec",
    ),
    Topic(
        category="Environnement",
        domain="environnement",
        ministry=(
            "le ministère de l'Environnement, de la Lutte contre les changements climatiques, de la Faune et des Parcs"
        ),
        minister=Person(
            "Julie Pelletier",
            "ministre de l'Environnement, de la Lutte contre les changements climatiques, de la Faune et des Parcs",
            feminine=True,
        ),
        subjects=(
            "la protection des milieux humides",
            "la qualité de l'eau potable",
            "la réduction des gaz à effet de serre",
            "la consigne des contenants",
            "la protection du caribou forestier",
            "les aires protégées",
            "la gestion des matières résiduelles",
            "l'adaptation aux changements climatiques",
        ),
        initiatives=(
            "le Plan pour une économie verte 2030",
            "le Fonds d'électrification et de changements climatiques",
            "la modernisation de la consigne",
            "un programme de restauration des milieux naturels",
        ),
        beneficiaries="municipalités",
        groups=("EQUITERRE", "UMQ", "UPA"),
        commission="la Commission des transports et de l'environnement",
        law="la Loi sur la qualité de l'environnement",
        agency="le Bureau d'audiences publiques sur l'environnement",
    ),
    Topic(
        category="Justice",
        domain="justice",
        ministry="le ministère de la Justice",
        minister=Person("Alexandre Roy", "ministre de la Justice"),
        subjects=(
            "les délais judiciaires",
            "l'accès à la justice",
            "le tribunal spécialisé en violence sexuelle et conjugale",
            "la réforme du droit de la famille",
            "la pénurie de personnel dans les palais de justice",
            "l'aide juridique",
            "la justice de proximité",
            "la protection des personnes vulnérables",
        ),
        initiatives=(
            "le Plan pour moderniser le système de justice",
            "un nouveau palais de justice",
            "la hausse des seuils d'admissibilité à l'aide juridique",
            "un réseau de centres de justice de proximité",
        ),
        beneficiaries="justiciables",
        groups=("BARREAU", "CSN", "FTQ"),
        commission="la Commission des institutions",
        law="le Code civil du Québec",
        agency="la Commission des services juridiques",
    ),
    Topic(
        category="Affaires municipales",
        domain="affaires municipales",
        ministry="le ministère des Affaires municipales et de l'Habitation",
        minister=Person("Nathalie Gauthier", "ministre des Affaires municipales", feminine=True),
        subjects=(
            "la crise du logement",
            "le financement des infrastructures municipales",
            "la fiscalité municipale",
            "la construction de logements sociaux",
            "l'aménagement du territoire",
            "la protection des lacs et des berges",
            "le transport collectif régional",
            "la sécurité des élus municipaux",
        ),
        initiatives=(
            "le Programme d'habitation abordable Québec",
            "le Fonds régions et ruralité",
            "le Programme d'infrastructures municipales pour l'eau",
            "un nouveau partenariat fiscal avec les municipalités",
        ),
        beneficiaries="municipalités",
        groups=("UMQ", "FQM", "FCCQ"),
        commission="la Commission de l'aménagement du territoire",
        law="la Loi sur l'aménagement et l'urbanisme",
        agency="la Société d'habitation du Québec",
    ),
    Topic(
        category="Travail",
        domain="travail",
        ministry="le ministère du Travail",
        minister=Person("Simon Fortin", "ministre du Travail"),
        subjects=(
            "la santé et la sécurité du travail",
            "la négociation dans le secteur public",
            "le salaire minimum",
            "les travailleurs étrangers temporaires",
            "le travail des enfants",
            "la conciliation travail-famille",
            "les briseurs de grève",
            "la formation de la main-d'œuvre",
        ),
        initiatives=(
            "la hausse du salaire minimum",
            "la modernisation du régime de santé et de sécurité du travail",
            "un chantier sur la productivité de l'industrie de la construction",
            "l'encadrement du travail des enfants",
        ),
        beneficiaries="travailleurs",
        groups=("FTQ", "CSN", "CPQ", "FCEI"),
        commission="la Commission de l'économie et du travail",
        law="la Loi sur les normes du travail",
        agency="la CNESST",
    ),
    Topic(
        category="Transports",
        domain="transports",
        ministry="le ministère des Transports et de la Mobilité durable",
        minister=Person("Caroline Bélanger", "ministre des Transports et de la Mobilité durable", feminine=True),
        subjects=(
            "le troisième lien entre Québec et Lévis",
            "le tramway de Québec",
            "l'entretien des routes en région",
            "la sécurité routière près des écoles",
            "le financement du transport collectif",
            "le prolongement de la ligne bleue du métro",
            "la desserte des traversiers",
            "l'électrification des autobus scolaires",
        ),
        initiatives=(
            "le Plan québécois des infrastructures",
            "le Programme d'aide à la voirie locale",
            "une stratégie nationale de sécurité routière",
            "le Programme d'aide au développement du transport collectif",
        ),
        beneficiaries="sociétés de transport",
        groups=("UMQ", "FQM", "FCCQ"),
        commission="la Commission des transports et de l'environnement",
        law="le Code de la sécurité routière",
        agency="la Société de l'assurance automobile du Québec",
    ),
    Topic(
        category="Culture",
        domain="culture",
        ministry="le ministère de la Culture et des Communications",
        minister=Person("Pierre-Luc Ouellet", "ministre de la Culture et des Communications"),
        subjects=(
            "la découvrabilité des contenus québécois",
            "la protection du patrimoine bâti",
            "le financement des bibliothèques publiques",
            "les médias d'information régionaux",
            "la protection de la langue française",
            "la relance des salles de spectacle",
            "le statut de l'artiste",
            "les musées nationaux",
        ),
        initiatives=(
            "le Plan d'aide aux médias d'information",
            "le Programme de soutien au milieu municipal en patrimoine immobilier",
            "la Politique culturelle du Québec",
            "un fonds pour les festivals et événements",
        ),
        beneficiaries="organismes culturels",
        groups=("UDA", "FCCQ", "UMQ"),
        commission="la Commission de la culture et de l'éducation",
        law="la Loi sur le patrimoine culturel",
        agency="le Conseil des arts et des lettres du Québec",
    ),
    Topic(
        category="Finances publiques",
        domain="finances publiques",
        ministry="le ministère des Finances",
        minister=Person("Louis Bergeron", "ministre des Finances"),
        subjects=(
            "le retour à l'équilibre budgétaire",
            "la réduction de la dette",
            "la croissance des dépenses de l'État",
            "l'impôt des particuliers",
            "la mise à jour économique",
            "les redevances sur les ressources naturelles",
            "les versements au Fonds des générations",
            "la révision des programmes",
        ),
        initiatives=(
            "le budget",
            "la mise à jour économique et financière",
            "un examen des dépenses fiscales",
            "le plan de retour à l'équilibre budgétaire",
        ),
        beneficiaries="contribuables",
        groups=("FCCQ", "CPQ", "FTQ"),
        commission="la Commission des finances publiques",
        law="la Loi sur l'équilibre budgétaire",
        agency="le Secrétariat du Conseil du trésor",
    ),
    Topic(
        category="Députés et ministres",
        domain="institutions démocratiques",
        ministry="le ministère du Conseil exécutif",
        minister=Person("Martin Leclerc", "leader parlementaire du gouvernement"),
        subjects=(
            "le code d'éthique des députés",
            "le remaniement ministériel",
            "la conciliation famille-travail des élus",
            "la réforme parlementaire",
            "l'allocation de transition des députés",
            "le calendrier des travaux parlementaires",
            "le déroulement de la période des questions",
            "la rémunération des élus",
        ),
        initiatives=(
            "la réforme du Règlement de l'Assemblée nationale",
            "un nouveau code de conduite des députés",
            "la révision des conditions de travail des élus",
            "la modernisation des travaux parlementaires",
        ),
        beneficiaries="députés",
        groups=("UMQ", "FQM", "CSN"),
        commission="la Commission de l'Assemblée nationale",
        law="le Code d'éthique et de déontologie des membres de l'Assemblée nationale",
        agency="le Commissaire à l'éthique et à la déontologie",
    ),
    Topic(
        category="Énergie",
        domain="énergie",
        ministry="le ministère de l'Économie, de l'Innovation et de l'Énergie",
        minister=Person("Isabelle Morin", "ministre déléguée à l'Énergie", feminine=True),
        subjects=(
            "les tarifs d'électricité",
            "les blocs d'énergie accordés aux entreprises",
            "le développement de l'éolien en région",
            "la sobriété énergétique",
            "les nouveaux barrages hydroélectriques",
            "l'hydrogène vert",
            "la conversion des systèmes de chauffage au mazout",
            "la fiabilité du réseau de distribution",
        ),
        initiatives=(
            "le Plan d'action 2035 d'Hydro-Québec",
            "un appel d'offres pour 1 500 mégawatts d'énergie éolienne",
            "le programme Chauffez vert",
            "la Stratégie québécoise sur l'hydrogène vert",
        ),
        beneficiaries="grands consommateurs d'électricité",
        groups=("AQCIE", "FCCQ", "UMQ"),
        commission="la Commission de l'agriculture, des pêcheries, de l'énergie et des ressources naturelles",
        law="la Loi sur la Régie de l'énergie",
        agency="la Régie de l'énergie",
    ),
    Topic(
        category="Famille",
        domain="famille",
        ministry="le ministère de la Famille",
        minister=Person("Marie-Ève Lévesque", "ministre de la Famille", feminine=True),
        subjects=(
            "les places en service de garde éducatif",
            "la rémunération des éducatrices",
            "le soutien aux proches aidants",
            "les haltes-garderies communautaires",
            "les familles monoparentales",
            "le Régime québécois d'assurance parentale",
            "la conversion des garderies non subventionnées",
            "le guichet unique d'accès aux places",
        ),
        initiatives=(
            "le Grand chantier pour les familles",
            "un appel de projets pour 5 000 nouvelles places",
            "la bonification de l'Allocation famille",
            "le Programme de soutien financier aux activités de halte-garderie",
        ),
        beneficiaries="familles",
        groups=("AQCPE", "CSQ", "CSN"),
        commission="la Commission des relations avec les citoyens",
        law="la Loi sur les services de garde éducatifs à l'enfance",
        agency="le Conseil de gestion de l'assurance parentale",
    ),
    Topic(
        category="Immigration",
        domain="immigration",
        ministry="le ministère de l'Immigration, de la Francisation et de l'Intégration",
        minister=Person("Sébastien Caron", "ministre de l'Immigration, de la Francisation et de l'Intégration"),
        subjects=(
            "les seuils d'immigration",
            "la francisation des nouveaux arrivants",
            "l'accueil des demandeurs d'asile",
            "la reconnaissance des diplômes étrangers",
            "les travailleurs étrangers temporaires",
            "l'intégration des immigrants en région",
            "le Programme de l'expérience québécoise",
            "les étudiants étrangers",
        ),
        initiatives=(
            "le Plan d'immigration du Québec",
            "l'offre de cours de Francisation Québec",
            "un programme pilote pour les préposés aux bénéficiaires",
            "la planification pluriannuelle de l'immigration",
        ),
        beneficiaries="personnes immigrantes",
        groups=("FCCQ", "CPQ", "FTQ"),
        commission="la Commission des relations avec les citoyens",
        law="la Loi sur l'immigration au Québec",
        agency="Francisation Québec",
    ),
    Topic(
        category="Sécurité publique",
        domain="sécurité publique",
        ministry="le ministère de la Sécurité publique",
        minister=Person("Annie Poirier", "ministre de la Sécurité publique", feminine=True),
        subjects=(
            "la violence armée chez les jeunes",
            "les services policiers en région",
            "la surpopulation carcérale",
            "les inondations printanières",
            "les feux de forêt",
            "le crime organisé",
            "la sécurité civile",
            "la cybercriminalité",
        ),
        initiatives=(
            "l'opération CENTAURE",
            "le programme général d'indemnisation lors de sinistres",
            "un plan de recrutement de policiers",
            "la révision de la carte policière",
        ),
        beneficiaries="corps de police",
        groups=("FPPM", "UMQ", "FQM"),
        commission="la Commission des institutions",
        law="la Loi sur la police",
        agency="la Sûreté du Québec",
    ),
    Topic(
        category="Agriculture",
        domain="agriculture",
        ministry="le ministère de l'Agriculture, des Pêcheries et de l'Alimentation",
        minister=Person("Jean-François Simard", "ministre de l'Agriculture, des Pêcheries et de l'Alimentation"),
        subjects=(
            "la relève agricole",
            "la protection des terres agricoles",
            "l'autonomie alimentaire",
            "l'usage des pesticides",
            "la pêche au crabe des neiges",
            "la culture en serre",
            "le prix des terres agricoles",
            "les producteurs touchés par les intempéries",
        ),
        initiatives=(
            "la Politique bioalimentaire",
            "le Programme d'appui au développement des entreprises agricoles",
            "la Stratégie de croissance des serres",
            "un plan de soutien à la relève agricole",
        ),
        beneficiaries="producteurs agricoles",
        groups=("UPA", "FQM", "FCEI"),
        commission="la Commission de l'agriculture, des pêcheries, de l'énergie et des ressources naturelles",
        law="la Loi sur la protection du territoire et des activités agricoles",
        agency="La Financière agricole du Québec",
    ),
)

CITIES = ("Québec", "Montréal", "Gatineau", "Sherbrooke", "Trois-Rivières", "Saguenay", "Rimouski", "Lévis", "Laval")
REGIONS = (
    ("la Capitale-Nationale", "dans la Capitale-Nationale"),
    ("le Bas-Saint-Laurent", "au Bas-Saint-Laurent"),
    ("le Saguenay–Lac-Saint-Jean", "au Saguenay–Lac-Saint-Jean"),  # noqa: RUF001 - official spelling
    ("l'Abitibi-Témiscamingue", "en Abitibi-Témiscamingue"),
    ("la Côte-Nord", "sur la Côte-Nord"),
    ("la Gaspésie", "en Gaspésie"),
    ("l'Estrie", "en Estrie"),
    ("la Mauricie", "en Mauricie"),
    ("l'Outaouais", "en Outaouais"),
    ("la Montérégie", "en Montérégie"),
    ("les Laurentides", "dans les Laurentides"),
    ("Chaudière-Appalaches", "en Chaudière-Appalaches"),
)
RIDINGS = (
    "Rosemont",
    "Taschereau",
    "Jean-Talon",
    "Marguerite-Bourgeoys",
    "Chicoutimi",
    "Rimouski",
    "Sherbrooke",
    "Hull",
    "Laurier-Dorion",
    "Matane-Matapédia",
    "Camille-Laurin",
    "Jonquière",
    "Mont-Royal–Outremont",  # noqa: RUF001 - official spelling
    "Pontiac",
)
OPPOSITION = ("l'opposition officielle", "le deuxième groupe d'opposition", "le troisième groupe d'opposition")
FIRST_NAMES_F = ("Catherine", "Mélanie", "Valérie", "Émilie", "Marie-Claude", "Audrey", "Stéphanie", "Louise")
FIRST_NAMES_M = ("Guillaume", "Patrick", "Jonathan", "Olivier", "Benoît", "Étienne", "Vincent", "Yves")
LAST_NAMES = (
    "Beaulieu",
    "Cloutier",
    "Dubé",
    "Fournier",
    "Lapointe",
    "Lefebvre",
    "Poulin",
    "Gagné",
    "Bouchard",
    "Paquette",
    "Labbé",
    "Nadeau",
    "Savard",
    "Vachon",
)
LOBBY_FIRMS = (
    "Stratégies Cap-Diamant",
    "Affaires publiques Laurentides",
    "Groupe conseil Saint-Laurent",
    "Boréal Relations gouvernementales",
    "Cabinet Jacques-Cartier",
)
LOBBY_CLIENTS = (
    "Énergies Nordiques inc.",
    "Transports Fleuve-Nord ltée",
    "Logiciels Cartier inc.",
    "Béton Laurentien inc.",
    "Groupe Santé Boréal",
    "Agropur coopérative",
    "Aliments Québec-Nord inc.",
    "Solutions Numériques Mauricie",
    "Construction Mistral inc.",
)
EDITION_TAGS = ("LCP", "LCP", "LAG", "LAG", "InfoMidi", "", "")
MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
VOWELS = "aâàeéèêëiîïoôuûùyhAÂÀEÉÈÊIÎOÔUÛY"


def _de(noun: str) -> str:
    """The noun after "de", contracted: "le ministère" becomes "du ministère"."""
    for article, contracted in (("le ", "du "), ("les ", "des "), ("un ", "d'un "), ("une ", "d'une ")):
        if noun.startswith(article):
            return contracted + noun[len(article) :]
    if noun.startswith(("la ", "l'", "La ")):
        return "de " + noun
    if noun[:1] in VOWELS:
        return "d'" + noun
    return "de " + noun


def _a(noun: str) -> str:
    """The noun after "à", contracted: "les aînés" becomes "aux aînés"."""
    for article, contracted in (("le ", "au "), ("les ", "aux ")):
        if noun.startswith(article):
            return contracted + noun[len(article) :]
    return "à " + noun


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _amount(rng: random.Random) -> str:
    scale = rng.random()
    if scale < 0.3:
        return f"{rng.randrange(150, 990, 5) * 1000:,} $".replace(",", " ")
    if scale < 0.9:
        millions = rng.choice((1.2, 2.5, 3, 4.8, 6, 7.5, 10, 12, 15, 18.4, 25, 32, 40, 55, 75, 120, 250))
        return f"{millions:g} M$".replace(".", ",")
    return f"{rng.choice((1.1, 1.5, 2, 3.2, 4)):g} G$".replace(".", ",")


def _amount_in_full(amount: str) -> str:
    """« 18,4 M$ » as a decree writes it: « 18 400 000 $ »."""
    for suffix, factor in ((" M$", 1_000_000), (" G$", 1_000_000_000)):
        if amount.endswith(suffix):
            value = round(float(amount.removesuffix(suffix).replace(",", ".")) * factor)
            return f"{value:,} $".replace(",", "\u00a0")
    return amount


MINISTRY_ACRONYMS = {ministry.name.lower(): ministry.acronym for ministry in MINISTRIES}


def _date_text(day: dt.date) -> str:
    first = "1er" if day.day == 1 else str(day.day)
    return f"{first} {MONTHS[day.month - 1]} {day.year}"


def _person(rng: random.Random, role: str) -> Person:
    feminine = rng.random() < 0.5
    first = rng.choice(FIRST_NAMES_F if feminine else FIRST_NAMES_M)
    return Person(f"{first} {rng.choice(LAST_NAMES)}", role, feminine)


def _critic(rng: random.Random, topic: Topic) -> Person:
    person = _person(rng, "")
    member = "députée" if person.feminine else "député"
    party = _de(rng.choice(OPPOSITION))
    role = f"{member} de {rng.choice(RIDINGS)} et porte-parole {party} en matière {_de(topic.domain)}"
    return Person(person.name, role, person.feminine)


def _mayor(rng: random.Random, city: str) -> Person:
    person = _person(rng, "")
    return Person(person.name, f"{'mairesse' if person.feminine else 'maire'} de {city}", person.feminine)


def _cabinet(minister: Person) -> str:
    return f"Cabinet {_de(minister.title_with_article)}"


class Speaker(enum.StrEnum):
    NONE = "none"
    MINISTER = "minister"
    GROUP = "group"
    MAYOR = "mayor"
    ANYONE = "anyone"


@dataclass(frozen=True)
class Templates:
    """One way a rubrique tells a story: titles, leads and paragraphs with {placeholders}."""

    titles: tuple[str, ...]
    leads: tuple[str, ...]
    openers: tuple[str, ...]
    details: tuple[str, ...]
    closers: tuple[str, ...]
    headings: tuple[str, ...]
    highlights: tuple[str, ...] = ()
    speaker: Speaker = Speaker.NONE
    quotes: tuple[str, ...] = ()
    minister_quotes: tuple[str, ...] = ()
    source: str = "{cabinet}"
    decree: DecreeTemplate | None = None  # the decree the article explains, when it explains one


@dataclass(frozen=True)
class DecreeTemplate:
    """The decree a *Derrière les décrets* article explains, written from the article's own values."""

    category: DecreeCategory
    title: str
    summary: str
    text: str


MINISTER_QUOTES = (
    "Nous avons investi {amount} et les résultats commencent à se faire sentir, {in_region} comme ailleurs.",
    "Je ne laisserai personne dire que le gouvernement n'agit pas sur {subject}. Les chiffres parlent d'eux-mêmes.",
    "Le travail est commencé, il se poursuit, et nous rendrons des comptes aux Québécois sur {subject}.",
)

TEMPLATES: dict[Kind, tuple[Templates, ...]] = {
    Kind.GOVERNMENT: (
        Templates(
            titles=(
                "{Subject} : {amount} pour agir {in_region}",
                "Lancement {de_initiative}",
                "{Initiative} : nouvelle étape dans le dossier {de_subject}",
                "{city} : {amount} annoncés pour agir sur {subject}",
                "{Le_minister} dévoile les grandes lignes {de_initiative}",
            ),
            leads=(
                "{Le_minister}, {minister}, a annoncé un investissement de {amount} pour agir sur {subject}. "
                "La mesure s'inscrit dans {initiative}.",
                "Le gouvernement du Québec met en œuvre {initiative}, qui vise d'abord {subject} {in_region}. "
                "{Le_minister} en a dévoilé les détails à {city}.",
                "Afin d'accélérer les travaux sur {subject}, {le_minister} confie un mandat élargi {a_agency}, "
                "assorti d'une enveloppe de {amount}.",
            ),
            openers=(
                "L'annonce a été faite à {city} en présence d'élus de la région et de représentants des "
                "{beneficiaries}. Selon {le_ministry}, {subject} figure parmi les priorités retenues pour "
                "l'exercice financier en cours.",
                "Cette somme s'ajoute aux crédits déjà prévus au Plan québécois des infrastructures et sera versée "
                "sur {years} ans. Les premiers projets devraient être retenus d'ici le {date_later}.",
                "Le gouvernement rappelle que la mesure a été élaborée à la suite de consultations menées "
                "auprès {de_group_full} et de plusieurs organismes publics.",
            ),
            details=(
                "Les {beneficiaries} admissibles pourront déposer une demande auprès {de_ministry} au moyen d'un "
                "formulaire en ligne. Les critères d'admissibilité sont publiés sur Québec.ca.",
                "{Agency} assurera le suivi de la mesure et publiera un bilan annuel des sommes engagées "
                "et des résultats obtenus.",
                "Le Secrétariat du Conseil du trésor précise que les crédits nécessaires sont prévus au budget "
                "de dépenses {de_ministry}.",
                "Près de {projects} projets ont déjà été soumis {in_region}, dont plusieurs à {city}. "
                "Les projets retenus seront annoncés au fur et à mesure.",
                "La mesure répond en partie aux demandes formulées par {group} lors de l'étude des crédits "
                "en {commission_short}.",
                "Une entente de collaboration sera conclue avec l'Union des municipalités du Québec et la Fédération "
                "québécoise des municipalités afin de tenir compte des réalités régionales.",
            ),
            closers=(
                "Les modalités de la mesure seront précisées dans un règlement qui doit être publié "
                "à la Gazette officielle du Québec au cours des prochaines semaines.",
                "{Le_minister} doit présenter un premier bilan de la mesure devant {commission} au printemps.",
                "Le gouvernement du Québec entend rendre publics les indicateurs de suivi sur Données Québec.",
            ),
            headings=("Ce que prévoit la mesure", "Le contexte", "Prochaines étapes", "En chiffres"),
            highlights=(
                "{Initiative} représente un investissement total de {amount} sur {years} ans.",
                "Plus de {count} {beneficiaries} pourront bénéficier de la mesure.",
                "Un premier appel de projets sera lancé le {date_later}.",
                "Les sommes seront réparties entre les 17 régions administratives du Québec.",
                "Un bilan sera déposé à l'Assemblée nationale chaque année.",
            ),
            speaker=Speaker.MINISTER,
            quotes=(
                "Avec cette mesure, nous donnons aux {beneficiaries} les moyens d'agir concrètement. "
                "Agir sur {subject} est une priorité de notre gouvernement, et les résultats seront mesurés "
                "et rendus publics.",
                "Les citoyens de la région nous ont parlé {de_subject}, et nous avons écouté. "
                "Cet investissement de {amount} est une réponse concrète et durable.",
                "Nous avons travaillé avec nos partenaires pour que {initiative} donne des résultats rapidement. "
                "Je remercie les équipes {de_ministry} pour le travail accompli.",
            ),
        ),
    ),
    Kind.TO_GOVERNMENT: (
        Templates(
            titles=(
                "{Group} demande au gouvernement d'agir sur {subject}",
                "{Subject} : {group} réclame {amount} de plus",
                "{Group} presse Québec de revoir {initiative}",
                "Mémoire {de_group} en commission parlementaire : {subject} au cœur des demandes",
                "{Subject} : lettre ouverte {de_group} au premier ministre",
            ),
            leads=(
                "{Group} estime que le gouvernement doit en faire davantage sur {subject} et demande un "
                "investissement supplémentaire de {amount}.",
                "Dans un mémoire déposé devant {commission}, {group} formule {count} recommandations sur {subject}.",
                "{Group} presse {le_minister} de revoir {initiative}, dont la portée est jugée insuffisante "
                "pour répondre aux besoins {in_region}.",
            ),
            openers=(
                "Selon {group}, la situation s'est détériorée au cours des derniers mois, notamment à {city} "
                "et {in_region}, où les délais se sont allongés.",
                "L'organisation rappelle qu'elle réclame depuis plusieurs années une action cohérente sur "
                "{subject} et déplore l'absence de calendrier précis.",
                "Le mémoire a été présenté lors des consultations particulières tenues par {commission} "
                "à l'hôtel du Parlement.",
            ),
            details=(
                "L'organisation demande notamment que les sommes annoncées soient indexées et versées sur une base "
                "pluriannuelle, afin que les {beneficiaries} puissent planifier leurs activités.",
                "Elle propose de confier {a_agency} un mandat de suivi indépendant et d'en publier les résultats "
                "chaque année.",
                "Elle souhaite aussi que {law} soit modifiée pour clarifier les responsabilités de chacun.",
                "Un sondage mené auprès de ses membres indique que {percent} % d'entre eux jugent la situation "
                "préoccupante.",
                "{Group} offre sa collaboration {a_ministry} et sollicite une rencontre avec {le_minister} "
                "d'ici le {date_later}.",
            ),
            closers=(
                "Le cabinet {de_minister_title} indique avoir pris connaissance des recommandations et "
                "assure qu'elles seront analysées.",
                "L'organisation entend suivre de près l'étude des prochains crédits budgétaires.",
                "{Group} tiendra une journée de mobilisation à {city} au cours des prochaines semaines.",
            ),
            headings=("Les demandes", "Un constat préoccupant", "La réponse du gouvernement"),
            highlights=(
                "{Group} formule {count} recommandations.",
                "L'organisation réclame {amount} de plus sur {years} ans.",
                "{percent} % des membres sondés jugent la situation préoccupante.",
                "Une rencontre est demandée avec {le_minister} d'ici le {date_later}.",
            ),
            speaker=Speaker.GROUP,
            quotes=(
                "Le gouvernement ne peut pas continuer de repousser les décisions sur {subject}. "
                "Les {beneficiaries} attendent des gestes concrets, pas de nouvelles consultations.",
                "Nous demandons au gouvernement de nous écouter : les solutions existent, elles sont connues, "
                "et nos membres sont prêts à les mettre en œuvre.",
                "Ce que nous voyons sur le terrain, {in_region} comme à {city}, exige une réponse rapide "
                "et des moyens à la hauteur des besoins.",
            ),
            source="{Group_full}",
        ),
    ),
    Kind.DECREE: (
        Templates(
            titles=(
                "Décret {decree} : {amount} pour agir sur {subject}",
                "Un décret autorise {le_minister} à verser {amount} {in_region}",
            ),
            leads=(
                "Par le décret {decree}, publié dans la Gazette officielle du Québec du {date}, le gouvernement "
                "autorise {le_minister} à accorder une subvention maximale de {amount} dans le cadre "
                "{de_initiative}.",
                "Le Conseil des ministres a adopté le décret {decree}, qui permet de verser {amount} "
                "pour des projets liés {a_subject} {in_region}.",
            ),
            openers=(
                "Le décret {decree} a été pris sur la recommandation {de_minister_title}, en vertu de {law}.",
                "Selon la note explicative qui accompagne le décret, la mesure vise à accélérer les travaux sur "
                "{subject} {in_region}.",
            ),
            details=(
                "La subvention sera versée en {years} versements, conditionnels au dépôt d'un rapport d'étape "
                "auprès {de_ministry}.",
                "Le décret prévoit que l'aide financière ne pourra excéder {percent} % des dépenses admissibles.",
                "Le texte précise que la somme provient des crédits déjà votés à l'Assemblée nationale pour "
                "l'exercice financier en cours.",
                "Le bénéficiaire devra rendre compte de l'utilisation des sommes {a_agency} au plus tard "
                "le {date_later}.",
            ),
            closers=(
                "Le texte intégral du décret peut être consulté dans la Gazette officielle du Québec.",
                "Nos abonnés à l'Alerte Décrets ont reçu le sommaire de ce décret le jour même de sa publication.",
            ),
            headings=("Ce que dit le décret", "Qui en profite", "Le cadre légal"),
            highlights=(
                "Décret {decree}, Gazette officielle du Québec du {date}.",
                "Montant maximal : {amount}.",
                "Versements : {years}.",
                "Sur la recommandation {de_minister_title}.",
            ),
            source="Gazette officielle du Québec",
            decree=DecreeTemplate(
                category=DecreeCategory.FINANCIAL_AID,
                title=(
                    "Concernant l'octroi d'une aide financière d'un montant maximal de {amount_in_full} dans le cadre "
                    "{de_initiative}, pour des projets liés {a_subject} {in_region}"
                ),
                summary=(
                    "Le gouvernement autorise {le_minister} à accorder jusqu'à {amount} dans le cadre "
                    "{de_initiative}, pour des projets liés {a_subject} {in_region}. L'aide ne pourra excéder "
                    "{percent} % des dépenses admissibles; elle sera versée en {years} versements, chacun après un "
                    "rapport d'étape."
                ),
                text=(
                    "ATTENDU QU'en vertu de {law}, {le_minister} peut accorder une aide financière pour la réalisation "
                    "de projets liés {a_subject};\n\n"
                    "ATTENDU QUE {initiative} prévoit le financement de tels projets {in_region};\n\n"
                    "ATTENDU QU'il y a lieu d'autoriser {le_minister} à octroyer une aide financière d'un montant "
                    "maximal de {amount_in_full} au cours de l'exercice financier {fiscal_year};\n\n"
                    "IL EST ORDONNÉ, en conséquence, sur la recommandation {de_minister_title} :\n\n"
                    "QUE {le_minister} soit autorisé{minister_e} à octroyer une aide financière d'un montant maximal "
                    "de {amount_in_full} dans le cadre {de_initiative};\n\n"
                    "QUE cette aide n'excède pas {percent} % des dépenses admissibles et soit versée en {years} "
                    "versements, conditionnels au dépôt d'un rapport d'étape auprès {de_ministry};\n\n"
                    "QUE le bénéficiaire rende compte de l'utilisation des sommes {a_agency} au plus tard le "
                    "{date_later}.\n\n{clerk}"
                ),
            ),
        ),
        Templates(
            titles=(
                "Décret {decree} : le gouvernement modifie un règlement sur {subject}",
                "Décret {decree} : prolongation {de_initiative}",
            ),
            leads=(
                "Le Conseil des ministres a adopté le décret {decree}, publié dans la Gazette officielle du Québec "
                "du {date}, qui modifie les règles encadrant {subject}.",
                "Le décret {decree}, paru à la Gazette officielle du Québec le {date}, prolonge de {years} ans "
                "{initiative} et en précise les conditions.",
            ),
            openers=(
                "Le décret {decree} a été pris sur la recommandation {de_minister_title}, en vertu de {law}.",
                "Ce décret fait suite à une demande {de_agency}, qui souhaitait disposer d'une marge de manœuvre "
                "accrue.",
            ),
            details=(
                "Le décret abroge une disposition adoptée en {year_before} qui limitait la durée de la mesure.",
                "Le projet de règlement avait été publié pour une période de consultation de 45 jours; "
                "{group} avait alors transmis ses commentaires.",
                "Les nouvelles règles s'appliqueront d'abord {in_region}, avant d'être étendues à l'ensemble "
                "du Québec.",
                "Selon l'analyse d'impact réglementaire, le coût pour les {beneficiaries} est estimé à {amount}.",
            ),
            closers=(
                "Le règlement entrera en vigueur le quinzième jour suivant sa publication à la Gazette officielle "
                "du Québec.",
                "Nos abonnés à l'Alerte Décrets ont reçu le sommaire de ce décret le jour même de sa publication.",
            ),
            headings=("Ce que dit le décret", "Ce qui change", "Le cadre légal"),
            highlights=(
                "Décret {decree}, Gazette officielle du Québec du {date}.",
                "Loi habilitante : {law}.",
                "Sur la recommandation {de_minister_title}.",
            ),
            source="Gazette officielle du Québec",
            decree=DecreeTemplate(
                category=DecreeCategory.REGULATION,
                title="Règlement modifiant le Règlement d'application {de_law}",
                summary=(
                    "Le règlement modifie les règles encadrant {subject} et prolonge de {years} ans {initiative}. "
                    "Il s'appliquera d'abord {in_region}; l'analyse d'impact réglementaire en estime le coût à "
                    "{amount} pour les {beneficiaries}."
                ),
                text=(
                    "ATTENDU QUE {law} habilite le gouvernement à déterminer, par règlement, les règles encadrant "
                    "{subject};\n\n"
                    "ATTENDU QUE, conformément aux articles 10 et 11 de la Loi sur les règlements (chapitre R-18.1), "
                    "un projet de règlement a été publié à la Partie 2 de la Gazette officielle du Québec du "
                    "{consulted_on} avec avis qu'il pourrait être édicté par le gouvernement à l'expiration d'un "
                    "délai de 45 jours à compter de cette publication;\n\n"
                    "ATTENDU QU'il y a lieu d'édicter ce règlement avec modifications;\n\n"
                    "IL EST ORDONNÉ, en conséquence, sur la recommandation {de_minister_title} :\n\n"
                    "QUE soit édicté le Règlement modifiant le Règlement d'application {de_law}, annexé au présent "
                    "décret.\n\n{clerk}"
                ),
            ),
        ),
        Templates(
            titles=(
                "Nomination à la tête {de_agency} : ce que prévoit le décret {decree}",
                "Décret {decree} : {appointee} nommé{appointee_e} {a_agency}",
            ),
            leads=(
                "Par le décret {decree}, le gouvernement nomme {appointee} à la présidence {de_agency}, "
                "pour un mandat de {years} ans.",
                "Le Conseil des ministres a confié à {appointee} la direction {de_agency}, selon le décret {decree} "
                "publié dans la Gazette officielle du Québec du {date}.",
            ),
            openers=(
                "{Appointee_title} occupait jusqu'ici un poste de sous-ministre adjoint{appointee_e} {a_ministry}.",
                "La nomination a été faite sur la recommandation {de_minister_title}.",
            ),
            details=(
                "Le mandat, à temps plein, prend effet le {date_later}.",
                "Le décret fixe la rémunération selon l'échelle applicable aux titulaires d'un emploi supérieur "
                "de niveau {count}.",
                "Cette nomination survient alors que {agency} doit livrer ses résultats sur {subject}.",
            ),
            closers=("Le texte intégral du décret peut être consulté dans la Gazette officielle du Québec.",),
            headings=("Qui est nommé", "Le mandat"),
            source="Gazette officielle du Québec",
            decree=DecreeTemplate(
                category=DecreeCategory.APPOINTMENT,
                title="Concernant la nomination de {civility} {appointee} comme {president} {de_agency}",
                summary=(
                    "{appointee} prend la présidence {de_agency} pour un mandat de {years} ans, à temps plein, à "
                    "compter du {date_later}. {Appointee_title} était sous-ministre adjoint{appointee_e} "
                    "{a_ministry}."
                ),
                text=(
                    "ATTENDU QUE {law} prévoit que la personne qui préside {agency} est nommée par le "
                    "gouvernement;\n\n"
                    "ATTENDU QU'il y a lieu de pourvoir à ce poste;\n\n"
                    "IL EST ORDONNÉ, en conséquence, sur la recommandation {de_minister_title} :\n\n"
                    "QUE {civility} {appointee}, sous-ministre adjoint{appointee_e} {a_ministry}, soit "
                    "nommé{appointee_e} {president} {de_agency} pour un mandat de {years} ans à compter du "
                    "{date_later};\n\n"
                    "QUE {civility} {appointee} soit rémunéré{appointee_e} selon l'échelle applicable aux titulaires "
                    "d'un emploi supérieur de niveau {count}.\n\n{clerk}"
                ),
            ),
        ),
    ),
    Kind.QUOTES: (
        Templates(
            titles=(
                "« {short_quote} », affirme {speaker}",
                "{Subject} : échanges vifs au Salon bleu",
                "Période des questions : l'opposition revient à la charge sur {subject}",
                "{speaker} : « {short_quote} »",
                "{Subject} : ce qu'ils ont dit en commission parlementaire",
            ),
            leads=(
                "La question {de_subject} a de nouveau occupé la période des questions au Salon bleu, "
                "où {le_minister} a dû défendre le bilan du gouvernement.",
                "Interpellé par l'opposition sur {subject}, le gouvernement a promis des résultats d'ici "
                "le {date_later}.",
                "En commission parlementaire, élus et intervenants ont croisé le fer sur {subject}.",
            ),
            openers=(
                "L'échange a eu lieu lors de la période des questions et réponses orales du {date}, "
                "à l'Assemblée nationale.",
                "Le sujet était aussi à l'ordre du jour de {commission}, qui entendait {group_full} "
                "dans le cadre de consultations particulières.",
            ),
            details=(
                "L'opposition reproche au gouvernement de ne pas avoir atteint les cibles fixées, notamment "
                "{in_region}.",
                "{Le_minister} a rappelé les sommes déjà investies, soit {amount} depuis le début du mandat.",
                "Plus tard en journée, {group} a réagi en demandant des engagements précis.",
                "Une motion demandant le dépôt d'un plan détaillé a été présentée, puis rejetée par la majorité "
                "gouvernementale.",
            ),
            closers=(
                "Le débat se poursuivra lors de l'étude des crédits budgétaires {de_ministry}.",
                "Les échanges peuvent être consultés dans le Journal des débats de l'Assemblée nationale.",
            ),
            headings=("Au Salon bleu", "En commission parlementaire", "La réplique"),
            speaker=Speaker.ANYONE,
            quotes=(
                "Les Québécois méritent mieux qu'une autre annonce sur {subject} : ils veulent des résultats.",
                "On nous promet depuis des années une solution pour {subject}, et on attend encore.",
                "Le gouvernement doit déposer un plan clair, avec des cibles et un échéancier, sur {subject}.",
            ),
            minister_quotes=MINISTER_QUOTES,
            source="Assemblée nationale du Québec, Journal des débats",
        ),
    ),
    Kind.LEGISLATION: (
        Templates(
            titles=(
                "Présentation du projet de loi no {bill} sur {subject}",
                "Projet de loi no {bill} : {subject} au cœur de la réforme",
            ),
            leads=(
                "{Le_minister} a présenté le projet de loi no {bill}, qui modifie {law} afin d'agir sur {subject}.",
                "Le projet de loi no {bill}, déposé au Salon bleu le {date}, propose de revoir {law}.",
            ),
            openers=(
                "Le projet de loi no {bill} comprend {count} articles et modifie principalement {law}.",
                "Le texte fait suite aux travaux menés par {le_ministry} avec {group_full}.",
            ),
            details=(
                "Le texte confie de nouveaux pouvoirs {a_agency} et prévoit des sanctions administratives "
                "en cas de manquement.",
                "Des consultations particulières devant {commission} sont prévues d'ici le {date_later}.",
                "Certaines dispositions n'entreront en vigueur qu'à la date fixée par le gouvernement.",
                "{Group} a salué le dépôt du projet de loi, tout en demandant qu'il aille plus loin sur {subject}.",
            ),
            closers=(
                "Le projet de loi doit maintenant franchir l'étape de l'adoption du principe.",
                "Le texte du projet de loi est accessible sur le site de l'Assemblée nationale.",
            ),
            headings=("Ce que change le projet de loi", "Les étapes", "Les réactions"),
            highlights=(
                "Projet de loi no {bill}, {count} articles.",
                "Loi modifiée : {law}.",
                "Étude en {commission_short}.",
            ),
            speaker=Speaker.MINISTER,
            quotes=(
                "Ce projet de loi donne enfin des outils concrets pour agir sur {subject}. "
                "Nous avons écouté les groupes et nous continuerons de le faire.",
            ),
            source="Assemblée nationale du Québec",
        ),
        Templates(
            titles=(
                "Le projet de loi no {bill} adopté à l'Assemblée nationale",
                "Étude détaillée du projet de loi no {bill} : {count} amendements adoptés",
            ),
            leads=(
                "Après {count} séances d'étude détaillée en {commission_short}, le projet de loi no {bill}, "
                "qui modifie {law}, a été adopté au Salon bleu.",
                "Les parlementaires ont terminé l'étude détaillée du projet de loi no {bill} sur {subject}.",
            ),
            openers=(
                "L'étude détaillée s'est déroulée devant {commission} au cours des dernières semaines.",
                "Le vote final a eu lieu le {date} à l'Assemblée nationale.",
            ),
            details=(
                "Les oppositions ont obtenu des amendements sur la reddition de comptes et sur l'entrée en vigueur "
                "des dispositions.",
                "{Group} avait demandé que le projet de loi aille plus loin sur {subject}.",
                "Le gouvernement a accepté de confier {a_agency} l'obligation de publier un rapport annuel.",
                "Certaines dispositions n'entreront en vigueur qu'au {date_later}.",
            ),
            closers=(
                "Le projet de loi doit maintenant recevoir la sanction du lieutenant-gouverneur.",
                "Les mémoires déposés en commission sont accessibles sur le site de l'Assemblée nationale.",
            ),
            headings=("Ce qui a changé en commission", "Le vote", "Les réactions"),
            highlights=(
                "Projet de loi no {bill}.",
                "{count} séances d'étude détaillée.",
                "Étude en {commission_short}.",
            ),
            speaker=Speaker.ANYONE,
            quotes=("Le projet de loi no {bill} ne règle pas le fond du problème sur {subject}.",),
            minister_quotes=(
                "Le projet de loi no {bill} a été bonifié grâce au travail de tous les parlementaires. "
                "C'est une bonne journée pour les {beneficiaries}.",
            ),
            source="Assemblée nationale du Québec",
        ),
        Templates(
            titles=("Sanction du projet de loi no {bill} : ce qui change pour les {beneficiaries}",),
            leads=("La loi issue du projet de loi no {bill}, qui modifie {law}, a été sanctionnée le {date}.",),
            openers=("Le projet de loi no {bill} avait été adopté à l'Assemblée nationale quelques jours plus tôt.",),
            details=(
                "La plupart des dispositions entrent en vigueur le jour de la sanction.",
                "Des règlements d'application doivent être publiés d'ici le {date_later}.",
                "{Agency} disposera de nouveaux pouvoirs d'inspection.",
            ),
            closers=("La loi sera publiée à la Gazette officielle du Québec.",),
            headings=("Ce qui change", "Les prochaines étapes"),
            source="Assemblée nationale du Québec",
        ),
    ),
    Kind.LOBBYING: (
        Templates(
            titles=(
                "{client} inscrit un mandat auprès {de_ministry}",
                "{firm} représente {client} auprès du gouvernement",
            ),
            leads=(
                "Le Registre des lobbyistes fait état d'un nouveau mandat inscrit par {firm} pour le compte "
                "{de_client}, qui cible {le_ministry}.",
                "{client} souhaite obtenir une aide financière de {amount} dans le cadre {de_initiative}, "
                "selon une inscription au Registre des lobbyistes.",
            ),
            openers=(
                "Selon l'inscription, les démarches visent le cabinet {de_minister_title} ainsi que des "
                "fonctionnaires {de_ministry}.",
                "Le mandat, d'une durée prévue de {count} mois, a été inscrit le {date}.",
            ),
            details=(
                "L'entreprise souhaite notamment influencer l'élaboration {de_initiative} et les critères "
                "d'attribution de l'aide financière.",
                "Des communications avec des députés de la région sont aussi prévues.",
                "La valeur du mandat se situe entre 10 000 $ et 50 000 $, selon le Registre.",
                "Des représentations auprès {de_agency} sont également inscrites.",
            ),
            closers=(
                "Le Registre des lobbyistes est accessible gratuitement en ligne.",
                "Le cabinet {de_minister_title} confirme avoir reçu une demande de rencontre.",
            ),
            headings=("Qui fait pression", "Les institutions visées"),
            highlights=(
                "Lobbyiste-conseil : {firm}.",
                "Client : {client}.",
                "Institutions visées : {ministry}, {agency}.",
            ),
            source="Registre des lobbyistes du Québec",
        ),
        Templates(
            titles=(
                "Registre des lobbyistes : {subject} attire les démarcheurs",
                "Commissaire au lobbyisme : {count} nouveaux mandats sur {subject}",
            ),
            leads=(
                "Les mandats portant sur {subject} se multiplient au Registre des lobbyistes, constate le "
                "Commissaire au lobbyisme.",
                "Le Registre des lobbyistes compte {count} nouveaux mandats visant {le_ministry} depuis le début "
                "de l'année.",
            ),
            openers=(
                "Entreprises, associations et lobbyistes-conseils multiplient les démarches auprès {de_ministry}.",
                "Parmi les inscriptions récentes figure celle {de_firm}, pour le compte {de_client}.",
            ),
            details=(
                "Le Commissaire au lobbyisme rappelle que toute communication d'influence doit être inscrite "
                "dans les délais prévus par la loi.",
                "Plusieurs mandats visent aussi {agency} et des députés {in_region}.",
                "{Group} figure parmi les organisations les plus actives au Registre.",
            ),
            closers=("Le Registre des lobbyistes est accessible gratuitement en ligne.",),
            headings=("Les mandats", "Le rappel du Commissaire"),
            source="Commissaire au lobbyisme du Québec",
        ),
    ),
    Kind.NEWS: (
        Templates(
            titles=(
                "Rapport {de_institution} : des lacunes dans la gestion {de_subject}",
                "{Institution} s'inquiète {de_subject}",
            ),
            leads=(
                "Dans un rapport déposé à l'Assemblée nationale, {institution} relève des lacunes dans la gestion "
                "{de_subject} par {le_ministry}.",
                "{Institution} constate une hausse des problèmes liés {a_subject} et formule {count} "
                "recommandations au gouvernement.",
            ),
            openers=(
                "Le rapport, déposé au Salon bleu le {date}, porte sur la période {year_before}-{year}.",
                "Les constats s'appuient sur l'examen de dossiers {in_region} et à {city}.",
            ),
            details=(
                "Le document souligne que les données nécessaires au suivi sont incomplètes et que les cibles "
                "n'ont pas été atteintes {in_region}.",
                "{Le_ministry} dit accueillir favorablement les recommandations et s'engage à déposer un plan "
                "d'action d'ici le {date_later}.",
                "Le rapport évalue à {amount} les sommes engagées sans indicateurs de résultats.",
                "{Group} réclame un suivi public des recommandations.",
            ),
            closers=(
                "La Commission de l'administration publique pourrait convoquer les gestionnaires concernés.",
                "Le rapport complet est accessible sur le site de l'institution.",
            ),
            headings=("Les constats", "Les recommandations", "Les réactions"),
            highlights=(
                "{count} recommandations adressées au gouvernement.",
                "Sommes en cause : {amount}.",
                "Plan d'action attendu d'ici le {date_later}.",
            ),
            source="{Institution_name}",
        ),
        Templates(
            titles=(
                "La Ville de {city} interpelle le gouvernement sur {subject}",
                "{Subject} : {city} et le gouvernement concluent une entente de {amount}",
            ),
            leads=(
                "{Le_mayor}, {mayor}, presse le gouvernement de confirmer un financement de {amount} "
                "pour agir sur {subject}.",
                "La Ville de {city} et {le_ministry} ont conclu une entente de {amount} sur {subject}.",
            ),
            openers=(
                "À {city}, la question {de_subject} fait l'objet de discussions depuis plusieurs mois avec "
                "{le_ministry}.",
                "Le conseil municipal avait adopté une résolution à ce sujet le {date}.",
            ),
            details=(
                "La Ville évalue à {amount} le coût des travaux nécessaires d'ici {years} ans.",
                "Le dossier sera abordé lors de la prochaine rencontre entre le gouvernement et {group_full}.",
                "Les élus municipaux {de_region} appuient la démarche.",
            ),
            closers=("Le conseil municipal doit revenir sur le dossier lors de sa prochaine séance.",),
            headings=("La demande de la Ville", "La réponse de Québec"),
            speaker=Speaker.MAYOR,
            quotes=(
                "Les citoyens de {city} ne demandent pas de passe-droit : ils demandent que Québec agisse "
                "sur {subject}.",
                "Cette entente est une bonne nouvelle pour {city}. Nous pourrons enfin aller de l'avant.",
            ),
            source="Ville de {city}",
        ),
        Templates(
            titles=(
                "{Commission_short} : consultations particulières sur {subject}",
                "{Subject} : les parlementaires entendront {count} groupes",
            ),
            leads=(
                "{Commission} entreprend des consultations particulières sur {subject} le {date_later}.",
                "Les membres {de_commission} entendront {count} groupes sur {subject}.",
            ),
            openers=(
                "{Group_full} et plusieurs organismes seront entendus par les parlementaires.",
                "Le mandat a été confié à la commission par l'Assemblée nationale le {date}.",
            ),
            details=(
                "Des représentants {de_agency} seront aussi entendus.",
                "Les personnes et organismes qui souhaitent transmettre un mémoire peuvent le faire en ligne.",
                "Les travaux seront diffusés sur le Canal de l'Assemblée nationale.",
            ),
            closers=("La commission déposera ensuite son rapport à l'Assemblée nationale.",),
            headings=("Les groupes entendus", "Le calendrier"),
            source="Assemblée nationale du Québec",
        ),
    ),
}
INSTITUTIONS = (
    "le Vérificateur général du Québec",
    "le Protecteur du citoyen",
    "la Commission de la fonction publique",
)


@dataclass
class ArticleDraft:
    """An article before it is saved: what the builders fill in."""

    title: str
    lead: str
    body: list[tuple[str, Any]]
    source: str
    edition_tag: str
    section_slug: str
    category_name: str
    published_at: dt.datetime
    slug: str = ""
    decrees: tuple[Decree, ...] = ()  # the decrees it explains
    cited: tuple[CitedDecree, ...] = ()  # the decrees it explains, before they are in the register


def _paragraph(text: str) -> str:
    return f"<p>{html.escape(text, quote=False)}</p>"


class ArticleWriter:
    """Writes plausible articles for a rubrique and a category, from a seeded random generator.

    With a `numbering`, an article that explains a decree names one the register will hold: numbered
    and dated as the register would have it, written out in `ArticleDraft.cited` for `load_demo_weeks`.
    Without, it names a made-up number (the archive, whose decades the register does not cover).
    """

    def __init__(self, rng: random.Random, numbering: DecreeNumbering | None = None) -> None:
        self.rng = rng
        self.numbering = numbering

    def write(
        self, section: SectionSpec, topic: Topic, published_at: dt.datetime, *, full: bool = True
    ) -> ArticleDraft:
        rng = self.rng
        templates = rng.choice(TEMPLATES[section.kind])
        values = self._values(topic, published_at)
        cited = self._cite(templates.decree, topic, values, published_at) if templates.decree else None
        speaker = self._speaker(templates.speaker, topic, values)
        quote = self._quote(templates, speaker, topic, values)
        title = rng.choice(templates.titles).format(**values)
        lead = rng.choice(templates.leads).format(**values)
        paragraphs = [rng.choice(templates.openers).format(**values)]
        detail_count = min(len(templates.details), rng.randint(2, 4) if full else rng.randint(1, 2))
        paragraphs += [text.format(**values) for text in rng.sample(templates.details, detail_count)]
        if full or rng.random() < 0.5:
            paragraphs.append(rng.choice(templates.closers).format(**values))
        body: list[tuple[str, Any]] = [("paragraph", _paragraph(text)) for text in paragraphs]
        if full:
            self._enrich(body, templates, values, quote)
        return ArticleDraft(
            title=_cap(title),
            lead=lead,
            body=body,
            source=templates.source.format(**values),
            edition_tag=rng.choice(EDITION_TAGS),
            section_slug=section.slug,
            category_name=topic.category,
            published_at=published_at,
            cited=(cited,) if cited else (),
        )

    def _cite(
        self, template: DecreeTemplate, topic: Topic, values: dict[str, Any], published_at: dt.datetime
    ) -> CitedDecree | None:
        """The decree the article explains, numbered and dated from the issue before the article; its values set."""
        if self.numbering is None:
            return None
        issue_day = issue_day_before(timezone.localdate(published_at))
        made_on = made_on_for(issue_day)
        number = self.numbering.next(made_on)
        feminine = values["Appointee_title"] == "Elle"
        values.update(
            decree=format_decree_number(number.number, number.year),
            date=_date_text(issue_day),
            consulted_on=_date_text(made_on - dt.timedelta(days=77)),
            fiscal_year=fiscal_year(made_on),
            amount_in_full=_amount_in_full(values["amount"]),
            minister_e="e" if topic.minister.feminine else "",
            de_law=_de(topic.law),
            civility="madame" if feminine else "monsieur",
            president="présidente" if feminine else "président",
            clerk=CLERK,
        )
        decree = WeeklyDecree(
            ministries=(MINISTRY_ACRONYMS.get(topic.ministry.removeprefix("le ").lower(), "MCE"),),
            category=template.category,
            title=_cap(template.title.format(**values)),
            summary=template.summary.format(**values),
            text=template.text.format(**values),
            statute=statute_name(topic.law),
        )
        return CitedDecree(number=number, issue_day=issue_day, decree=decree)

    def _enrich(
        self, body: list[tuple[str, Any]], templates: Templates, values: dict[str, Any], quote: dict[str, str] | None
    ) -> None:
        rng = self.rng
        if len(body) > 3 and rng.random() < 0.6:
            body.insert(2, ("heading", rng.choice(templates.headings).format(**values)))
        if quote and rng.random() < 0.8:
            body.insert(2, ("quote", quote))
        if len(templates.highlights) >= 3 and rng.random() < 0.4:
            items = [text.format(**values) for text in rng.sample(templates.highlights, 3)]
            body.append(("highlights", {"title": "Faits saillants", "items": items}))

    def _values(self, topic: Topic, published_at: dt.datetime) -> dict[str, Any]:
        rng = self.rng
        day = timezone.localdate(published_at)
        subject = rng.choice(topic.subjects)
        initiative = rng.choice(topic.initiatives)
        group = GROUPS[rng.choice(topic.groups)]
        city = rng.choice(CITIES)
        region, in_region = rng.choice(REGIONS)
        minister = topic.minister
        commission_short = topic.commission.removeprefix("la ")
        mayor = _mayor(rng, city)
        appointee = _person(rng, "")
        institution = rng.choice(INSTITUTIONS)
        firm = rng.choice(LOBBY_FIRMS)
        client = rng.choice(LOBBY_CLIENTS)
        return {
            "subject": subject,
            "Subject": _cap(subject),
            "de_subject": _de(subject),
            "a_subject": _a(subject),
            "initiative": initiative,
            "Initiative": _cap(initiative),
            "de_initiative": _de(initiative),
            "ministry": topic.ministry,
            "le_ministry": topic.ministry,
            "Le_ministry": _cap(topic.ministry),
            "de_ministry": _de(topic.ministry),
            "a_ministry": _a(topic.ministry),
            "minister": minister.name,
            "le_minister": minister.title_with_article,
            "Le_minister": _cap(minister.title_with_article),
            "de_minister_title": _de(minister.title_with_article),
            "cabinet": _cabinet(minister),
            "commission": topic.commission,
            "Commission": _cap(topic.commission),
            "de_commission": _de(topic.commission),
            "commission_short": commission_short[:1].lower() + commission_short[1:],
            "Commission_short": _cap(commission_short),
            "law": topic.law,
            "agency": topic.agency,
            "Agency": _cap(topic.agency),
            "de_agency": _de(topic.agency),
            "a_agency": _a(topic.agency),
            "beneficiaries": topic.beneficiaries,
            "group": group.short_name,
            "Group": _cap(group.short_name),
            "de_group": _de(group.short_name),
            "group_full": group.full_name,
            "Group_full": _cap(group.full_name),
            "de_group_full": _de(group.full_name),
            "institution": institution,
            "Institution": _cap(institution),
            "de_institution": _de(institution),
            "Institution_name": _cap(institution.split(" ", 1)[1]),
            "city": city,
            "region": region,
            "de_region": _de(region),
            "in_region": in_region,
            "mayor": mayor.name,
            "Le_mayor": _cap(mayor.title_with_article),
            "_mayor": mayor,
            "_group": group,
            "appointee": appointee.name,
            "Appointee_title": "Elle" if appointee.feminine else "Il",
            "appointee_e": "e" if appointee.feminine else "",
            "amount": _amount(rng),
            "count": rng.randint(3, 40),
            "percent": rng.randrange(15, 90, 5),
            "years": rng.randint(2, 5),
            "year": day.year,
            "year_before": day.year - 1,
            "date": _date_text(day - dt.timedelta(days=rng.randint(1, 6))),
            "date_later": _date_text(day + dt.timedelta(days=rng.randint(20, 120))),
            "decree": f"{rng.randint(120, 1990)}-{day.year}",
            "bill": rng.randint(1, 125),
            "firm": firm,
            "de_firm": _de(firm),
            "client": client,
            "de_client": _de(client),
            "projects": rng.randint(12, 240),
        }

    def _speaker(self, kind: Speaker, topic: Topic, values: dict[str, Any]) -> Person | None:
        if kind == Speaker.MINISTER:
            return topic.minister
        if kind == Speaker.GROUP:
            return values["_group"].spokesperson
        if kind == Speaker.MAYOR:
            return values["_mayor"]
        if kind == Speaker.ANYONE:
            return self.rng.choice((topic.minister, _critic(self.rng, topic), values["_group"].spokesperson))
        return None

    def _quote(
        self, templates: Templates, speaker: Person | None, topic: Topic, values: dict[str, Any]
    ) -> dict[str, str] | None:
        if speaker is None:
            values["speaker"] = values["short_quote"] = ""
            return None
        choices = templates.minister_quotes if speaker == topic.minister and templates.minister_quotes else None
        text = self.rng.choice(choices or templates.quotes).format(**values)
        values["speaker"] = speaker.name
        values["short_quote"] = text.split(":")[0].split(".")[0].strip()
        return {"quote": text, "speaker": speaker.name, "role": speaker.role}


SEED_TITLE = "Gouvernement ouvert : lancement du plan d'action 2021-2023"
SEED_SLUG = "gouvernement-ouvert-lancement-du-plan-daction-2021-2023"
SEED_SECTION_SLUG = "message-du-gouvernement"
SEED_CATEGORY = "Cybersécurité-Numérique"
SEED_LEAD = (
    "(R.I.) Afin d'accélérer la transformation numérique gouvernementale et d'incarner un État plus transparent "
    "et efficient, le gouvernement lance son Plan d'action favorisant un gouvernement ouvert 2021-2023. C'est le "
    "ministre de la Cybersécurité et du Numérique, Éric Caire, qui en a dévoilé les grandes lignes."
)
SEED_QUOTE = (
    "Notre gouvernement est plus déterminé que jamais à agir comme chef de file en matière de gouvernement ouvert "
    "et à se montrer plus agile et audacieux pour tirer profit de la multitude de possibilités que représentent les "
    "données ouvertes. Je n'ai aucun doute que les mesures de ce plan d'action lui permettront d'y concourir. Je "
    "tiens à remercier tous ceux et celles qui ont contribué à l'élaboration de ce document, dont les membres du "
    "Comité en gouvernement ouvert et les personnes qui ont répondu au questionnaire sur l'amélioration de la "
    "plateforme Données Québec. Je suis emballé par la mise en œuvre du Plan d'action et, surtout, très motivé de "
    "constater tout ce que la transformation numérique gouvernementale nous apporte déjà."
)
SEED_HIGHLIGHTS = (
    "En juin 2019, l'État dévoilait la Stratégie de transformation numérique gouvernementale 2019-2023, avec "
    "l'objectif d'améliorer son efficience et d'offrir des services publics plus intuitifs, sécuritaires et faciles "
    "d'utilisation pour la population. La Stratégie présente six grandes ambitions autour desquelles se déclinent "
    "des mesures concrètes qui favorisent le succès du virage numérique.",
    "En septembre 2019, le gouvernement mettait en place la plateforme Consultation Québec afin que la population "
    "puisse prendre part plus facilement et instinctivement à ses processus de consultation publique en ligne, en "
    "vue de l'élaboration de ses politiques et de ses stratégies.",
    "En décembre 2019, le gouvernement lançait le Tableau de bord de la performance des ministères afin de mesurer "
    "et de rendre accessibles au public les récentes données quant à la façon dont tous les ministères performent "
    "en fonction de leur mission et de leurs objectifs.",
    "En octobre 2020, le gouvernement du Québec a adhéré au programme local du Partenariat pour un gouvernement "
    "ouvert. Cette organisation d'envergure internationale regroupe 78 pays et 76 gouvernements locaux. Ses "
    "différents États membres collaborent à l'élaboration de plans d'action qui favorisent des gouvernements plus "
    "transparents, inclusifs et participatifs",
)
SEED_PARAGRAPHS = (
    "<p>Ce plan d'action, le premier depuis que le Québec s'est joint au Partenariat pour un gouvernement ouvert, "
    "en octobre 2020, se base sur les quatre volets qui définissent un gouvernement ouvert :</p>"
    "<ul>"
    "<li>La transparence, par la diffusion proactive de données ouvertes auprès de la population;</li>"
    "<li>La participation, qui permet au public de prendre part aux processus décisionnels de l'État pour en "
    "améliorer la qualité;</li>"
    "<li>L'innovation, qui favorise la démocratisation de l'accès aux technologies auprès du public;</li>"
    "<li>La collaboration entre les acteurs gouvernementaux et la population, pour améliorer la qualité des "
    "services publics.</li>"
    "</ul>",
    "<p>Le Plan d'action vise la réalisation de cinq engagements qui accéléreront la transformation numérique "
    "gouvernementale : démocratiser les données ouvertes, favoriser le libre accès immédiat aux articles "
    "scientifiques financés par les Fonds de recherche du Québec, améliorer les consultations publiques numériques, "
    "proposer un nouveau processus de microacquisition en ressources informationnelles et, finalement, outiller le "
    "personnel de l'État quant à l'utilisation du logiciel libre.</p>",
    "<p>Pour élaborer le Plan d'action, le Secrétariat du Conseil du trésor s'est appuyé sur les travaux du Comité "
    "en gouvernement ouvert, lequel est composé de représentantes et de représentants de la société civile et "
    "d'organismes publics.</p>",
)
SEED_LINK = {
    "text": "Pour en savoir plus sur le Plan d'action favorisant un gouvernement ouvert 2021-2023 ou pour le consulter",
    "url": "https://www.quebec.ca/gouvernement/gouvernement-ouvert/mettre-en-oeuvre/plan-action-favorisant-gouvernement-ouvert-2021-2023",
}
SEED_SOURCE = "Cabinet du ministre délégué à la Transformation numérique gouvernementale"


def seed_draft(now: dt.datetime) -> ArticleDraft:
    """The article of the publisher's own page, word for word."""
    body: list[tuple[str, Any]] = [("paragraph", text) for text in SEED_PARAGRAPHS]
    body.append(
        (
            "quote",
            {"quote": SEED_QUOTE, "speaker": "Éric Caire", "role": "ministre de la Cybersécurité et du Numérique"},
        )
    )
    body.append(("highlights", {"title": "Faits saillants", "items": list(SEED_HIGHLIGHTS)}))
    body.append(("link", dict(SEED_LINK)))
    published_at = timezone.localtime(now - dt.timedelta(days=2)).replace(hour=6, minute=30, second=0, microsecond=0)
    return ArticleDraft(
        title=SEED_TITLE,
        lead=SEED_LEAD,
        body=body,
        source=SEED_SOURCE,
        edition_tag="",
        section_slug=SEED_SECTION_SLUG,
        category_name=SEED_CATEGORY,
        published_at=published_at,
        slug=SEED_SLUG,
    )


def demo_drafts(
    now: dt.datetime, count: int = DEMO_ARTICLE_COUNT, numbering: DecreeNumbering | None = None
) -> list[ArticleDraft]:
    """Articles over the last months, every rubrique and every category covered, oldest first.

    With a `numbering`, the decrees they explain are numbered for the register (`load_demo_weeks`).
    """
    rng = random.Random(DEMO_SEED)
    writer = ArticleWriter(rng, numbering)
    drafts = []
    for number in range(count):
        section = SECTIONS[number % len(SECTIONS)]
        topic = TOPICS[number % len(TOPICS)]
        days_ago = 3 + (DEMO_WINDOW_DAYS - 3) * (count - number) / count + rng.random()
        published_at = timezone.localtime(now - dt.timedelta(days=days_ago)).replace(
            hour=rng.randint(5, 13), minute=rng.choice((0, 15, 30, 45)), second=0, microsecond=0
        )
        drafts.append(writer.write(section, topic, published_at))
    return drafts


# Articles written around the demo register ---------------------------------------------------


@dataclass(frozen=True)
class RegisterQuote:
    member: str  # the Member's slug in the demo register
    text: str


@dataclass(frozen=True)
class RegisterArticle:
    """An article tied to the register: the decrees it explains, the Members it quotes (by position)."""

    section_slug: str
    category_name: str
    title: str
    lead: str
    paragraphs: tuple[str, ...]
    source: str
    decrees: tuple[tuple[int, int], ...] = ()  # (number, year)
    quotes: tuple[RegisterQuote, ...] = ()  # each inserted after the paragraph of the same rank
    published_on: dt.date | None = None  # None: days before the demo's "now"
    days_ago: int = 1


REGISTER_ARTICLES: tuple[RegisterArticle, ...] = (
    RegisterArticle(
        "derriere-les-decrets",
        "Économie",
        "Décret 52-2026 : Investissement Québec prêtera jusqu'à 12 M$ à une usine de Victoriaville",
        "Par le décret 52-2026, publié dans la Gazette officielle du Québec du 4 février 2026, le gouvernement "
        "mandate Investissement Québec pour consentir un prêt d'au plus 12 000 000 $ à Fabrication Bois-Francs inc.",
        (
            "Le décret a été pris le 21 janvier sur la recommandation du ministre de l'Économie, de l'Innovation et "
            "de l'Énergie, en vertu de la Loi concernant Investissement Québec.",
            "Le prêt doit financer l'agrandissement de l'usine de Victoriaville, où l'entreprise prévoit ajouter "
            "une ligne de production de composants d'armoires et une soixantaine d'emplois d'ici deux ans.",
            "Le décret fixe un terme de dix ans et prévoit un moratoire de remboursement du capital pendant les "
            "deux premières années; les intérêts sont payables dès le premier versement.",
            "Le mandat est confié à Investissement Québec à même les sommes du Fonds du développement économique.",
        ),
        "Gazette officielle du Québec",
        decrees=((52, 2026),),
        quotes=(
            RegisterQuote(
                "pierre-luc-gervais",
                "Ce projet consolide un employeur important du Centre-du-Québec et prépare l'usine à exporter "
                "davantage : c'est exactement le type d'investissement que nous voulons voir en région.",
            ),
        ),
        published_on=dt.date(2026, 2, 4),
    ),
    RegisterArticle(
        "derriere-les-decrets",
        "Économie",
        "Décret 136-2026 : 7,25 M$ pour une usine de granules au Saguenay–Lac-Saint-Jean",  # noqa: RUF001 - official spelling
        "Le décret 136-2026, paru à la Gazette officielle du Québec le 18 février 2026, accorde une aide financière "
        "maximale de 7 250 000 $ à Biomasse Boréale inc. pour un projet de production de granules de bois.",
        (
            "Le décret a été pris le 4 février sur la recommandation conjointe des ministres de l'Économie et des "
            "Ressources naturelles, en vertu de la Loi concernant Investissement Québec.",
            "L'usine doit transformer les résidus de coupe et de sciage de la région en granules destinées au "
            "chauffage institutionnel, au Québec et dans le nord-est des États-Unis.",
            "L'aide prend la forme d'une contribution remboursable sur huit ans, dont une partie pourra être "
            "convertie en subvention si l'entreprise atteint ses cibles d'emploi.",
        ),
        "Gazette officielle du Québec",
        decrees=((136, 2026),),
        quotes=(
            RegisterQuote(
                "julie-tardif",
                "Chaque tonne de résidus qu'on valorise ici, c'est de la valeur ajoutée qui reste dans nos "
                "communautés forestières.",
            ),
        ),
        published_on=dt.date(2026, 2, 18),
    ),
    RegisterArticle(
        "derriere-les-decrets",
        "Affaires municipales",
        "Logement social : une entente avec Trois-Rivières et de nouvelles règles d'attribution",
        "Deux décrets publiés dans la Gazette officielle du Québec, le 58-2026 et le 127-2026, encadrent le "
        "financement de logements abordables à Trois-Rivières et l'attribution des habitations à loyer modique.",
        (
            "Le décret 58-2026 approuve l'entente entre le gouvernement et la Ville de Trois-Rivières relative au "
            "financement de logements abordables; la Ville s'engage à en faire démarrer la construction d'ici 2027.",
            "Le décret 127-2026 modifie le Règlement sur l'attribution des logements à loyer modique : les "
            "personnes victimes de violence conjugale y obtiennent une priorité élargie.",
            "Les offices d'habitation disposent de six mois pour adapter leurs listes d'admissibilité.",
        ),
        "Gazette officielle du Québec",
        decrees=((58, 2026), (127, 2026)),
        quotes=(
            RegisterQuote(
                "stephanie-caron",
                "Les villes qui veulent bâtir trouveront en nous un partenaire : Trois-Rivières montre la voie.",
            ),
        ),
        published_on=dt.date(2026, 2, 18),
    ),
    RegisterArticle(
        "ce-quils-ont-dit",
        "Affaires municipales",
        "Logement abordable : échanges vifs au Salon bleu",
        "La pénurie de logements abordables a de nouveau occupé la période des questions, où la ministre des "
        "Affaires municipales a défendu le rythme des mises en chantier.",
        (
            "L'échange a eu lieu lors de la période des questions et réponses orales, à l'Assemblée nationale.",
            "La cheffe de l'opposition officielle a réclamé un échéancier pour les 8 000 logements promis.",
            "Québec solidaire a pour sa part demandé un gel des loyers pour l'année qui vient.",
        ),
        "Assemblée nationale — Journal des débats",
        quotes=(
            RegisterQuote(
                "stephanie-caron",
                "Les ententes signées avec les villes donnent des résultats : jamais autant de logements "
                "abordables n'ont été mis en chantier en une seule année.",
            ),
            RegisterQuote(
                "catherine-lalonde",
                "Les familles n'habitent pas dans des annonces : elles attendent des clés, et la ministre "
                "n'a toujours pas d'échéancier à leur donner.",
            ),
            RegisterQuote(
                "emilie-tremblay-roy",
                "Un gel des loyers d'un an, c'est le minimum pour que des gens ne se retrouvent pas à la rue "
                "le 1er juillet.",
            ),
        ),
        days_ago=1,
    ),
    RegisterArticle(
        "ce-quils-ont-dit",
        "Finances publiques",
        "Mise à jour économique : la ministre des Finances défend sa prudence",
        "En commission parlementaire, la ministre des Finances a défendu le rythme de retour à l'équilibre "
        "budgétaire devant une opposition qui réclame des baisses d'impôt.",
        (
            "La ministre comparaissait devant la Commission des finances publiques pour l'étude de la mise à jour.",
            "Le Parti québécois a plaidé pour une révision de la péréquation et des transferts en santé.",
            "Le débat se poursuit la semaine prochaine avec l'étude des crédits.",
        ),
        "Assemblée nationale — Commission des finances publiques",
        quotes=(
            RegisterQuote(
                "nathalie-berube",
                "Revenir à l'équilibre n'est pas une fin en soi : c'est ce qui nous permettra de financer les "
                "services publics sans refiler la facture à nos enfants.",
            ),
            RegisterQuote(
                "jerome-saint-onge",
                "La ministre parle de prudence; les Québécois, eux, voient des services qui reculent et un "
                "fédéral qui garde l'argent.",
            ),
        ),
        days_ago=4,
    ),
)


def register_drafts(now: dt.datetime) -> list[ArticleDraft]:
    """The articles tied to the demo register; the register is entered first if it is not there yet."""
    load_demo_register()
    members = {member.slug: member for member in Member.objects.all()}
    drafts = []
    for spec in REGISTER_ARTICLES:
        if spec.published_on is None:
            day = timezone.localtime(now - dt.timedelta(days=spec.days_ago))
        else:
            # The morning its decrees reach readers, but never after the demo's "now".
            morning = dt.datetime.combine(spec.published_on, dt.time(6, 30), tzinfo=timezone.get_current_timezone())
            day = min(morning, timezone.localtime(now - dt.timedelta(hours=1)))
        published_at = day.replace(hour=min(day.hour, 6), minute=30, second=0, microsecond=0)
        decrees = tuple(
            decree
            for number, year in spec.decrees
            if (decree := Decree.objects.numbered(DecreeNumber(number, year)).first()) is not None
        )
        body: list[tuple[str, Any]] = []
        for rank, text in enumerate(spec.paragraphs):
            body.append(("paragraph", _paragraph(text)))
            if rank < len(spec.quotes) and (member := members.get(spec.quotes[rank].member)) is not None:
                body.append(("quote", _member_quote(member, spec.quotes[rank].text, published_at.date())))
        drafts.append(
            ArticleDraft(
                title=spec.title,
                lead=spec.lead,
                body=body,
                source=spec.source,
                edition_tag="LCP",
                section_slug=spec.section_slug,
                category_name=spec.category_name,
                published_at=published_at,
                decrees=decrees,
            )
        )
    return drafts


def _member_quote(member: Member, text: str, day: dt.date) -> dict[str, Any]:
    """A quote block naming `member`, with the role they held that day as the register prints it."""
    role = MemberRole.objects.current(on=day).filter(member=member).exclude(title="").order_by("-started_on").first()
    described = role.title if role else f"{member.riding} ({member.party_label})"
    return {"quote": text, "member": member, "speaker": member.full_name, "role": described}


def ensure_home(site_url: str) -> HomePage:
    """The home page, made the root of the default site; Wagtail's welcome page goes."""
    home = HomePage.objects.first()
    if home is None:
        home = HomePage(title=HOME_TITLE, slug=HOME_SLUG, intro=HOME_INTRO)
        Page.get_first_root_node().add_child(instance=home)
        home.save_revision().publish()
    parts = urlsplit(site_url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"root_page": home, "hostname": parts.hostname or "localhost", "port": port, "site_name": HOME_TITLE},
    )
    plain_page = ContentType.objects.get_for_model(Page)
    Page.objects.filter(depth=2, content_type=plain_page).delete()
    return home


def ensure_sections(home: HomePage) -> dict[str, SectionPage]:
    existing = {page.slug: page for page in SectionPage.objects.child_of(home)}
    for spec in SECTIONS:
        if spec.slug not in existing:
            page = SectionPage(title=spec.title, slug=spec.slug, intro=spec.intro, show_in_menus=True)
            home.add_child(instance=page)
            page.save_revision().publish()
            existing[spec.slug] = page
    forget_shared_copies()
    return existing


def ensure_categories() -> dict[str, Category]:
    categories = {}
    for topic in TOPICS:
        category, _ = Category.objects.get_or_create(slug=slugify(topic.category), defaults={"name": topic.category})
        categories[topic.category] = category
    return categories


def _unique_slug(draft: ArticleDraft, taken: set[str]) -> str:
    base = draft.slug or slugify(draft.title)[:SLUG_LENGTH].strip("-")
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    taken.add(slug)
    return slug


def publish_article(
    section: SectionPage, category: Category, draft: ArticleDraft, *, owner: AbstractBaseUser | None = None
) -> ArticlePage:
    """Adds one live article through Wagtail, dated as written, with the revision it was published from."""
    article = ArticlePage(
        title=draft.title,
        slug=draft.slug,
        lead=draft.lead,
        body=draft.body,
        source=draft.source,
        edition_tag=draft.edition_tag,
        category=category,
        published_at=draft.published_at,
        first_published_at=draft.published_at,
        last_published_at=draft.published_at,
        owner=owner,
        live=True,
    )
    # Set before the first save, so that the revision holds them too.
    article.decree_links = [ArticleDecree(decree=decree) for decree in draft.decrees]
    section.add_child(instance=article)
    article.live_revision = article.save_revision(user=owner, changed=False, clean=False)
    Page.objects.filter(pk=article.pk).update(live_revision=article.live_revision)
    return article


def index_articles(articles: Sequence[ArticlePage]) -> None:
    """Adds articles to every search backend and to site search at once, rather than one task per save."""
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(ArticlePage, list(articles))
    index_articles_for_search(articles)  # after the backends: their body_text is computed once


@dataclass(frozen=True)
class DemoContent:
    home: HomePage
    sections: dict[str, SectionPage]
    categories: dict[str, Category]
    articles: list[ArticlePage]


@transaction.atomic
def build_demo_content(
    *, site_url: str, owner: AbstractBaseUser | None = None, now: dt.datetime | None = None
) -> DemoContent:
    """The whole demo site: home, rubriques, categories, the seed article and the generated ones."""
    now = now or timezone.now()
    home = ensure_home(site_url)
    sections = ensure_sections(home)
    categories = ensure_categories()
    taken: dict[str, set[str]] = {
        slug: set(ArticlePage.objects.child_of(page).values_list("slug", flat=True)) for slug, page in sections.items()
    }
    load_demo_register()
    numbering = DecreeNumbering(DecreeNumber(*pair) for pair in Decree.objects.values_list("number", "year"))
    drafts = [*demo_drafts(now, numbering=numbering), seed_draft(now), *register_drafts(now)]
    _enter_the_weeks(drafts, now, numbering)
    articles = []
    for draft in drafts:
        draft.slug = _unique_slug(draft, taken[draft.section_slug])
        section = sections[draft.section_slug]
        articles.append(publish_article(section, categories[draft.category_name], draft, owner=owner))
    index_articles(articles)
    for article in articles:
        # Published without Wagtail's signal (and its task): index the Members' quotes here.
        index_member_quotes(article=article)
    forget_shared_copies()
    return DemoContent(home=home, sections=sections, categories=categories, articles=articles)


def _enter_the_weeks(drafts: list[ArticleDraft], now: dt.datetime, numbering: DecreeNumbering) -> None:
    """The Gazette issues of the demo's weeks, holding the decrees the drafts cite, which then link to them."""
    cited = [decree for draft in drafts for decree in draft.cited]
    today = timezone.localdate(now)
    load_demo_weeks(today - dt.timedelta(days=DEMO_WINDOW_DAYS), today, cited=cited, numbering=numbering)
    entered = {
        (decree.number, decree.year): decree
        for decree in Decree.objects.filter(year__in={cite.number.year for cite in cited})
    }
    for draft in drafts:
        found = [entered.get((cite.number.number, cite.number.year)) for cite in draft.cited]
        draft.decrees += tuple(decree for decree in found if decree is not None)


ProgressCallback = Callable[[int, int], None]


class ArchiveRow(NamedTuple):
    """One archive article as its writer hands it over: plain data, cheap to pass from process to process."""

    section: int  # rank in the plan's rubriques
    title: str
    slug: str  # before the step that makes it unique in its rubrique
    lead: str
    body: str  # the body's stored form (StreamField JSON)
    body_text: str  # what search indexes of it (`ArticlePage.body_text`), extracted here rather than by the inserter
    source: str
    edition_tag: str
    category_name: str
    published_at: dt.datetime


@dataclass(frozen=True)
class ArchivePlan:
    """What archive articles are drawn from; article number n is the same whichever process writes it."""

    sections: tuple[SectionSpec, ...]
    topics: tuple[Topic, ...]
    newest: dt.datetime
    span_seconds: int


def write_archive_rows(plan: ArchivePlan, first: int, count: int) -> list[ArchiveRow]:
    """Archive articles number `first` to `first + count - 1`, each drawn from its own seed."""
    rng = random.Random()
    writer = ArticleWriter(rng)
    body_field = ArticlePage._meta.get_field("body")
    rows = []
    for number in range(first, first + count):
        rng.seed(ARCHIVE_SEED * 1_000_000_000 + number)
        section = rng.randrange(len(plan.sections))
        published_at = plan.newest - dt.timedelta(seconds=rng.randrange(plan.span_seconds))
        draft = writer.write(plan.sections[section], rng.choice(plan.topics), published_at, full=False)
        body = _stored_body(draft.body, rng)
        rows.append(
            ArchiveRow(
                section=section,
                title=draft.title,
                slug=slugify(draft.title)[:SLUG_LENGTH].strip("-"),
                lead=draft.lead,
                body=body,
                body_text=ArticlePage.text_of_body(body_field.to_python(body)),
                source=draft.source,
                edition_tag=draft.edition_tag,
                category_name=draft.category_name,
                published_at=published_at,
            )
        )
    return rows


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _stored_body(body: list[tuple[str, Any]], rng: random.Random) -> str:
    """The body as StreamField stores it, block ids drawn from `rng` so that the archive is reproducible."""
    return json.dumps([{"type": kind, "value": value, "id": str(_uuid(rng))} for kind, value in body])


def add_archive_articles(
    count: int,
    *,
    owner: AbstractBaseUser | None = None,
    now: dt.datetime | None = None,
    chunk_size: int = ARCHIVE_CHUNK_SIZE,
    workers: int | None = None,
    progress: ProgressCallback | None = None,
) -> int:
    """Adds `count` live articles spread over the archive's years, in bulk, and indexes only those.

    Rows are inserted set-based (no model save, no revision, no signal) with tree
    paths computed here, one transaction per chunk, while `workers` other
    processes write the next chunks' text. Article number n (counting those
    already there) is the same for a given `now`, whatever the chunks or workers.
    """
    now = now or timezone.now()
    sections = archive_sections()
    categories = {category.name: category for category in Category.objects.all()}
    plan = archive_plan(now, sections)
    first = ArticlePage.objects.count()
    chunks = [(first + start, min(chunk_size, count - start)) for start in range(0, count, chunk_size)]
    if workers is None:
        workers = archive_workers() if len(chunks) > 1 else 0
    blank = _blank_article(owner)
    done = 0
    with _bulk_load_session(), closing(_written_chunks(plan, chunks, workers)) as written:
        for rows in written:
            _insert_chunk([(sections[row.section], row) for row in rows], categories, blank)
            gc.collect(1)  # what this chunk left behind (see _bulk_load_session)
            done += len(rows)
            if progress:
                progress(done, count)
    forget_shared_copies()
    return done


def archive_sections() -> list[SectionPage]:
    """The demo's live rubriques, in the order of the plan's."""
    slugs = {spec.slug for spec in SECTIONS}
    return [page for page in SectionPage.objects.live().order_by("path") if page.slug in slugs]


def archive_plan(now: dt.datetime, sections: list[SectionPage] | None = None) -> ArchivePlan:
    """What archive articles are drawn from: `sections` (the demo's live rubriques unless given), topics, dates."""
    specs = {spec.slug: spec for spec in SECTIONS}
    categories = set(Category.objects.values_list("name", flat=True))
    newest = now - dt.timedelta(days=DEMO_WINDOW_DAYS)
    return ArchivePlan(
        sections=tuple(specs[page.slug] for page in (archive_sections() if sections is None else sections)),
        topics=tuple(topic for topic in TOPICS if topic.category in categories),
        newest=newest,
        span_seconds=int((newest - (now - dt.timedelta(days=365 * ARCHIVE_YEARS))).total_seconds()),
    )


def archive_workers() -> int:
    """Processes writing text while this one inserts: every core but one."""
    return max(1, (os.cpu_count() or 1) - 1)


def _written_chunks(plan: ArchivePlan, chunks: list[tuple[int, int]], workers: int) -> Iterator[list[ArchiveRow]]:
    """Each chunk's rows, in order; with workers, written in other processes a few chunks ahead."""
    if not workers:
        for first, count in chunks:
            yield write_archive_rows(plan, first, count)
        return
    # Forked, the workers have Django's settings without a new start-up; they never touch the database.
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        pending: deque[Future[list[ArchiveRow]]] = deque()
        for first, count in chunks:
            pending.append(pool.submit(write_archive_rows, plan, first, count))
            if len(pending) > workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


@contextmanager
def _bulk_load_session() -> Iterator[None]:
    """For the load only: the garbage collector runs once a chunk, and SQLite skips syncs and keeps a large cache.

    Left to itself, the collector rescans the chunk's articles every few hundred
    allocations: a third of the insert's time. SQLite's settings are this
    connection's, restored at the end; a crash of the machine mid-load can lose
    the last chunks, never corrupt the file.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        with _sqlite_bulk_pragmas():
            yield
    finally:
        if collecting:
            gc.enable()


@contextmanager
def _sqlite_bulk_pragmas() -> Iterator[None]:
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        # Inside a caller's transaction (a test's), SQLite refuses to change them, and commits are the caller's.
        yield
        return
    pragmas = {"synchronous": "OFF", "cache_size": "-262144", "temp_store": "MEMORY"}
    with connection.cursor() as cursor:
        saved = {name: cursor.execute(f"PRAGMA {name}").fetchone()[0] for name in pragmas}
        for name, value in pragmas.items():
            cursor.execute(f"PRAGMA {name} = {value}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for name, value in saved.items():
                cursor.execute(f"PRAGMA {name} = {value}")


def _blank_article(owner: AbstractBaseUser | None) -> ArticlePage:
    """What every archive article shares, as a model instance to copy."""
    return ArticlePage(
        numchild=0,
        content_type=ContentType.objects.get_for_model(ArticlePage),
        locale=Locale.get_default(),
        owner_id=getattr(owner, "pk", None),
        live=True,
        listed=True,
        has_unpublished_changes=False,
    )


def _archive_article(
    blank: ArticlePage, section: SectionPage, step: int, row: ArchiveRow, category: Category
) -> ArticlePage:
    # Model.__init__ costs 0.2 ms an article (modelcluster looks for child relations each time); a copy, 0.03 ms.
    article = copy.copy(blank)
    slug = f"{row.slug}-{step}"
    article.path = Page._get_path(section.path, section.depth + 1, step)
    article.depth = section.depth + 1
    article.title = article.draft_title = row.title
    article.slug = slug
    article.url_path = f"{section.url_path}{slug}/"
    # Random, not drawn from the seed: article numbers repeat once archive articles are deleted.
    article.translation_key = uuid.uuid4()
    article.first_published_at = article.last_published_at = row.published_at
    article.latest_revision_created_at = article.published_at = row.published_at
    article.category = category
    article.section_page_id = section.pk
    article.edition_tag = row.edition_tag
    article.lead = row.lead
    article.body = row.body
    article.__dict__["body_text"] = row.body_text  # the cached property, already computed by the writer
    article.source = row.source
    return article


def _next_steps(sections: Iterable[SectionPage]) -> dict[int, int]:
    """The last child step under each section concerned, read once per chunk."""
    steps = {}
    for section in {section.pk: section for section in sections}.values():
        # A range on the indexed path, not LIKE (path__startswith), which SQLite answers by reading every page.
        last = (
            Page.objects.filter(
                path__gt=section.path, path__lte=section.path + "Z" * Page.steplen, depth=section.depth + 1
            )
            .order_by("-path")
            .values_list("path", flat=True)
            .first()
        )
        steps[section.pk] = Page._str2int(last[-Page.steplen :]) if last else 0
    return steps


@transaction.atomic
def _insert_chunk(
    rows: list[tuple[SectionPage, ArchiveRow]], categories: dict[str, Category], blank: ArticlePage
) -> None:
    if connection.vendor == "postgresql":
        # Only this transaction's commit waits for no disk flush: a crash can lose it, never corrupt anything.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
    steps = _next_steps(section for section, _ in rows)
    articles = []
    for section, row in rows:
        steps[section.pk] += 1
        articles.append(_archive_article(blank, section, steps[section.pk], row, categories[row.category_name]))
    _insert_pages(articles, blank)
    for section_pk, number in Counter(section.pk for section, _ in rows).items():
        Page.objects.filter(pk=section_pk).update(numchild=F("numchild") + number)
    index_articles(articles)


def _insert_pages(articles: list[ArticlePage], blank: ArticlePage) -> None:
    """Inserts the page rows, reads their ids back by path, then inserts the article rows: every concrete field."""
    _insert_rows(Page, [field for field in Page._meta.concrete_fields if not field.primary_key], articles, blank)
    # Each rubrique's new articles hold consecutive steps: one range of paths a rubrique.
    ranges: dict[str, list[str]] = {}
    for article in articles:
        ranges.setdefault(article.path[: -Page.steplen], []).append(article.path)
    inserted = Q()
    for paths in ranges.values():
        inserted |= Q(path__gte=min(paths), path__lte=max(paths))
    ids = dict(Page.objects.filter(inserted, depth=articles[0].depth).values_list("path", "id"))
    for article in articles:
        article.id = article.page_ptr_id = ids[article.path]
        article._state.adding = False
    _insert_rows(ArticlePage, ArticlePage._meta.local_concrete_fields, articles, blank)


def _insert_rows(
    model: type[Page], fields: Sequence[Field[Any, Any]], articles: list[ArticlePage], blank: ArticlePage
) -> None:
    """One INSERT for many rows (COPY on PostgreSQL with psycopg 3), values prepared as Django saves them."""
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    rows = _prepared_rows(fields, articles, blank)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and hasattr(cursor.cursor, "copy"):
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)  # noqa: S608 - identifiers from model metadata


def _prepared_rows(
    fields: Sequence[Field[Any, Any]], articles: list[ArticlePage], blank: ArticlePage
) -> list[list[Any]]:
    """Each article's column values as Django would save them.

    What an article still shares with the blank it was copied from is prepared
    once for all; an article's date, held in several date-time columns, once per article.
    """
    database = connections[DEFAULT_DB_ALIAS]
    columns = []
    for field in fields:
        value = field.pre_save(blank, add=True)
        columns.append((field, value, field.get_db_prep_save(value, connection=database)))
    rows = []
    for article in articles:
        row = []
        dates: dict[int, Any] = {}
        for field, blank_value, blank_prepared in columns:
            value = field.pre_save(article, add=True)
            if value is blank_value:
                row.append(blank_prepared)
            elif isinstance(field, DateTimeField):
                if id(value) not in dates:
                    dates[id(value)] = field.get_db_prep_save(value, connection=database)
                row.append(dates[id(value)])
            else:
                row.append(field.get_db_prep_save(value, connection=database))
        rows.append(row)
    return rows
