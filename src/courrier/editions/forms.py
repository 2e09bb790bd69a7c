"""The reader's choice of publications, in Mon profil."""

from __future__ import annotations

from typing import Any

from django import forms

from courrier.accounts.models import User
from courrier.editions.models import Publication
from courrier.editions.recipients import choices_of


class PublicationChoiceForm(forms.Form):
    """One checkbox per publication the reader's licence covers."""

    def __init__(self, *args: Any, user: User, publications: list[Publication], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.publications = publications
        current = choices_of(user, publications)
        for publication in publications:
            self.fields[publication.key] = forms.BooleanField(
                label=publication.name,
                help_text=publication.description,
                required=False,
                initial=current[publication],
            )

    def choices(self) -> dict[Publication, bool]:
        return {publication: self.cleaned_data[publication.key] for publication in self.publications}
