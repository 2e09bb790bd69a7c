"""WSGI entry point for production servers (granian, gunicorn)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "courrier.settings")

application = get_wsgi_application()

from courrier.core.startup import warm_up  # noqa: E402 - needs the settings get_wsgi_application set up

warm_up()
