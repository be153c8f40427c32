from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path

from tongket.ui.views import offline

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("sw.js", offline.service_worker, name="service_worker"),
    path("manifest.webmanifest", offline.manifest, name="web_manifest"),
    path("api/", include("tongket.api.urls")),
    path("", include("tongket.ui.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
