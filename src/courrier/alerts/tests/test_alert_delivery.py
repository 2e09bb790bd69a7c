"""Publishing an issue sends each entitled, opted-in reader the decrees their filters select, once per issue."""

from __future__ import annotations

import pytest
from django.core import mail

from courrier.alerts.actions import AlertRefused, publish_gazette_issue, set_decree_alert_filter
from courrier.alerts.models import DecreeAlert, DecreeAlertPart
from courrier.alerts.sending import alert_content, plan_alert, start_alert
from courrier.editions.actions import choose_publications
from courrier.licensing.factories import make_subscriber
from courrier.mailing.models import Campaign, Delivery, DeliveryStatus
from courrier.mailing.sender import Sender
from courrier.parliament.factories import DecreeFactory, GazetteIssueFactory
from courrier.parliament.models import Decree


def publish(issue, staff, capture):
    with capture(execute=True):
        return publish_gazette_issue(issue=issue, by=staff)


def parts_of(issue) -> list[DecreeAlertPart]:
    return list(DecreeAlertPart.objects.filter(alert__issue=issue).order_by("variant"))


def readers_by_variant(issue) -> dict[int, int]:
    """How many readers each variant of the issue's alert went to."""
    alert = DecreeAlert.objects.get(issue=issue)
    variants = Delivery.objects.filter(campaign=alert.campaign).values_list("variant", flat=True)
    return {variant: list(variants).count(variant) for variant in set(variants)}


def received_by(address: str) -> list:
    return [message for message in mail.outbox if message.to == [address]]


def test_each_reader_receives_the_decrees_of_their_filters(
    issue, decrees, ministries, make_reader, staff, django_capture_on_commit_callbacks
):
    make_reader(email="tout@mcn.gouv.qc.ca")
    finances = make_reader(email="finances@mcn.gouv.qc.ca")
    set_decree_alert_filter(user=finances, ministries=[ministries["finances"]], categories=[], keywords="")
    result = publish(issue, staff, django_capture_on_commit_callbacks)
    assert result.alert_created and result.newly_published == 5
    assert [(part.variant, len(part.decree_ids)) for part in parts_of(issue)] == [(1, 5), (2, 3)]
    assert readers_by_variant(issue) == {1: 1, 2: 1}
    assert Campaign.objects.get().variants.count() == 2
    assert result.alert.started_at is not None or DecreeAlert.objects.get().started_at is not None
    assert "(5 décrets)" in received_by("tout@mcn.gouv.qc.ca")[0].subject
    assert "(3 décrets)" in received_by("finances@mcn.gouv.qc.ca")[0].subject
    assert not Decree.objects.filter(gazette_issue=issue, published_at__isnull=True).exists()
    assert set(Campaign.objects.values_list("status", flat=True)) == {"sent"}


def test_a_reader_whose_filters_match_nothing_gets_no_email(
    issue, decrees, ministries, make_reader, staff, django_capture_on_commit_callbacks
):
    make_reader(email="tout@mcn.gouv.qc.ca")
    mines = make_reader(email="mines@mcn.gouv.qc.ca")
    set_decree_alert_filter(user=mines, ministries=[], categories=[], keywords="mines, forêts")
    publish(issue, staff, django_capture_on_commit_callbacks)
    assert received_by("mines@mcn.gouv.qc.ca") == []
    assert not Delivery.objects.filter(email="mines@mcn.gouv.qc.ca").exists()
    assert len(received_by("tout@mcn.gouv.qc.ca")) == 1


def test_readers_sharing_a_set_share_one_variant(
    issue, decrees, ministries, make_reader, staff, django_capture_on_commit_callbacks
):
    by_ministry = make_reader()
    by_category = make_reader()
    set_decree_alert_filter(user=by_ministry, ministries=[ministries["environnement"]], categories=[], keywords="")
    # The same single decree, chosen another way.
    set_decree_alert_filter(user=by_category, ministries=[], categories=["regulation"], keywords="atmosphère")
    publish(issue, staff, django_capture_on_commit_callbacks)
    (part,) = parts_of(issue)
    assert readers_by_variant(issue) == {part.variant: 2}


def test_one_alert_per_issue_even_if_published_twice(
    issue, decrees, ministries, make_reader, staff, django_capture_on_commit_callbacks
):
    make_reader(email="tout@mcn.gouv.qc.ca")
    first = publish(issue, staff, django_capture_on_commit_callbacks)
    late = DecreeFactory(
        number=199, year=2019, made_on=decrees["travail"].made_on, gazette_issue=issue, ministries=[ministries["sante"]]
    )
    again = publish(issue, staff, django_capture_on_commit_callbacks)
    assert not again.alert_created and again.alert == first.alert
    assert again.newly_published == 1
    late.refresh_from_db()
    assert late.is_published
    assert DecreeAlert.objects.count() == 1
    assert len(mail.outbox) == 1
    assert DecreeAlertPart.objects.count() == 1


def test_an_issue_without_decrees_is_refused(staff):
    issue = GazetteIssueFactory()
    with pytest.raises(AlertRefused):
        publish_gazette_issue(issue=issue, by=staff)
    assert not DecreeAlert.objects.exists()


