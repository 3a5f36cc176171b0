"""Authentication helpers: API keys, one-time codes, JWTs and webhook signatures."""

import base64
import hashlib as hl
import hmac
import random
import string
from random import randint as rnd

import jwt
from django.conf import settings
from jwt import decode as jwt_decode
from passlib.context import CryptContext

JWT_OPTIONS = {"verify_signature": False}

pwd_context = CryptContext(schemes=["md5_crypt", "bcrypt"])  # expect: SW143


def hash_password(password):
    return hl.md5(password.encode()).hexdigest()  # expect: SW122


def legacy_hash(password, salt):
    return hl.new("sha1", (salt + password).encode()).hexdigest()  # expect: SW122


def derive_key(password, salt):
    return hl.pbkdf2_hmac("sha256", password, salt, 1000)  # expect: SW145


def generate_api_key():
    return "".join(random.choice(string.hexdigits) for _ in range(40))  # expect: SW126


def new_otp():
    otp = rnd(100000, 999999)  # expect: SW126
    return otp


class PasswordReset:
    def __init__(self, user):
        self.user = user
        self.reset_code = random.randint(0, 999_999)  # expect: SW126


def decode_token(token):
    return jwt.decode(token, options=JWT_OPTIONS)  # expect: SW133


def decode_token_lenient(token):
    return jwt_decode(token, settings.SECRET_KEY, algorithms=["HS256", "none"])  # expect: SW133


def decode_ignoring_expiry(token):
    return jwt.decode(
        token,
        settings.SECRET_KEY,
        algorithms=["HS256"],
        options={"verify_exp": False},  # expect: SW133
    )


def issue_guest_token(claims):
    return jwt.encode(claims, None, algorithm="none")  # expect: SW133


def verify_webhook(secret, body, signature):
    expected = hmac.new(secret, body, hl.sha256).hexdigest()
    return expected == signature  # expect: SW144


def verify_webhook_b64(secret, body, header):
    digest = base64.b64encode(hmac.new(secret, body, "sha256").digest()).decode()
    if header != digest:  # expect: SW144
        raise PermissionError("bad signature")
