from django.urls import path

from courrier.editions import views

urlpatterns = [
    path("profil/publications/", views.my_publications, name="my_publications"),
    path("editions/", views.edition_index, name="edition_index"),
    path("editions/<slug:key>/", views.edition_archive, name="edition_archive"),
    path("editions/<slug:key>/<str:day>/", views.edition_page, name="edition"),
]
