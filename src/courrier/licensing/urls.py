from django.urls import path

from courrier.licensing.views import organization, trials

urlpatterns = [
    path("essai-gratuit/", trials.request_trial, name="trial_request"),
    path("essai-gratuit/merci/", trials.trial_requested, name="trial_requested"),
    path("mon-organisation/", organization.overview, name="organization"),
]
