"""Production: HTTPS behind a proxy, PostgreSQL, secrets from the environment."""

from django.core.exceptions import ImproperlyConfigured

from .base import *

DEBUG = False
if not env("SECRET_KEY"):
    raise ImproperlyConfigured("TONGKET_SECRET_KEY must be set in production.")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(env("HSTS_SECONDS", "31536000") or 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
_replica = env("REPLICA_DATABASE_URL")
if _replica:
    # Reads outside write transactions go to the replica (see config/routers.py).
    DATABASES["replica"] = dj_database_url.parse(_replica, conn_max_age=60)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["config.routers.ReplicaRouter"]
    MIDDLEWARE = ["config.routers.PrimaryAfterWriteMiddleware", *MIDDLEWARE]
