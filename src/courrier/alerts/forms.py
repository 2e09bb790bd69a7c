"""The reader's Alerte Décrets filters (ministries, categories, keywords), in Mon profil."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from courrier.alerts.actions import clean_keywords
from courrier.alerts.models import DecreeAlertFilter
from courrier.core.collation import French
from courrier.core.fields import BoundedModelMultipleChoiceField
from courrier.parliament.models import DecreeCategory, Ministry

KEYWORDS_LENGTH = 1000


class DecreeAlertFilterForm(forms.Form):
    ministries = BoundedModelMultipleChoiceField(
        label=_("Ministères"),
        queryset=Ministry.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Les décrets pris sur la recommandation de l'un des ministères cochés."),
    )
    categories = forms.MultipleChoiceField(
        label=_("Catégories"),
        choices=DecreeCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Les décrets de l'une des catégories cochées."),
    )
    keywords = forms.CharField(
        label=_("Mots clés"),
        required=False,
        max_length=KEYWORDS_LENGTH,
        help_text=_(
            "Séparés par des virgules, p. ex. « santé, hydroélectricité, Loi sur les mines ». Cherchés dans le "
            "titre du décret et sa loi habilitante, sans égard aux accents ni aux majuscules : « sante » trouve "
            "« Santé »."
        ),
    )

    def __init__(self, *args: Any, current: DecreeAlertFilter | None = None, **kwargs: Any) -> None:
        if current is not None:
            kwargs.setdefault(
                "initial",
                {
                    "ministries": list(current.ministries.all()),
                    "categories": list(current.categories),
                    "keywords": current.keywords,
                },
            )
        super().__init__(*args, **kwargs)
        # Active ministries, and an abolished one the reader still has ticked (so that saving keeps it).
        chosen = current.ministries.values("pk") if current is not None else Ministry.objects.none().values("pk")
        ministries = self.fields["ministries"]
        assert isinstance(ministries, forms.ModelMultipleChoiceField)
        ministries.queryset = Ministry.objects.filter(Q(active=True) | Q(pk__in=chosen)).order_by(French("name"))

    def clean_keywords(self) -> str:
        text: str = self.cleaned_data["keywords"]
        clean_keywords(text)
        return text
