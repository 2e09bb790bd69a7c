"""Deleting a Member in the admin: refused with a message while an article quotes them; their roles go with them."""

from __future__ import annotations

import datetime

import pytest

from courrier.newsroom.factories import ArticlePageFactory
from courrier.newsroom.models import MemberQuote
from courrier.parliament.factories import MemberFactory, MemberRoleFactory, MinistryFactory
from courrier.parliament.models import Member, MemberRole

MEMBERS = "/admin/deputes/"
REFUSED = "Suppression impossible\u00a0: des articles citent ce député."


@pytest.fixture
def admin(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def member(db):
    member = MemberFactory(first_name="Josée", last_name="Pelletier", slug="josee-pelletier")
    MemberRoleFactory(member=member, ministry=MinistryFactory(), started_on=datetime.date(2025, 9, 10))
    return member


def quoting_article(section, category, member):
    return ArticlePageFactory(
        parent=section,
        category=category,
        body=[("quote", {"quote": "Nous agirons.", "member": member, "speaker": "", "role": "ministre"})],
    )


def test_a_member_an_article_quotes_is_kept_and_the_editor_told_why(
    admin, member, section, category, django_capture_on_commit_callbacks
):
    article = quoting_article(section, category, member)
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    response = admin.post(f"{MEMBERS}delete/{member.pk}/")
    assert response.status_code == 302
    assert Member.objects.filter(pk=member.pk).exists()
    assert MemberRole.objects.filter(member=member).exists()
    assert MemberQuote.objects.filter(member=member).exists()
    assert REFUSED in admin.get(MEMBERS).content.decode().replace("&#x27;", "'")


def test_a_member_a_draft_quotes_is_kept_too(admin, member, section, category):
    quoting_article(section, category, member).unpublish()
    admin.post(f"{MEMBERS}delete/{member.pk}/")
    assert Member.objects.filter(pk=member.pk).exists()


def test_a_member_nobody_quotes_is_deleted_with_their_roles(admin, member, section, category):
    ArticlePageFactory(parent=section, category=category)
    response = admin.post(f"{MEMBERS}delete/{member.pk}/")
    assert response.status_code == 302
    assert not Member.objects.filter(pk=member.pk).exists()
    assert not MemberRole.objects.exists()
    assert REFUSED not in admin.get(MEMBERS).content.decode().replace("&#x27;", "'")
