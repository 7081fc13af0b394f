"""Encryption at rest for secrets and tokens (AES-256-GCM from `cryptography`).

Stored form: ``v1:<base64url(nonce ‖ ciphertext+tag)>``. The associated data binds a
ciphertext to its purpose (e.g. ``zoom_account:client_secret``) so a value copied
into another column fails to decrypt instead of being misused.
"""

from __future__ import annotations

import base64
import binascii
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

_PREFIX = "v1:"
_NONCE_BYTES = 12

KEY_HELP = (
    "Generate one with `recruitbot keygen` and put it in RECRUITBOT_SECRET_KEY "
    "(keep it out of version control; losing it means re-linking every Zoom account)."
)


class SecretKeyError(ValueError):
    """The configured key is missing or malformed."""


class DecryptionError(ValueError):
    """A stored secret could not be decrypted (wrong key, or tampered data)."""


def generate_key() -> str:
    """A new random 256-bit key, base64url-encoded, for RECRUITBOT_SECRET_KEY."""
    return base64.urlsafe_b64encode(AESGCM.generate_key(bit_length=256)).decode("ascii")


class SecretBox:
    def __init__(self, key: str) -> None:
        try:
            raw = base64.urlsafe_b64decode(key.encode("ascii"))
        except (binascii.Error, ValueError, UnicodeEncodeError) as exc:
            raise SecretKeyError(f"RECRUITBOT_SECRET_KEY is not base64url. {KEY_HELP}") from exc
        if len(raw) != 32:
            raise SecretKeyError(f"RECRUITBOT_SECRET_KEY must decode to 32 bytes. {KEY_HELP}")
        self._aead = AESGCM(raw)

    def encrypt(self, plaintext: str, *, purpose: str) -> str:
        nonce = os.urandom(_NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, plaintext.encode("utf-8"), purpose.encode("utf-8"))
        return _PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode("ascii")

    def decrypt(self, stored: str, *, purpose: str) -> str:
        if not stored.startswith(_PREFIX):
            raise DecryptionError("unknown secret format")
        try:
            blob = base64.urlsafe_b64decode(stored[len(_PREFIX) :].encode("ascii"))
            plain = self._aead.decrypt(
                blob[:_NONCE_BYTES], blob[_NONCE_BYTES:], purpose.encode("utf-8")
            )
        except (InvalidTag, binascii.Error, ValueError) as exc:
            raise DecryptionError("secret could not be decrypted with the configured key") from exc
        return plain.decode("utf-8")
