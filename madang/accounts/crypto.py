"""Personal data at rest: encrypted e-mail addresses, blind indexes, keyed address hashes.

Every key comes from ``MADANG_DATA_KEY`` (or ``var/data_key``), never from the
database. Several comma-separated keys may be given, newest first: encryption
uses the newest, decryption tries each (Fernet's MultiFernet), so a rotation can
re-encrypt at leisure (``madang rotate_data_key``).
"""

from __future__ import annotations

import hashlib
import hmac
from base64 import urlsafe_b64encode
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

INDEX_LENGTH = 64


def derive_key(secret: str, purpose: str) -> bytes:
    """A 32-byte key for one purpose, so one secret never serves two uses."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"madang", info=purpose.encode()).derive(
        secret.encode()
    )


def _keys() -> tuple[str, ...]:
    return tuple(settings.MADANG_DATA_KEYS)


@lru_cache(maxsize=4)
def _cipher(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet(
        [Fernet(urlsafe_b64encode(derive_key(key, "email-encryption"))) for key in keys]
    )


@lru_cache(maxsize=8)
def _index_key(key: str, purpose: str) -> bytes:
    return derive_key(key, purpose)


def normalize_email(address: str) -> str:
    return address.strip().lower()


def encrypt_email(address: str) -> str:
    return _cipher(_keys()).encrypt(normalize_email(address).encode()).decode()


def decrypt_email(token: str) -> str:
    if not token:
        return ""
    try:
        return _cipher(_keys()).decrypt(token.encode()).decode()
    except InvalidToken:
        # Encrypted under a key no longer configured: the address is lost, not guessed.
        return ""


def reencrypt_email(token: str) -> str:
    """The same address under the newest key."""
    return _cipher(_keys()).rotate(token.encode()).decode()


def email_index(address: str) -> str:
    """A keyed hash of the address for lookups (unique per member), not reversible."""
    key = _index_key(_keys()[0], "email-index")
    return hmac.new(key, normalize_email(address).encode(), hashlib.sha256).hexdigest()


def address_hash(address: str) -> str:
    """A keyed hash of a client address, kept after the raw address is gone."""
    key = _index_key(_keys()[0], "client-address")
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()[:32]


def keyed_hash(value: str, purpose: str) -> str:
    """A keyed hash for short-lived counters (throttling), never stored with names."""
    key = _index_key(_keys()[0], purpose)
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()[:32]