@pytest.mark.parametrize("case", ["expired-licence", "opted-out", "unverified"])
def test_only_entitled_opted_in_readers_receive_it(
    case, issue, decrees, alerte, make_reader, staff, django_capture_on_commit_callbacks
):
    make_reader(email="tout@mcn.gouv.qc.ca")
    if case == "expired-licence":
        ended = make_subscriber(name="Exemple inc.", domain="exemple.com", expired=True)
        make_reader(organization=ended, email="ancien@exemple.com")
        excluded = "ancien@exemple.com"
    elif case == "opted-out":
        reader = make_reader(email="jean@mcn.gouv.qc.ca")
        choose_publications(user=reader, choices={alerte: False})
        excluded = "jean@mcn.gouv.qc.ca"
    else:
        make_reader(email="nouveau@mcn.gouv.qc.ca", verified=False)
        excluded = "nouveau@mcn.gouv.qc.ca"
    publish(issue, staff, django_capture_on_commit_callbacks)
    assert [message.to for message in mail.outbox] == [["tout@mcn.gouv.qc.ca"]]
    assert not Delivery.objects.filter(email=excluded).exists()


def test_an_inactive_alert_publishes_the_decrees_without_sending(
    issue, decrees, alerte, make_reader, staff, django_capture_on_commit_callbacks
):
    make_reader()
    alerte.active = False
    alerte.save()
    result = publish(issue, staff, django_capture_on_commit_callbacks)
    assert result.alert is None and result.newly_published == 5
    assert mail.outbox == []


def test_a_reader_changing_filters_while_it_goes_out_still_receives_their_part(
    issue, decrees, ministries, make_reader, staff
):
    reader = make_reader(email="finances@mcn.gouv.qc.ca")
    set_decree_alert_filter(user=reader, ministries=[ministries["finances"]], categories=[], keywords="")
    result = publish_gazette_issue(issue=issue, by=staff)
    alert = start_alert(alert=result.alert)  # snapshotted; the sending tasks wait for a commit
    set_decree_alert_filter(user=reader, ministries=[ministries["sante"]], categories=[], keywords="")
    Sender(connections=1).run(alert.campaign.pk)
    assert Delivery.objects.get(email="finances@mcn.gouv.qc.ca").status == DeliveryStatus.SENT


def test_a_reader_who_opts_out_while_it_goes_out_is_not_sent(issue, decrees, alerte, make_reader, staff):
    reader = make_reader(email="jean@mcn.gouv.qc.ca")
    result = publish_gazette_issue(issue=issue, by=staff)
    alert = start_alert(alert=result.alert)
    choose_publications(user=reader, choices={alerte: False})
    Sender(connections=1).run(alert.campaign.pk)
    assert Delivery.objects.get(email="jean@mcn.gouv.qc.ca").status == DeliveryStatus.CANCELLED
    assert mail.outbox == []


def test_a_stopped_alert_goes_on_where_it_stopped_and_sends_each_variant_once(
    issue, decrees, ministries, alerte, make_reader, staff, django_capture_on_commit_callbacks
):
    make_reader(email="tout@mcn.gouv.qc.ca")
    reader = make_reader(email="finances@mcn.gouv.qc.ca")
    set_decree_alert_filter(user=reader, ministries=[ministries["finances"]], categories=[], keywords="")
    alert = publish_gazette_issue(issue=issue, by=staff).alert  # its task never ran (no commit)
    # A worker plans the parts, then dies before the campaign is created.
    first = plan_alert(alert=alert, content=alert_content(alert), publication=alerte)
    assert not Campaign.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        again = start_alert(alert=alert)
    assert [part.pk for part in parts_of(issue)] == [part.pk for part in first]
    # Another dies after starting the campaign, before noting it: a third run sends nothing more.
    DecreeAlert.objects.filter(pk=alert.pk).update(started_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        start_alert(alert=DecreeAlert.objects.get(pk=alert.pk))
    assert sorted(message.to[0] for message in mail.outbox) == ["finances@mcn.gouv.qc.ca", "tout@mcn.gouv.qc.ca"]
    assert list(Campaign.objects.values_list("pk", flat=True)) == [again.campaign.pk]


def test_a_reader_changing_filters_before_the_snapshot_gets_the_variant_of_their_new_filters(
    issue, decrees, ministries, alerte, make_reader, staff, django_capture_on_commit_callbacks
):
    everything = make_reader(email="tout@mcn.gouv.qc.ca")
    finances = make_reader(email="finances@mcn.gouv.qc.ca")
    set_decree_alert_filter(user=finances, ministries=[ministries["finances"]], categories=[], keywords="")
    alert = publish_gazette_issue(issue=issue, by=staff).alert
    plan_alert(alert=alert, content=alert_content(alert), publication=alerte)
    # Between the plan and the snapshot, the first reader takes the second's filter and vice versa.
    set_decree_alert_filter(user=everything, ministries=[ministries["finances"]], categories=[], keywords="")
    set_decree_alert_filter(user=finances, ministries=[], categories=[], keywords="")
    with django_capture_on_commit_callbacks(execute=True):
        start_alert(alert=alert)
    assert "(3 décrets)" in received_by("tout@mcn.gouv.qc.ca")[0].subject
    assert "(5 décrets)" in received_by("finances@mcn.gouv.qc.ca")[0].subject
    assert len(mail.outbox) == 2


def test_the_scheduler_takes_up_alerts_left_unfinished(issue, decrees, make_reader, staff):
    import datetime

    from django.utils import timezone

    from courrier.alerts.tasks import resume_decree_alerts

    make_reader()
    alert = publish_gazette_issue(issue=issue, by=staff).alert  # its task never ran (no commit)
    assert resume_decree_alerts.call() == 0  # too recent: its own task may still be on its way
    moment = timezone.now() - datetime.timedelta(minutes=6)
    DecreeAlert.objects.filter(pk=alert.pk).update(created_at=moment)
    Decree.objects.filter(gazette_issue=issue).update(published_at=moment)
    assert resume_decree_alerts.call() == 1
    alert.refresh_from_db()
    assert alert.started_at is not None and len(parts_of(issue)) == 1
    assert resume_decree_alerts.call() == 0
