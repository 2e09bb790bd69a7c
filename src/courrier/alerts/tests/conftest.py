"""An issue of the Gazette (Wednesday 13 February 2019) with five decrees of three ministries, and readers."""

from __future__ import annotations

import datetime
import email
from email import policy

import pytest

from courrier.editions.models import Publication
from courrier.licensing.factories import ReaderFactory, make_subscriber
from courrier.parliament.factories import DecreeFactory, GazetteIssueFactory, MinistryFactory
from courrier.parliament.models import DecreeCategory

ISSUE_DAY = datetime.date(2019, 2, 13)
MADE_ON = datetime.date(2019, 1, 30)


@pytest.fixture
def alerte(db):
    return Publication.objects.get(key="alerte-decrets")


@pytest.fixture
def ministries(db):
    return {
        "sante": MinistryFactory(name="Ministère de la Santé et des Services sociaux", acronym="MSSS"),
        "finances": MinistryFactory(name="Ministère des Finances", acronym="FIN"),
        "environnement": MinistryFactory(
            name="Ministère de l'Environnement et de la Lutte contre les changements climatiques", acronym="MELCC"
        ),
    }


@pytest.fixture
def issue(db):
    return GazetteIssueFactory(published_on=ISSUE_DAY, volume=151, number=7)


@pytest.fixture
def decrees(issue, ministries):
    def decree(number, title, category, chosen, statute=""):
        return DecreeFactory(
            number=number,
            year=2019,
            made_on=MADE_ON,
            title=title,
            category=category,
            enabling_statute=statute,
            gazette_issue=issue,
            page=100 + number,
            ministries=[ministries[key] for key in chosen],
        )

    return {
        "travail": decree(
            101,
            "Règlement modifiant le Règlement sur la santé et la sécurité du travail",
            DecreeCategory.REGULATION,
            ["sante"],
            "Loi sur la santé et la sécurité du travail (chapitre S-2.1)",
        ),
        "nomination": decree(
            102,
            "Concernant la nomination d'un membre du conseil d'administration d'Investissement Québec",
            DecreeCategory.APPOINTMENT,
            ["finances"],
        ),
        "atmosphere": decree(
            103,
            "Règlement concernant l'assainissement de l'atmosphère",
            DecreeCategory.REGULATION,
            ["environnement"],
            "Loi sur la qualité de l'environnement (chapitre Q-2)",
        ),
        "hopital": decree(
            104,
            "Concernant l'octroi d'une aide financière à l'Hôpital de l'Enfant-Jésus",
            DecreeCategory.FINANCIAL_AID,
            ["finances", "sante"],
        ),
        "emploi": decree(
            105,
            "Concernant l'entrée en vigueur de la Loi favorisant l'emploi des jeunes",
            DecreeCategory.COMMENCEMENT,
            ["finances"],
        ),
    }


@pytest.fixture
def mcn(db):
    return make_subscriber()


@pytest.fixture
def make_reader(mcn):
    def make(**kwargs):
        return ReaderFactory(organization=kwargs.pop("organization", mcn), **kwargs)

    return make


def parsed(message) -> email.message.EmailMessage:
    return email.message_from_bytes(message.message().as_bytes(), policy=policy.default)


def composed(rendering, decree_ids):
    """A variant's message as mailing composes it (what every reader of that variant is sent)."""
    from courrier.mailing.message import CampaignMessage
    from courrier.mailing.models import Campaign, CampaignVariant

    variant = rendering.variant(1, decree_ids)
    campaign = Campaign(pk=1, subject=rendering.subject, html=rendering.html, text=rendering.text, list_key="x")
    row = CampaignVariant(
        number=1, subject=variant.subject, sections=list(variant.sections), replacements=dict(variant.replacements)
    )
    return CampaignMessage(campaign, row)
