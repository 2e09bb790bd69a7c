from django.urls import path

from courrier.core import views

urlpatterns = [
    path("publications/", views.publications, name="publications"),
    path("abonnement/", views.subscribe, name="subscribe"),
    path("sante/", views.health, name="health"),
    path("favicon.ico", views.favicon),
    path("robots.txt", views.robots, name="robots"),
]
