"""A long subject starts on the `Subject:` line (spam filters count an empty first line against us)."""

from __future__ import annotations

import email
import email.policy

import pytest
from django.core.mail import BadHeaderError, EmailMessage

SUBJECTS = [
    "Alerte Décrets — Gazette du 4 février 2026 (158e année, n° 5) — 14 décrets pour vous",
    "A plain subject in ASCII that runs on well past the seventy-eight characters of a line",
    "Confirmez votre adresse",
]


@pytest.mark.parametrize("subject", SUBJECTS)
def test_the_subject_starts_on_its_own_line_and_reads_back_whole(subject):
    raw = EmailMessage(subject, "corps", "redaction@courrier.local", ["lecteur@mcn.gouv.qc.ca"]).message().as_string()
    (line,) = [line for line in raw.splitlines() if line.startswith("Subject:")]
    assert line.strip() != "Subject:"
    assert all(len(part) <= 78 for part in raw.split("\n\n", 1)[0].splitlines())
    assert email.message_from_string(raw, policy=email.policy.default)["Subject"] == subject


def test_a_subject_with_a_line_break_is_still_refused():
    with pytest.raises(BadHeaderError):
        EmailMessage("Bonjour\nBcc: victime@exemple.com", "corps", "a@exemple.com", ["b@exemple.com"]).message()
