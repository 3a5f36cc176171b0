"""Tokens, signatures, password hashing and keys."""

import hashlib
import hmac
import secrets

import jwt
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
from passlib.context import CryptContext

PBKDF2_ITERATIONS = 600_000
JWT_ALGORITHMS = ["HS256"]

pwd_context = CryptContext(schemes=["argon2", "bcrypt"], deprecated="auto")


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


def new_reset_code() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(6))


def sign(secret: bytes, body: bytes) -> str:
    return hmac.new(secret, body, hashlib.sha256).hexdigest()


def verify_signature(secret: bytes, body: bytes, signature: str) -> bool:
    return hmac.compare_digest(sign(secret, body), signature)


def etag(content: bytes) -> str:
    # A cache validator, not a security boundary.
    return hashlib.md5(content, usedforsecurity=False).hexdigest()


def fingerprint(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def issue_access_token(claims: dict, key: str) -> str:
    return jwt.encode(claims, key, algorithm="HS256")


def decode_access_token(token: str, key: str) -> dict:
    return jwt.decode(token, key, algorithms=JWT_ALGORITHMS, options={"require": ["exp", "sub"]})


def hash_password(password: str) -> str:
    return pwd_context.hash(password)


def derive_key(password: bytes, salt: bytes) -> bytes:
    kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=salt, iterations=PBKDF2_ITERATIONS)
    return kdf.derive(password)


def derive_key_scrypt(password: bytes, salt: bytes) -> bytes:
    return hashlib.scrypt(password, salt=salt, n=2**15, r=8, p=1, maxmem=64 * 1024 * 1024)


def encrypt(key: bytes, plaintext: bytes, associated: bytes = b"") -> bytes:
    nonce = secrets.token_bytes(12)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, associated)


def new_signing_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=3072)


def new_exchange_key():
    return ec.generate_private_key(ec.SECP384R1())
