from django.urls import path

from courrier.parliament import views

urlpatterns = [
    path("calendrier/", views.sitting_calendar, name="parliament_calendar"),
    path("calendrier/seances.ics", views.sittings_ics, name="parliament_sittings_ics"),
]
