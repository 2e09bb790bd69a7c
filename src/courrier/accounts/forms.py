"""Account forms: signup under an organisation's licence, email change, profile."""

from __future__ import annotations

from typing import Any

from allauth.account.forms import AddEmailForm, LoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from courrier.accounts.models import User
from courrier.core.wording import to_name
from courrier.licensing.actions import invitation_from_token, notify_seats_full
from courrier.licensing.admission import Admission, Verdict, admission_for, refusal_message
from courrier.licensing.models import Invitation, Membership, Organization


class SignupForm(AllauthSignupForm):
    """Demande d'inscription: the address must belong to a subscribing organisation with a free seat."""

    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    last_name = forms.CharField(label=pgettext_lazy("nom de famille", "Nom"), max_length=150)
    job_title = forms.CharField(label=pgettext_lazy("emploi", "Fonction"), max_length=200, required=False)
    invitation = forms.CharField(widget=forms.HiddenInput, required=False)

    field_order = ["email", "first_name", "last_name", "job_title", "password1", "invitation"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)
        self.fields["email"].label = _("Adresse courriel professionnelle")
        self.fields["email"].help_text = _("Celle que votre organisation vous a attribuée.")
        self.admission: Admission | None = None
        self.invitation_record: Invitation | None = None

    def clean_invitation(self) -> str:
        token = self.cleaned_data.get("invitation", "")
        if token:
            self.invitation_record = invitation_from_token(token)
            if self.invitation_record is None:
                # A hidden field: its error is shown at the top of the form.
                self.add_error(None, _("Cette invitation a expiré ou a déjà servi. Demandez-en une nouvelle."))
        return token

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        email = cleaned.get("email")
        if not email or (cleaned.get("invitation") and self.invitation_record is None):
            return cleaned
        invitation = self.invitation_record
        if invitation is not None and invitation.email.lower() != email.lower():
            self.add_error("email", _("Inscrivez-vous avec l'adresse à laquelle l'invitation a été envoyée."))
            return cleaned
        self.admission = admission_for(email, organization=invitation.organization if invitation else None)
        if not self.admission.admitted:
            if self.admission.verdict == Verdict.SEATS_FULL and self.admission.organization is not None:
                # At most once a day per organisation, whatever addresses are typed.
                notify_seats_full(organization=self.admission.organization, address=email)
            self.add_error("email", refusal_message(self.admission))
        return cleaned

    def signup(self, request: Any, user: User) -> None:
        """Called by the adapter once the user exists (allauth's `signup` hook)."""
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        user.job_title = self.cleaned_data.get("job_title", "")


class ChangeEmailForm(AddEmailForm):
    """A new address follows the sign-up rules, seat or not: never webmail, always a subscriber's domain,
    and the organisation the person belongs (or last belonged) to. It is verified again before use."""

    def clean_email(self) -> str:
        email = super().clean_email()
        if self.user.is_staff:
            return email
        admission = admission_for(email)
        if admission.verdict in (Verdict.WEBMAIL, Verdict.UNKNOWN_DOMAIN):
            raise forms.ValidationError(refusal_message(admission))
        home = self._home_organization()
        if home is not None and admission.organization != home:
            raise forms.ValidationError(
                _("Cette adresse n'appartient pas %(to_organization)s : utilisez une adresse de votre organisation.")
                % {"to_organization": to_name(home.name)}
            )
        return email

    def _home_organization(self) -> Organization | None:
        """The organisation of the person's current membership, or of their latest one (a removed reader's)."""
        stints = Membership.objects.filter(user=self.user).select_related("organization")
        latest = stints.current().first() or stints.order_by("-joined_at", "-pk").first()
        return latest.organization if latest else None


class ReaderLoginForm(LoginForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("Adresse courriel")
        self.fields["password"].label = _("Mot de passe")
        # The page has its own "Mot de passe oublié ?" link; labels say what placeholders repeated.
        self.fields["password"].help_text = ""
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)


class ProfileForm(forms.ModelForm):
    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    last_name = forms.CharField(label=pgettext_lazy("nom de famille", "Nom"), max_length=150)

    class Meta:
        model = User
        fields = ["first_name", "last_name", "job_title", "language"]
        labels = {"job_title": pgettext_lazy("emploi", "Fonction"), "language": _("Langue")}
        widgets = {"language": forms.Select(choices=settings.LANGUAGES)}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].help_text = _("Celle du site et des courriels que nous vous envoyons.")
