"""Public and organisation-administrator forms of licensing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from courrier.licensing.models import MembershipRole, MembershipStatus, TrialRequest, email_domain, is_webmail


class TrialRequestForm(forms.ModelForm):
    """Essai gratuit. `website` is a honeypot: people never see it, robots fill it."""

    website = forms.CharField(required=False, label=_("Ne pas remplir"))

    class Meta:
        model = TrialRequest
        fields = ["organization_name", "contact_name", "email", "telephone", "message"]
        labels = {
            "organization_name": _("Nom de l'organisation"),
            "contact_name": _("Votre nom"),
            "email": _("Votre adresse courriel professionnelle"),
            "telephone": _("Téléphone"),
            "message": _("Message"),
        }
        widgets = {"message": forms.Textarea(attrs={"rows": 4})}

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if is_webmail(email_domain(email)):
            raise forms.ValidationError(
                _("Utilisez l'adresse courriel attribuée par votre organisation, pas une adresse personnelle.")
            )
        return email

    def clean_telephone(self) -> str:
        telephone = self.cleaned_data["telephone"].strip()
        if sum(character.isdigit() for character in telephone) < 10:
            raise forms.ValidationError(_("Indiquez un numéro de téléphone complet, avec l'indicatif régional."))
        return telephone

    def is_robot(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    def action_arguments(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Adresse courriel professionnelle du collègue"))


class MemberFilterForm(forms.Form):
    """Mon organisation's members, narrowed: by name or address, role and status (a GET form)."""

    q = forms.CharField(required=False, max_length=100, label=_("Nom ou courriel"))
    role = forms.ChoiceField(
        required=False,
        label=_("Rôle"),
        choices=[
            ("", _("Tous les rôles")),
            (MembershipRole.ADMIN, _("Administrateurs")),
            (MembershipRole.READER, _("Lecteurs")),
        ],
    )
    statut = forms.ChoiceField(
        required=False,
        label=_("Statut"),
        choices=[
            ("", _("Tous les statuts")),
            (MembershipStatus.ACTIVE, _("Actifs")),
            (MembershipStatus.PENDING, _("En attente d'approbation")),
            (MembershipStatus.UNVERIFIED, _("Adresse non vérifiée")),
        ],
    )

    def roster_arguments(self) -> dict[str, str]:
        """What `Membership.objects.roster` narrows by; nothing for a value the form refused."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"role": data["role"], "status": data["statut"], "search": data["q"].strip()}

    @property
    def narrowed(self) -> bool:
        return any(self.roster_arguments().values())
