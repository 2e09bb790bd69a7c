from django.urls import path

from courrier.newsroom import views

urlpatterns = [
    path("recherche/", views.search, name="search"),
    path("archives/", views.archive_index, name="archive"),
    path("archives/<int:year>/<int:month>/", views.archive_month, name="archive_month"),
    path("categories/<slug:slug>/", views.category, name="category"),
    path("decrets/", views.decree_list, name="decrees"),
    path("decrets/<int:year>/<int:number>/", views.decree_page, name="decree"),
    path("deputes/", views.member_list, name="members"),
    path("deputes/<slug:slug>/", views.member_page, name="member"),
    path("sitemap.xml", views.sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", views.sitemap_section, name="sitemap_section"),
]
