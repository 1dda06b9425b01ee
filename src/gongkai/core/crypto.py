"""Encryption at rest for identity numbers, and the keyed hash used to find them.

Both keys are derived (HKDF-SHA256) from GONGKAI_DATA_KEY, so an operator manages one secret.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import models

PREFIX = "enc1:"


def _derive(purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"gongkai", info=purpose).derive(
        settings.GONGKAI_DATA_KEY.encode()
    )


@lru_cache(maxsize=4)
def _fernet(data_key: str) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(_derive(b"encryption")))


@lru_cache(maxsize=4)
def _index_key(data_key: str) -> bytes:
    return _derive(b"lookup-index")


def encrypt(value: str) -> str:
    if not value:
        return ""
    return PREFIX + _fernet(settings.GONGKAI_DATA_KEY).encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    if not token:
        return ""
    if not token.startswith(PREFIX):
        raise ValueError("not an encrypted value")
    try:
        return _fernet(settings.GONGKAI_DATA_KEY).decrypt(token[len(PREFIX) :].encode()).decode()
    except InvalidToken as exc:
        raise ValueError("cannot decrypt: wrong GONGKAI_DATA_KEY or damaged value") from exc


def lookup_hash(value: str) -> str:
    """Keyed hash (HMAC-SHA256) of a normalised value: equal inputs match, the value stays secret."""
    if not value:
        return ""
    normalised = value.strip().upper()
    key = _index_key(settings.GONGKAI_DATA_KEY)
    return hmac.new(key, normalised.encode(), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """Text stored encrypted (Fernet: AES-128-CBC + HMAC); cannot be filtered on, use lookup_hash."""

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(value)
