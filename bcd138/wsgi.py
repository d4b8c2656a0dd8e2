"""WSGI entry point (`bcd138 serve` runs it under gunicorn)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bcd138.settings")
application = get_wsgi_application()
