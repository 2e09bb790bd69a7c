from django.urls import path

from courrier.parliament import views

urlpatterns = [
    path("calendrier/seances.ics", views.sittings_ics, name="parliament_sittings_ics"),
]
