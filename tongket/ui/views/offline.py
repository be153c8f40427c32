"""Entry without a connection: the service worker (served from the site's root so that it
may answer for the report pages) and the web app manifest that makes the entry pages
installable. The worker keeps the assets the report page needs and the report pages a
person opened; values typed while offline wait in the page's queue (`js/report-entry.js`)
and are sent through the usual version check when the connection is back."""

from __future__ import annotations

import hashlib
import json

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

# What the report page loads: kept by the worker when it installs.
ASSETS = (
    "vendor/bootstrap/bootstrap.min.css",
    "vendor/bootstrap-icons/bootstrap-icons.min.css",
    "vendor/bootstrap-icons/fonts/bootstrap-icons.woff2",
    "vendor/bootstrap-icons/fonts/bootstrap-icons.woff",
    "css/app.css",
    "vendor/htmx/htmx.min.js",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "js/app.js",
    "js/report-entry.js",
    "js/paste-grid.js",
    "img/favicon.svg",
)


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    assets = [static(path) for path in ASSETS]
    version = hashlib.sha256("\n".join(assets).encode()).hexdigest()[:12]
    body = render_to_string(
        "ui/offline/sw.js",
        {"assets": json.dumps(assets), "version": version, "offline_text": _("No connection.")},
    )
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    response = JsonResponse(
        {
            "name": "Tổng Kết",
            "short_name": "Tổng Kết",
            "description": _("Following resolutions through to their review"),
            "lang": "vi",
            "start_url": "/",
            "scope": "/",
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": "#1f3a5f",
            "icons": [{"src": static("img/favicon.svg"), "sizes": "any", "type": "image/svg+xml"}],
        },
        json_dumps_params={"ensure_ascii": False},
    )
    response["Content-Type"] = "application/manifest+json"
    return response
