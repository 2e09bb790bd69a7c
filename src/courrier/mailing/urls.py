"""Unsubscribing: the address form and the page every unsubscribe token leads to (`UNSUBSCRIBE_PATH`);
lifting the block on one's own address (asked from Mes publications, done from the link mailed to it)."""

from django.urls import path

from courrier.mailing import app_settings, views

# The route follows the setting the sender writes links with, so that the two cannot drift apart.
TOKEN_ROUTE = app_settings.unsubscribe_path().lstrip("/").replace("{token}", "<str:token>")

urlpatterns = [
    path("desinscription/", views.request_link, name="unsubscribe_request"),
    path(TOKEN_ROUTE, views.unsubscribe, name="unsubscribe"),
    path("profil/adresse-bloquee/", views.ask_to_lift, name="suppression_lift_request"),
    path("adresse-bloquee/<str:token>/", views.lift, name="suppression_lift"),
]
