"""Signing up as a reader would, for tests that need the verification email."""

from __future__ import annotations

SIGNUP_PASSWORD = "Un-mot-de-passe-solide-42"


def sign_up(client, email: str = "camille.roy@mcn.gouv.qc.ca"):
    """Posts `/inscription/` for Camille Roy at `email`; returns the response."""
    return client.post(
        "/inscription/",
        {
            "email": email,
            "first_name": "Camille",
            "last_name": "Roy",
            "job_title": "Analyste",
            "password1": SIGNUP_PASSWORD,
        },
    )
