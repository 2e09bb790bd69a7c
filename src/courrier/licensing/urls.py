from django.urls import path

from courrier.licensing.views import organization, trials

urlpatterns = [
    path("essai-gratuit/", trials.request_trial, name="trial_request"),
    path("essai-gratuit/merci/", trials.trial_requested, name="trial_requested"),
    path("mon-organisation/", organization.overview, name="organization"),
    path("mon-organisation/inviter/", organization.invite, name="organization_invite"),
    path("mon-organisation/membres/<int:membership_id>/approuver/", organization.approve, name="organization_approve"),
    path("mon-organisation/membres/<int:membership_id>/retirer/", organization.remove, name="organization_remove"),
    path("mon-organisation/invitations/<int:invitation_id>/renvoyer/", organization.resend, name="organization_resend"),
    path("mon-organisation/invitations/<int:invitation_id>/annuler/", organization.cancel, name="organization_cancel"),
    path(
        "mon-organisation/membres/<int:membership_id>/nommer-administrateur/",
        organization.promote,
        name="organization_promote",
    ),
]
