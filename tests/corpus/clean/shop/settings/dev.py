"""Local development settings: never deployed, so debug mode and plain HTTP are fine here."""

from .base import *  # noqa: F401,F403

DEBUG = True
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]

SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0

CORS_ALLOWED_ORIGINS = ["http://localhost:5173"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
