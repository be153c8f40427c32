import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
application = get_wsgi_application()

# Fewer and shorter passes of the garbage collector (tongket/core/collector.py).
from tongket.core.collector import settle  # noqa: E402

settle()
