"""The register: numbers unique within their year, dates that agree, how a decree is named, who is minister when."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from courrier.parliament.actions import add_decree, add_gazette_issue, assign_member_role, end_member_role
from courrier.parliament.decree_numbers import DecreeNumber
from courrier.parliament.factories import (
    DecreeFactory,
    GazetteIssueFactory,
    MemberFactory,
    MemberRoleFactory,
    MinistryFactory,
)
from courrier.parliament.models import Decree, DecreeCategory, GazetteIssue, Member, MemberRoleKind, Ministry

pytestmark = pytest.mark.django_db

D = datetime.date
JUNE_29_2022 = D(2022, 6, 29)


def enter(number: str = "1329-2022", made_on: D = JUNE_29_2022, **fields) -> Decree:
    fields.setdefault("ministries", [MinistryFactory()])
    return add_decree(
        number=number,
        made_on=made_on,
        title="Concernant la nomination d'une membre du conseil d'administration",
        category=DecreeCategory.APPOINTMENT,
        **fields,
    )


def messages(error: ValidationError) -> dict[str, list[str]]:
    return error.message_dict


# Numbers -------------------------------------------------------------------------------------


def test_a_number_is_unique_within_its_year_with_a_french_message():
    enter("1329-2022")

    with pytest.raises(ValidationError) as refused:
        enter("1329–2022", made_on=D(2022, 7, 6))  # noqa: RUF001 - en dash, as pasted
    assert messages(refused.value) == {"number": ["Le décret 1329-2022 est déjà inscrit au registre."]}
    assert Decree.objects.count() == 1


def test_the_same_number_in_another_year_is_another_decree():
    enter("1329-2022")
    enter("1329-2023", made_on=D(2023, 6, 28))

    assert sorted(Decree.objects.values_list("number", "year")) == [(1329, 2022), (1329, 2023)]


def test_the_database_refuses_a_duplicate_that_skipped_validation():
    DecreeFactory(number=12, year=2026)
    with pytest.raises(IntegrityError), transaction.atomic():
        DecreeFactory(number=12, year=2026)


def test_a_legacy_number_is_entered_with_its_four_digit_year():
    decree = enter("812-95", made_on=D(1995, 6, 21))
    assert (decree.number, decree.year, decree.formatted_number) == (812, 1995, "812-1995")


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("pas un numéro", "n'est pas un numéro de décret"),
        ("0-2022", "Le numéro d'un décret va de 1 à 9999."),
        ("12-1950", "L'année d'un décret doit être comprise entre 1968 et"),
    ],
)
def test_a_bad_number_is_refused_in_french(number, message):
    with pytest.raises(ValidationError) as refused:
        enter(number)
    assert message in messages(refused.value)["number"][0]
    assert not Decree.objects.exists()


@pytest.mark.parametrize(("number", "year"), [(0, 2022), (10_000, 2022), (5, 1967), (5, 2100)])
def test_the_fields_validate_number_and_year_too(number, year):
    decree = DecreeFactory.build(number=number, year=year, made_on=D(2022, 6, 29))
    with pytest.raises(ValidationError) as refused:
        decree.full_clean(exclude=["made_on"])
    assert set(messages(refused.value)) & {"number", "year"}


# Dates ---------------------------------------------------------------------------------------


def test_made_on_falls_in_the_decrees_year():
    with pytest.raises(ValidationError) as refused:
        enter("1-2023", made_on=D(2022, 12, 28))
    assert messages(refused.value) == {
        "made_on": ["Un décret numéroté en 2023 est pris en 2023\u00a0: le 28 décembre 2022 tombe en 2022."]
    }


def test_the_gazette_issue_is_not_dated_before_the_decree():
    early = add_gazette_issue(published_on=D(2022, 6, 22), volume=154, number=25)
    same_day = add_gazette_issue(published_on=D(2022, 6, 29), volume=154, number=26)

    with pytest.raises(ValidationError) as refused:
        enter(gazette_issue=early, page=4502)
    assert "paraît avant que le décret soit pris" in messages(refused.value)["gazette_issue"][0]

    assert enter(gazette_issue=same_day, page=4502).gazette_issue == same_day


def test_a_page_needs_its_issue():
    with pytest.raises(ValidationError) as refused:
        enter(page=12)
    assert list(messages(refused.value)) == ["page"]


def test_at_least_one_recommending_ministry():
    with pytest.raises(ValidationError) as refused:
        enter(ministries=[])
    assert messages(refused.value) == {"ministries": ["Indiquez au moins un ministère recommandant."]}


def test_several_ministries_may_recommend_one_decree():
    finances, treasury = MinistryFactory(acronym="FIN"), MinistryFactory(acronym="SCT")
    decree = enter(ministries=[finances, treasury])
    assert set(decree.ministries.all()) == {finances, treasury}
    assert list(Decree.objects.recommended_by(treasury)) == [decree]


def test_a_gazette_issue_number_is_entered_once():
    add_gazette_issue(published_on=D(2026, 2, 4), volume=158, number=5)
    with pytest.raises(ValidationError) as refused:
        add_gazette_issue(published_on=D(2026, 2, 11), volume=158, number=5)
    assert "Ce numéro de la Gazette est déjà inscrit au registre." in str(refused.value)
    assert GazetteIssue.objects.count() == 1


# Display -------------------------------------------------------------------------------------


def test_display():
    with translation.override("fr-ca"):
        assert enter("1329-2022", made_on=D(2022, 6, 29)).display == "décret 1329-2022 du 29 juin 2022"
        assert str(enter("1-2023", made_on=D(2023, 1, 1))) == "décret 1-2023 du 1er janvier 2023"


def test_an_issue_as_printed():
    issue = GazetteIssueFactory(published_on=D(2026, 2, 4), volume=158, number=5)
    with translation.override("fr-ca"):
        assert str(issue) == "Gazette du 4 février 2026 (158e année, n° 5)"
        assert issue.citation == "Gazette officielle du Québec, Partie 2, 4 février 2026, 158e année, n° 5"


# People --------------------------------------------------------------------------------------


def test_the_minister_of_a_ministry_on_a_date_follows_the_roles():
    finances = MinistryFactory(name="Ministère des Finances", acronym="FIN")
    first, second = MemberFactory(last_name="Côté"), MemberFactory(last_name="Bérubé")
    outgoing = assign_member_role(
        member=first, kind=MemberRoleKind.MINISTER, ministry=finances, started_on=D(2022, 10, 20)
    )
    end_member_role(role=outgoing, last_day=D(2025, 9, 10))  # the handover day: both hold the role
    incoming = assign_member_role(
        member=second, kind=MemberRoleKind.MINISTER, ministry=finances, started_on=D(2025, 9, 10)
    )
    # A delegate minister for the same ministry never answers for it.
    assign_member_role(
        member=MemberFactory(), kind=MemberRoleKind.DELEGATE_MINISTER, ministry=finances, started_on=D(2023, 1, 1)
    )

    assert Member.objects.minister_of(finances, on=D(2022, 10, 19)) is None
    assert Member.objects.minister_of(finances, on=D(2022, 10, 20)) == first
    assert Member.objects.minister_of(finances, on=D(2025, 9, 9)) == first
    assert Member.objects.minister_of(finances, on=D(2025, 9, 10)) == second
    assert finances.minister_on(D(2026, 2, 1)) == second

    end_member_role(role=incoming, last_day=D(2026, 3, 31))
    assert finances.minister_on(D(2026, 3, 31)) == second
    assert finances.minister_on(D(2026, 4, 1)) is None


def test_the_premier_heads_the_conseil_executif():
    executive = MinistryFactory(name="Ministère du Conseil exécutif", acronym="MCE")
    premier = MemberRoleFactory(kind=MemberRoleKind.PREMIER, ministry=executive, title="premier ministre").member
    assert executive.minister_on(D(2026, 2, 1)) == premier


def test_a_minister_who_lost_their_seat_stays_minister_until_replaced():
    role = MemberRoleFactory(member=MemberFactory(left_office_on=D(2026, 10, 5)))
    assert role.ministry.minister_on(D(2026, 10, 20)) == role.member
    assert not Member.objects.in_office(on=D(2026, 10, 20)).exists()
    assert list(Member.objects.in_office(on=D(2026, 10, 5))) == [role.member]


def test_a_role_or_a_term_never_ends_before_it_starts():
    role = MemberRoleFactory()
    with pytest.raises(ValidationError) as refused:
        end_member_role(role=role, last_day=role.started_on - datetime.timedelta(days=1))
    assert messages(refused.value) == {"ended_on": ["La fin d'une fonction ne peut pas précéder son début."]}

    member = MemberFactory.build(took_office_on=D(2022, 10, 3), left_office_on=D(2022, 10, 2))
    with pytest.raises(ValidationError) as refused:
        member.full_clean()
    assert "La fin du mandat ne peut pas précéder son début." in messages(refused.value)["left_office_on"]


def test_ministry_entry_is_normalised():
    ministry = Ministry(name="Ministère des Finances", acronym=" fin ", email_domain="Finances.Gouv.QC.ca")
    ministry.full_clean()
    assert (ministry.acronym, ministry.slug, ministry.email_domain) == ("FIN", "fin", "finances.gouv.qc.ca")

    bad = Ministry(name="Ministère de l'Essai", acronym="ESS", email_domain="pas un domaine")
    with pytest.raises(ValidationError) as refused:
        bad.full_clean()
    assert list(messages(refused.value)) == ["email_domain"]


def test_queries_by_number_and_publication():
    published = DecreeFactory(number=7, year=2026, published=True)
    draft = DecreeFactory(number=8, year=2026)
    assert list(Decree.objects.numbered(DecreeNumber(7, 2026))) == [published]
    assert list(Decree.objects.published()) == [published]
    assert list(Decree.objects.unpublished()) == [draft]


def test_the_database_refuses_a_decree_made_outside_its_year():
    with pytest.raises(IntegrityError), transaction.atomic():
        DecreeFactory(number=3, year=2026, made_on=D(2025, 12, 31))
