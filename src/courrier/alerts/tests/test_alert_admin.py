"""Staff publish an issue's decrees and send its alert from the admin (Alerte Décrets); nobody else can."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail

from courrier.accounts.factories import UserFactory
from courrier.alerts.actions import set_decree_alert_filter
from courrier.alerts.models import DecreeAlert
from courrier.parliament.models import Decree


def test_the_menu_lists_issues_with_the_state_of_their_alert(client, staff, issue, decrees):
    client.force_login(staff)
    page = client.get("/admin/alertes/").content.decode()
    assert "mercredi 13 février 2019 — 151e année, n° 7" in page
    assert "Pas encore envoyée" in page
    assert f"/admin/alertes/numero/{issue.pk}/publier/" in page


def test_staff_confirm_then_publish_and_the_alert_goes_out(
    client, staff, issue, decrees, make_reader, django_capture_on_commit_callbacks
):
    make_reader(email="tout@mcn.gouv.qc.ca")
    client.force_login(staff)
    confirm = client.get(f"/admin/alertes/numero/{issue.pk}/publier/").content.decode()
    assert "Publier les décrets et envoyer l'Alerte Décrets" in confirm
    assert "Ministère des Finances" in confirm and "Décret 102-2019 du 30 janvier 2019" in confirm
    assert "1 personne reçoit l'Alerte Décrets" in confirm
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/alertes/numero/{issue.pk}/publier/", follow=True)
        # The redirect is shown before the alert's task runs (on commit): the page with the progress bar,
        # at 0 until the task has prepared the campaign.
        assert response.redirect_chain[-1][0] == f"/admin/alertes/numero/{issue.pk}/publier/"
        page = response.content.decode()
        assert "5 décrets publiés sur le site. L&#x27;Alerte Décrets part\u00a0: suivez son envoi ci-dessous." in page
        assert 'id="sending-bar" max="100" value="0.0"' in page
    later = client.get("/admin/alertes/").content.decode()
    assert "Envoyée le" in later and "à 1 personne (1 version)" in later, later[later.find("<tbody") :][:2000]
    progress = client.get(f"/admin/alertes/numero/{issue.pk}/envoi/").json()
    assert (progress["total"], progress["sent"], progress["percent"]) == (1, 1, 100.0)
    page = client.get(f"/admin/alertes/numero/{issue.pk}/publier/").content.decode()
    assert 'id="sending-bar"' in page and f"/admin/alertes/numero/{issue.pk}/envoi/" in page
    assert [message.to for message in mail.outbox] == [["tout@mcn.gouv.qc.ca"]]
    assert DecreeAlert.objects.get().created_by == staff

    again = client.post(f"/admin/alertes/numero/{issue.pk}/publier/", follow=True).content.decode()
    assert "aucun nouvel envoi" in again
    assert len(mail.outbox) == 1 and DecreeAlert.objects.count() == 1


def test_an_issue_without_decrees_says_so(client, staff):
    from courrier.parliament.factories import GazetteIssueFactory

    empty = GazetteIssueFactory()
    client.force_login(staff)
    assert "Saisissez d'abord les décrets" in client.get(f"/admin/alertes/numero/{empty.pk}/publier/").content.decode()
    response = client.post(f"/admin/alertes/numero/{empty.pk}/publier/", follow=True)
    assert "ne contient aucun décret" in response.content.decode()
    assert not DecreeAlert.objects.exists()


@pytest.mark.parametrize("who", ["reader", "editor-without-permission"])
def test_others_are_refused(client, issue, decrees, make_reader, who):
    if who == "reader":
        user = make_reader()
    else:
        user = UserFactory(is_staff=True)
        editors = Group.objects.create(name="Rédaction sans alertes")
        editors.permissions.add(Permission.objects.get(codename="access_admin"))
        user.groups.add(editors)
    client.force_login(user)
    for response in (
        client.get("/admin/alertes/"),
        client.get(f"/admin/alertes/numero/{issue.pk}/publier/"),
        client.post(f"/admin/alertes/numero/{issue.pk}/publier/"),
    ):
        assert response.status_code in (302, 403)
    assert not DecreeAlert.objects.exists()
    assert not Decree.objects.filter(published_at__isnull=False).exists()
    assert mail.outbox == []


@pytest.mark.parametrize("pk", ["0", "abc", "99999999999999999999"])
def test_an_unknown_issue_is_not_found(client, staff, pk):
    client.force_login(staff)
    assert client.get(f"/admin/alertes/numero/{pk}/publier/").status_code == 404


def test_the_confirmation_says_how_many_readers_this_issue_reaches(
    client, staff, issue, decrees, make_reader, ministries
):
    make_reader(email="tout@mcn.gouv.qc.ca")
    finances = make_reader(email="finances@mcn.gouv.qc.ca")
    set_decree_alert_filter(user=finances, ministries=[ministries["finances"]], categories=[], keywords="")
    elsewhere = make_reader(email="ailleurs@mcn.gouv.qc.ca")
    set_decree_alert_filter(user=elsewhere, ministries=[], categories=[], keywords="pêcheries")
    client.force_login(staff)

    confirm = client.get(f"/admin/alertes/numero/{issue.pk}/publier/").content.decode()

    assert "3 personnes reçoivent l'Alerte Décrets" in confirm
    assert "Ce numéro ira à 2 personnes." in confirm
