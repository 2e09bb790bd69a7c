"""The email providers whose tracking webhooks (bounces, complaints) Courrier can answer, and the secret each needs.

A webhook tells us to stop writing to an address, so it is answered only for a provider
the operator enabled (`ANYMAIL_WEBHOOK_PROVIDERS`), and only when that provider can prove
each request is its own: with the shared basic-auth secret (`ANYMAIL_WEBHOOK_SECRET`, in the
URL given to the provider), or with its own signing key, as django-anymail checks them.
Some providers sign every request and anymail needs their key (Mailgun, Postal, MailerSend);
for the others the shared secret is the only proof anymail has (Postmark, Brevo, Mailjet,
SparkPost, Amazon SES), or one of the two (SendGrid's verification key, Mailtrap's secret).

This module only describes; it imports nothing from Django, so the settings can check a
production configuration with it before anything starts (`problems`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

WEBHOOK_SECRET = "WEBHOOK_SECRET"  # noqa: S105 - the name of the setting, not a secret


@dataclass(frozen=True)
class WebhookProvider:
    """One provider: the URL segment, anymail's tracking view, and what proves a request comes from it."""

    name: str  # /anymail/<name>/tracking/
    view: str  # dotted path of django-anymail's tracking webhook view
    signing_keys: tuple[str, ...] = ()  # keys of `settings.ANYMAIL` holding the provider's own signature secret
    shared_secret_suffices: bool = True  # whether the basic-auth WEBHOOK_SECRET alone is enough

    def secured(self, setting: Callable[[str], object]) -> bool:
        """Whether anymail will check every request's origin, given how to read a key of `settings.ANYMAIL`."""
        if any(setting(key) for key in self.signing_keys):
            return True
        return self.shared_secret_suffices and bool(setting(WEBHOOK_SECRET))

    def requirement(self) -> str:
        """What the operator must set, in words (for errors and the docs)."""
        keys = [f"ANYMAIL_{key}" for key in self.signing_keys]
        if self.shared_secret_suffices:
            keys.insert(0, f"ANYMAIL_{WEBHOOK_SECRET}")
        return " or ".join(keys)


_VIEWS = "anymail.webhooks"
PROVIDERS: dict[str, WebhookProvider] = {
    provider.name: provider
    for provider in (
        WebhookProvider("amazon_ses", f"{_VIEWS}.amazon_ses.AmazonSESTrackingWebhookView"),
        WebhookProvider("brevo", f"{_VIEWS}.brevo.BrevoTrackingWebhookView"),
        WebhookProvider(
            "mailersend",
            f"{_VIEWS}.mailersend.MailerSendTrackingWebhookView",
            signing_keys=("MAILERSEND_SIGNING_SECRET",),
            shared_secret_suffices=False,
        ),
        WebhookProvider(
            "mailgun",
            f"{_VIEWS}.mailgun.MailgunTrackingWebhookView",
            signing_keys=("MAILGUN_WEBHOOK_SIGNING_KEY",),
            shared_secret_suffices=False,
        ),
        WebhookProvider("mailjet", f"{_VIEWS}.mailjet.MailjetTrackingWebhookView"),
        WebhookProvider(
            "mailtrap", f"{_VIEWS}.mailtrap.MailtrapTrackingWebhookView", signing_keys=("MAILTRAP_TRACKING_SECRET",)
        ),
        WebhookProvider(
            "postal",
            f"{_VIEWS}.postal.PostalTrackingWebhookView",
            signing_keys=("POSTAL_WEBHOOK_KEY",),
            shared_secret_suffices=False,
        ),
        WebhookProvider("postmark", f"{_VIEWS}.postmark.PostmarkTrackingWebhookView"),
        # Resend signs with Svix, which we do not install: the shared secret is its proof.
        WebhookProvider("resend", f"{_VIEWS}.resend.ResendTrackingWebhookView"),
        WebhookProvider(
            "sendgrid",
            f"{_VIEWS}.sendgrid.SendGridTrackingWebhookView",
            signing_keys=("SENDGRID_TRACKING_WEBHOOK_VERIFICATION_KEY",),
        ),
        WebhookProvider("sparkpost", f"{_VIEWS}.sparkpost.SparkPostTrackingWebhookView"),
    )
}

# Every key of `settings.ANYMAIL` a webhook may need, each read from the environment variable `ANYMAIL_<key>`.
SECRET_SETTINGS: tuple[str, ...] = (
    WEBHOOK_SECRET,
    *sorted({key for provider in PROVIDERS.values() for key in provider.signing_keys}),
)


def problems(enabled: Iterable[str], setting: Callable[[str], object]) -> list[str]:
    """Why these enabled providers' webhooks would not be secured (empty when they all are).

    `setting` reads a key of `settings.ANYMAIL` (returns a false value when unset).
    """
    found = []
    for name in enabled:
        provider = PROVIDERS.get(name)
        if provider is None:
            known = ", ".join(sorted(PROVIDERS))
            found.append(f"ANYMAIL_WEBHOOK_PROVIDERS names {name!r}, which is not one of: {known}.")
        elif not provider.secured(setting):
            found.append(
                f"The {name} webhooks are enabled (ANYMAIL_WEBHOOK_PROVIDERS) without {provider.requirement()}."
            )
    # anymail takes one "user:password", or a list of them while a secret is being rotated.
    secrets = setting(WEBHOOK_SECRET)
    listed = [secrets] if isinstance(secrets, str) else list(secrets) if isinstance(secrets, list | tuple) else []
    if any(":" not in str(secret) for secret in listed if secret):
        found.append("ANYMAIL_WEBHOOK_SECRET must read user:password.")
    return found
