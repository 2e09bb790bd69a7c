from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from courrier.core import views as core_views
from courrier.mailing import webhooks as mailing_webhooks

urlpatterns = [
    # One login page for readers and staff (with their second factor): Wagtail's own redirects there.
    path("admin/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
    path("admin/", include(wagtailadmin_urls)),
    # Provider webhooks (bounces, complaints): only the enabled providers', each checked with its secret.
    path("anymail/<str:provider>/tracking/", mailing_webhooks.tracking_webhook, name="anymail_tracking"),
    path("documents/", include(wagtaildocs_urls)),
    path("langue/<str:language>/", core_views.set_language, name="set_language"),
    path("", include("courrier.accounts.urls")),
    path("", include("courrier.licensing.urls")),
    path("", include("courrier.editions.urls")),
    path("", include("courrier.alerts.urls")),
    path("", include("courrier.parliament.urls")),
    path("", include("courrier.mailing.urls")),
    path("", include("courrier.core.urls")),
    path("", include("courrier.newsroom.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

handler404 = "courrier.core.views.page_not_found"
handler500 = "courrier.core.views.server_error"
