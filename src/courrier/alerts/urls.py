from django.urls import path

from courrier.alerts import views

urlpatterns = [
    path("profil/alerte-decrets/", views.decree_alert_filters, name="decree_alert_filters"),
]
