"""Account URLs in French; allauth's remaining pages (two-factor, reauthentication) live under /compte/."""

from allauth.account import views as account_views
from django.urls import include, path, re_path

from courrier.accounts import views

# allauth's own patterns come first so that `reverse()` (which prefers the last pattern of a name)
# gives the French addresses below; its English addresses keep working.
urlpatterns = [
    path("compte/", include("allauth.urls")),
    path("inscription/", views.signup, name="account_signup"),
    path("connexion/", account_views.login, name="account_login"),
    path("deconnexion/", account_views.logout, name="account_logout"),
    path("mot-de-passe-oublie/", account_views.password_reset, name="account_reset_password"),
    path("mot-de-passe-oublie/envoye/", account_views.password_reset_done, name="account_reset_password_done"),
    re_path(
        r"^mot-de-passe-oublie/cle/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        account_views.password_reset_from_key,
        name="account_reset_password_from_key",
    ),
    path(
        "mot-de-passe-oublie/termine/",
        account_views.password_reset_from_key_done,
        name="account_reset_password_from_key_done",
    ),
    path("confirmer-courriel/", account_views.email_verification_sent, name="account_email_verification_sent"),
    re_path(r"^confirmer-courriel/(?P<key>[-:\w]+)/$", views.confirm_email, name="account_confirm_email"),
    path("profil/", views.profile, name="profile"),
    path("profil/rejoindre/", views.rejoin, name="rejoin_organization"),
    path("profil/courriel/", account_views.email, name="account_email"),
    path("profil/mot-de-passe/", account_views.password_change, name="account_change_password"),
]
