from django.urls import path

from courrier.editions import views

urlpatterns = [
    path("profil/publications/", views.my_publications, name="my_publications"),
]
