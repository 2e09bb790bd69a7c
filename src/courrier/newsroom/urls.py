from django.urls import path

from courrier.newsroom import views

urlpatterns = [
    path("recherche/", views.search, name="search"),
    path("archives/", views.archive_index, name="archive"),
    path("archives/<int:year>/<int:month>/", views.archive_month, name="archive_month"),
    path("categories/<slug:slug>/", views.category, name="category"),
]
