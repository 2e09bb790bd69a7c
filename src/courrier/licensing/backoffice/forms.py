"""Back-office forms: they collect and pre-check what staff type; `licensing.actions` decides."""

from __future__ import annotations

import datetime
import ipaddress
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateInput

from courrier.licensing import app_settings
from courrier.licensing.models import (
    EmailDomain,
    IpRange,
    Licence,
    LicenceKind,
    Organization,
    normalize_domain,
    validate_cidr,
    validate_organization_domain,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# An organisation's network, not an operator's: anything broader would open the
# paywall to a whole provider (or, with /0, to everyone).
NARROWEST_PREFIX = {4: 16, 6: 32}

NOTE_HELP = _("Facultatif : gardée dans l'historique de la licence.")
SEATS_HELP = _("Vide : illimité.")


def _note_field() -> forms.CharField:
    return forms.CharField(label=_("Note"), max_length=500, required=False, help_text=NOTE_HELP)


def _seats_field(**kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(label=_("Places"), min_value=1, required=False, help_text=SEATS_HELP, **kwargs)


def _date_field(label: StrOrPromise, **kwargs: Any) -> forms.DateField:
    return forms.DateField(label=label, widget=AdminDateInput, **kwargs)


class OrganizationCreateForm(forms.ModelForm):
    """A new subscriber, with its first email domain if known."""

    domain = forms.CharField(
        label=_("Domaine de courriel"),
        max_length=253,
        required=False,
        validators=[validate_organization_domain],
        help_text=_("Facultatif, par exemple mcn.gouv.qc.ca. D'autres domaines s'ajoutent ensuite."),
    )

    class Meta:
        model = Organization
        fields = ["name", "requires_approval"]

    def clean_domain(self) -> str:
        domain = self.cleaned_data["domain"]
        return _unclaimed_domain(domain) if domain else ""


class OrganizationEditForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["name", "requires_approval"]


class EmailDomainForm(forms.Form):
    domain = forms.CharField(
        label=_("Domaine"),
        max_length=253,
        validators=[validate_organization_domain],
        help_text=_("Par exemple mcn.gouv.qc.ca, sans « @ »."),
    )
    include_subdomains = forms.BooleanField(
        label=_("Inclut les sous-domaines"),
        required=False,
        help_text=_("À cocher seulement si tous les sous-domaines appartiennent à l'organisation."),
    )

    def clean_domain(self) -> str:
        return _unclaimed_domain(self.cleaned_data["domain"])


def _unclaimed_domain(value: str) -> str:
    domain = normalize_domain(value)
    holder = EmailDomain.objects.filter(domain__iexact=domain).select_related("organization").first()
    if holder is not None:
        raise forms.ValidationError(
            _("Le domaine « %(domain)s » appartient déjà à l'organisation « %(organization)s »."),
            params={"domain": domain, "organization": holder.organization.name},
        )
    return domain


class IpRangeForm(forms.Form):
    cidr = forms.CharField(
        label=_("Plage (CIDR)"),
        max_length=64,
        validators=[validate_cidr],
        help_text=_("Par exemple 198.51.100.0/24, ou une seule adresse."),
    )
    label = forms.CharField(label=_("Description"), max_length=200, required=False)

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organization = organization

    def clean_cidr(self) -> str:
        network = ipaddress.ip_network(self.cleaned_data["cidr"].strip(), strict=False)
        if network.prefixlen < NARROWEST_PREFIX[network.version]:
            raise forms.ValidationError(
                _("La plage « %(cidr)s » est trop large : au plus /%(prefix)s pour une organisation."),
                params={"cidr": str(network), "prefix": NARROWEST_PREFIX[network.version]},
            )
        if IpRange.objects.filter(organization=self.organization, cidr=str(network)).exists():
            raise forms.ValidationError(
                _("La plage « %(cidr)s » est déjà enregistrée pour cette organisation."), params={"cidr": str(network)}
            )
        return str(network)


class GrantLicenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=LicenceKind.choices, initial=LicenceKind.PAID)
    starts_on = _date_field(_("Début"))
    ends_on = _date_field(_("Fin"), help_text=_("Dernier jour de lecture, inclus."))
    seats = _seats_field()
    note = _note_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["starts_on"].initial = today
        self.fields["ends_on"].initial = _a_year_after(today)


class LicenceForm(forms.Form):
    """A change to an existing licence: its current values set the suggestions."""

    def __init__(self, *args: Any, licence: Licence, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.licence = licence


class ExtendLicenceForm(LicenceForm):
    ends_on = _date_field(_("Nouvelle fin"), help_text=_("Dernier jour de lecture, inclus."))
    note = _note_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ends_on"].initial = _a_year_after(max(self.licence.ends_on, timezone.localdate()))


class ConvertTrialForm(LicenceForm):
    ends_on = _date_field(_("Fin de la licence payante"), help_text=_("Dernier jour de lecture, inclus."))
    seats = _seats_field()
    note = _note_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ends_on"].initial = _a_year_after(timezone.localdate())


class ChangeSeatsForm(LicenceForm):
    seats = _seats_field()
    note = _note_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["seats"].initial = self.licence.seats


class NoteForm(forms.Form):
    """A confirmation, with an optional note for the ledger (suspension)."""

    note = _note_field()


class ConfirmForm(forms.Form):
    """A bare confirmation: the POST itself is the answer."""


class ApproveTrialForm(forms.Form):
    organization_name = forms.CharField(
        label=_("Nom de la nouvelle organisation"),
        max_length=200,
        required=False,
        help_text=_(
            "Vide : le nom indiqué dans la demande. Il ne doit ressembler à aucune organisation existante : "
            "l'approbation crée toujours une nouvelle organisation."
        ),
    )
    days = forms.IntegerField(
        label=_("Durée de l'essai (jours)"),
        min_value=1,
        max_value=366,
        required=False,
        help_text=_("Vide : durée habituelle."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["days"].initial = app_settings.trial_days()


def _a_year_after(day: datetime.date) -> datetime.date:
    return day + datetime.timedelta(days=365)
