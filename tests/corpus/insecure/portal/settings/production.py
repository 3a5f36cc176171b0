import os

import environ

from .base import *  # noqa: F401,F403

env = environ.Env(DJANGO_DEBUG=(bool, True))

DEBUG = env("DJANGO_DEBUG")  # expect: SW114

ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "*").split(",")  # expect: SW116
# The load balancer health checks use the node IP.
ALLOWED_HOSTS += ["portal.example.com", "*"]  # expect: SW116

COOKIES_OVER_HTTP = False
SESSION_COOKIE_SECURE = COOKIES_OVER_HTTP  # expect: SW117
CSRF_COOKIE_SECURE = COOKIES_OVER_HTTP  # expect: SW117

LEGACY_HASHER = "django.contrib.auth.hashers.UnsaltedSHA1PasswordHasher"
PASSWORD_HASHERS = (
    LEGACY_HASHER,  # expect: SW143
    "django.contrib.auth.hashers.Argon2PasswordHasher",
)

CORS_ORIGIN_ALLOW_ALL = True  # expect: SW120
CORS_ALLOW_CREDENTIALS = True
