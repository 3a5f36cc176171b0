"""Production settings: debug mode only when the environment asks for it explicitly."""

import environ

from .base import *  # noqa: F401,F403

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["shop.example.com", "www.shop.example.com"])
CSRF_TRUSTED_ORIGINS = ["https://shop.example.com", "https://admin.shop.example.com"]

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

EMAIL_HOST = env("EMAIL_HOST", default="smtp.example.com")
EMAIL_PORT = 587
EMAIL_USE_TLS = True
