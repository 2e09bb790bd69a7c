"""A campaign in variants: one set of bodies with sections, each reader sent the sections of their variant
under its subject, as the audience assigns them in the snapshot."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db.models import Case, Expression, IntegerField, Value, When

from courrier.licensing.entitlements import reading_token_payload
from courrier.mailing import actions
from courrier.mailing.audiences import register_audience, unregister_audience
from courrier.mailing.message import (
    HTML_SECTION,
    SECTION_MARK,
    TEXT_SECTION,
    CampaignMessage,
    compose,
    placeholder_context,
    scope_campaign,
)
from courrier.mailing.models import Campaign, CampaignStatus, CampaignVariant, Delivery, MailingError
from courrier.mailing.sender import CampaignMessages, Sender
from courrier.mailing.tests.conftest import make_campaign, opted_in

pytestmark = pytest.mark.django_db

AUDIENCE = "lettre-en-versions"
PLACEHOLDERS = placeholder_context()
HTML = (
    "<html><body><p>__INTRO__</p>"
    "<!--section:a--><p><a href='http://testserver/a/?lien={reading_token}'>Item A</a></p>"
    "<!--section:b--><p>Item B</p>"
    "<!--section:c--><p>Item C</p>"
    "<!--section:end--><p>Envoyé à {recipient_email}.</p></body></html>"
).format(**PLACEHOLDERS)
TEXT = (
    "__INTRO__\n{mark}a{mark}Item A http://testserver/a/?lien={reading_token}\n{mark}b{mark}Item B\n"
    "{mark}c{mark}Item C\n{mark}end{mark}Envoyé à {recipient_email}.\n"
).format(mark=SECTION_MARK, **PLACEHOLDERS)
VARIANTS = [
    actions.Variant(number=1, subject="Trois items", sections=["a", "b", "c"], replacements={"__INTRO__": "Tout"}),
    actions.Variant(number=2, subject="Un item", sections=["c"], replacements={"__INTRO__": "Rien que <C> & co"}),
]


def by_address(campaign: Campaign) -> Expression:
    """Readers whose address ends in an even number get variant 2, the others variant 1."""
    even = [When(email__regex=r"[02468]@", then=Value(2))]
    return Case(*even, default=Value(1), output_field=IntegerField())


@pytest.fixture(autouse=True)
def audience() -> Iterator[str]:
    register_audience(AUDIENCE, variant=by_address)(opted_in)
    yield AUDIENCE
    unregister_audience(AUDIENCE)


def campaign_in_variants(**overrides) -> Campaign:
    return make_campaign(**{"audience": AUDIENCE, "html": HTML, "text": TEXT, "variants": VARIANTS, **overrides})


def test_compose_keeps_the_frame_and_the_named_sections_in_the_body_s_order():
    assert compose(HTML, HTML_SECTION, ["c", "a"], {}).count("Item") == 2
    kept = compose(TEXT, TEXT_SECTION, ["c", "a"], {"__INTRO__": "Deux"})
    assert kept.index("Deux") < kept.index("Item A") < kept.index("Item C") < kept.index("Envoyé")
    assert "Item B" not in kept and SECTION_MARK not in kept
    assert compose(TEXT, TEXT_SECTION, None, {}).count("Item") == 3
    assert compose("Sans sections", TEXT_SECTION, ["a"], {}) == "Sans sections"


def test_each_reader_receives_the_subject_and_sections_of_their_variant(people, smtp_sink, clock):
    readers = people(6)
    campaign = campaign_in_variants()
    assert actions.start_campaign(campaign=campaign) == 6
    # One variant's readers are consecutive, so that a worker meets each variant in one stretch.
    assert list(Delivery.objects.filter(campaign=campaign).order_by("pk").values_list("variant", flat=True)) == [
        1,
        1,
        1,
        2,
        2,
        2,
    ]

    Sender(clock=clock).run(campaign.pk)

    received = {str(message["To"]): message for message in smtp_sink.messages}
    assert sorted(received) == sorted(reader.email for reader in readers)
    for reader in readers:
        message = received[reader.email]
        html = message.get_body(preferencelist=("html",)).get_content()
        text = message.get_body(preferencelist=("plain",)).get_content()
        if reader.email[-15] in "02468":
            assert message["Subject"] == "Un item"
            assert "Rien que &lt;C&gt; &amp; co" in html and "Rien que <C> & co" in text
            assert "Item A" not in html + text and "Item C" in html and "Item C" in text
        else:
            assert message["Subject"] == "Trois items"
            assert all(item in html and item in text for item in ("Item A", "Item B", "Item C"))
            token = parse_qs(urlsplit(text.split("Item A ")[1].split()[0]).query)["lien"][0]
            assert reading_token_payload(token) == (reader.pk, f"campaign:{campaign.pk}/1")
        assert f"Envoyé à {reader.email}." in text
        assert "<!--section" not in html and SECTION_MARK not in text
        assert "__INTRO__" not in html + text and "__COURRIER_" not in html + text


def test_a_reader_the_audience_gives_no_known_variant_stops_the_start(people):
    people(2)
    campaign = campaign_in_variants(variants=VARIANTS[:1])  # variant 2 is missing
    with pytest.raises(MailingError):
        actions.start_campaign(campaign=campaign)
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.DRAFT
    assert not Delivery.objects.filter(campaign=campaign).exists()


def test_a_worker_prepares_each_variant_once_and_keeps_only_the_recent_ones(people, django_assert_num_queries):
    people(2)
    campaign = campaign_in_variants()
    messages = CampaignMessages(campaign)
    with django_assert_num_queries(2):  # one per variant, the first time only
        for variant in (1, 2, 1, 2, 2):
            messages.of(variant)
    assert messages.of(2).message.subject == "Un item" and messages.of(None).message.subject == campaign.subject
    few = CampaignMessages(campaign)
    few.KEEP = 2
    for variant in (1, 2, 1, None):
        few.of(variant)
    assert list(few.prepared) == [1, None]  # the least recently used left


def test_a_campaign_without_variants_is_sent_as_written(people, smtp_sink, clock):
    people(2)
    campaign = make_campaign(html=HTML, text=TEXT)
    actions.start_campaign(campaign=campaign)
    Sender(clock=clock).run(campaign.pk)
    assert not CampaignVariant.objects.exists()
    assert set(Delivery.objects.values_list("variant", flat=True)) == {None}
    text = smtp_sink.messages[0].get_body(preferencelist=("plain",)).get_content()
    assert all(item in text for item in ("Item A", "Item B", "Item C")) and SECTION_MARK not in text


@pytest.mark.parametrize(
    ("argument", "named"), [("12", (12, None)), ("12/3", (12, 3)), ("12/", (12, None)), ("x/3", None), ("12/x", None)]
)
def test_a_reading_scope_names_its_campaign_and_variant(argument, named):
    assert scope_campaign(argument) == named


def test_the_variant_s_message_carries_its_own_reading_scope(people):
    campaign = campaign_in_variants()
    variant = CampaignVariant.objects.get(campaign=campaign, number=2)
    assert CampaignMessage(campaign, variant).scope == f"campaign:{campaign.pk}/2"
    assert CampaignMessage(campaign).scope == f"campaign:{campaign.pk}"
