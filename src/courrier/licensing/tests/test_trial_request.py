"""Essai gratuit: the public form, its guards, staff notification, approval, reminder and the end of access."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from courrier.accounts.models import User
from courrier.licensing.actions import approve_trial, remind_ending_trials
from courrier.licensing.entitlements import entitled_users
from courrier.licensing.factories import make_subscriber
from courrier.licensing.models import LicenceKind, Membership, MembershipRole, TrialRequest

REQUEST = {
    "organization_name": "Fédération des chambres de commerce du Québec",
    "contact_name": "Isabelle Morin",
    "email": "Isabelle.Morin@fccq.ca",
    "telephone": "514 555-0199",
    "message": "Nous suivons la commission de l'économie.",
}


def test_form_is_in_french(client, db):
    html = client.get("/essai-gratuit/").content.decode()
    assert "Demander un essai gratuit" in html
    assert "Nom de l&#x27;organisation" in html


def test_request_is_recorded_and_staff_are_notified(client, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/essai-gratuit/", REQUEST)
    assert response.status_code == 302
    assert "Merci" in client.get(response["Location"]).content.decode()
    trial = TrialRequest.objects.get()
    assert (trial.email, trial.status) == ("isabelle.morin@fccq.ca", "pending")
    (notice,) = [message for message in mail.outbox if message.to == ["editeur@courrierparlementaire.com"]]
    assert "Fédération des chambres de commerce du Québec" in notice.subject
    assert "514 555-0199" in notice.body
    assert f"/admin/demandes-essai/inspect/{trial.pk}/" in notice.body  # the request itself


def test_the_requester_gets_an_acknowledgement(client, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/essai-gratuit/", REQUEST)

    (acknowledgement,) = [message for message in mail.outbox if message.to == ["isabelle.morin@fccq.ca"]]
    assert "Votre demande d\N{RIGHT SINGLE QUOTATION MARK}essai gratuit est reçue" in acknowledgement.subject
    assert "Fédération des chambres de commerce du Québec" in acknowledgement.body
    assert "déjà abonnée" not in acknowledgement.body


def test_someone_whose_organisation_subscribes_is_told_to_simply_register(
    client, db, django_capture_on_commit_callbacks
):
    make_subscriber(name="Fédération des chambres de commerce du Québec", domain="fccq.ca")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/essai-gratuit/", REQUEST, follow=True)

    (acknowledgement,) = [message for message in mail.outbox if message.to == ["isabelle.morin@fccq.ca"]]
    assert "Votre organisation est déjà abonnée" in acknowledgement.body
    assert "/inscription/" in acknowledgement.body
    assert "déjà abonnée" not in response.content.decode()  # only the address's owner is told
    assert TrialRequest.objects.get().organization is None  # nor attached to it


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "isabelle@gmail.com", "Utilisez l&#x27;adresse courriel attribuée par votre organisation"),
        ("email", "pas-une-adresse", "Saisissez une adresse"),
        ("telephone", "555", "numéro de téléphone complet"),
        ("organization_name", "", "Champ requis"),
    ],
)
def test_bad_requests_are_explained_and_not_recorded(client, db, field, value, message):
    response = client.post("/essai-gratuit/", REQUEST | {field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not TrialRequest.objects.exists()


def test_robots_filling_the_honeypot_are_thanked_and_ignored(client, db):
    response = client.post("/essai-gratuit/", REQUEST | {"website": "http://spam.example"})
    assert response.status_code == 302
    assert not TrialRequest.objects.exists()
    assert mail.outbox == []


def test_requests_are_rate_limited(client, db, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "trial_request": "2/h/ip"}
    statuses = [client.post("/essai-gratuit/", REQUEST).status_code for _ in range(3)]
    assert statuses == [302, 302, 429]
    assert TrialRequest.objects.count() == 2


def test_approved_trial_lets_the_contact_register_as_administrator_and_ends_on_its_own(
    client, db, staff, django_capture_on_commit_callbacks
):
    trial = TrialRequest.objects.create(**(REQUEST | {"email": "isabelle.morin@fccq.ca"}))
    with django_capture_on_commit_callbacks(execute=True):
        approve_trial(trial=trial, by=staff)
    trial.refresh_from_db()
    licence = trial.licence
    assert licence.kind == LicenceKind.TRIAL
    assert licence.ends_on - licence.starts_on == datetime.timedelta(days=6)
    assert trial.organization.domains.get().domain == "fccq.ca"
    (invitation,) = [m for m in mail.outbox if m.to == ["isabelle.morin@fccq.ca"]]
    link = re.search(r"https?://[^/\s]+(/inscription/\S+)", invitation.body).group(1)
    client.get(link)
    client.post(
        "/inscription/",
        {
            "email": "isabelle.morin@fccq.ca",
            "first_name": "Isabelle",
            "last_name": "Morin",
            "password1": "Un-mot-de-passe-solide-42",
            "invitation": link.split("invitation=")[1],
        },
    )
    contact = User.objects.get(email="isabelle.morin@fccq.ca")
    assert Membership.objects.get(user=contact).role == MembershipRole.ADMIN
    assert contact in entitled_users()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=8)):
        assert contact not in entitled_users()


def test_contact_is_reminded_once_two_days_before_the_end(db, staff, django_capture_on_commit_callbacks):
    trial = TrialRequest.objects.create(**(REQUEST | {"email": "isabelle.morin@fccq.ca"}))
    approve_trial(trial=trial, by=staff)
    licence = TrialRequest.objects.get().licence
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_ending_trials(day=licence.ends_on - datetime.timedelta(days=3)) == 0
        assert remind_ending_trials(day=licence.ends_on - datetime.timedelta(days=2)) == 1
        assert remind_ending_trials(day=licence.ends_on - datetime.timedelta(days=1)) == 0
    (reminder,) = mail.outbox
    assert "se termine bientôt" in reminder.subject
