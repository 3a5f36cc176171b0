"""Field encryption and key management."""

from Crypto.Cipher import AES, ARC4, DES3
from Crypto.Hash import MD5
from Crypto.PublicKey import RSA
from Crypto.Util.Padding import pad
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

KEY_BITS = 1024


def encrypt_field(key, value):
    cipher = AES.new(key, AES.MODE_ECB)  # expect: SW124
    return cipher.encrypt(pad(value.encode(), AES.block_size))


def encrypt_blob(key, data):
    encryptor = Cipher(algorithms.AES(key), modes.ECB()).encryptor()  # expect: SW124
    return encryptor.update(data) + encryptor.finalize()


def encrypt_legacy(key, iv, data):
    cipher = DES3.new(key, DES3.MODE_CBC, iv)  # expect: SW123
    return cipher.encrypt(pad(data, DES3.block_size))


def obfuscate(key, data):
    return ARC4.new(key).encrypt(data)  # expect: SW123


def blowfish_cipher(key, iv):
    return Cipher(
        algorithms.Blowfish(key),  # expect: SW123
        modes.CBC(iv),
    )


def checksum(data):
    return MD5.new(data).hexdigest()  # expect: SW122


def file_digest(data):
    digest = hashes.Hash(hashes.SHA1())  # expect: SW122
    digest.update(data)
    return digest.finalize()


def generate_keypair():
    return rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)  # expect: SW125


def generate_legacy_key():
    return RSA.generate(1024)  # expect: SW125


def generate_device_key():
    return ec.generate_private_key(ec.SECP192R1())  # expect: SW125


def derive(password, salt):
    kdf = Scrypt(salt=salt, length=32, n=2**10, r=8, p=1)  # expect: SW145
    return kdf.derive(password)


def derive_pbkdf2(password, salt):
    kdf = PBKDF2HMAC(
        algorithm=hashes.SHA256(),
        length=32,
        salt=salt,
        iterations=10_000,  # expect: SW145
    )
    return kdf.derive(password)
