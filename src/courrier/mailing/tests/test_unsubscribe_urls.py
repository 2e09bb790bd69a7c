"""A test-only urlconf: the site's, with the unsubscribe pages first (until the root urls include them).

The unsubscribe tests run against it with `pytest.mark.urls(URLCONF)`.
"""

from django.urls import include, path

from courrier.urls import urlpatterns as site_urlpatterns

URLCONF = __name__

urlpatterns = [path("", include("courrier.mailing.urls")), *site_urlpatterns]
