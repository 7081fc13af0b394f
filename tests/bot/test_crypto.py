"""bot.crypto: AES-256-GCM secrets bound to a purpose."""

from __future__ import annotations

import base64

import pytest

from bot.crypto import DecryptionError, SecretBox, SecretKeyError, generate_key

PURPOSE = "zoom_account:client_secret"


@pytest.fixture
def box() -> SecretBox:
    return SecretBox(generate_key())


@pytest.mark.parametrize("plaintext", ["s3cr3t", "", "採用担当の秘密 🔑", "x" * 5000])
def test_round_trip(box: SecretBox, plaintext: str) -> None:
    stored = box.encrypt(plaintext, purpose=PURPOSE)
    assert stored.startswith("v1:")
    assert plaintext == "" or plaintext not in stored
    assert box.decrypt(stored, purpose=PURPOSE) == plaintext


def test_wrong_purpose_fails(box: SecretBox) -> None:
    stored = box.encrypt("token", purpose="zoom_account:access_token")
    with pytest.raises(DecryptionError):
        box.decrypt(stored, purpose=PURPOSE)


def test_wrong_key_fails(box: SecretBox) -> None:
    stored = box.encrypt("token", purpose=PURPOSE)
    with pytest.raises(DecryptionError):
        SecretBox(generate_key()).decrypt(stored, purpose=PURPOSE)


def test_tampered_ciphertext_fails(box: SecretBox) -> None:
    stored = box.encrypt("token", purpose=PURPOSE)
    blob = bytearray(base64.urlsafe_b64decode(stored[3:]))
    blob[-1] ^= 0x01
    tampered = "v1:" + base64.urlsafe_b64encode(bytes(blob)).decode()
    with pytest.raises(DecryptionError):
        box.decrypt(tampered, purpose=PURPOSE)


@pytest.mark.parametrize(
    "stored", ["plain text", "v2:abcd", "v1:!!!not-base64!!!", "v1:", "v1:AAAA"]
)
def test_malformed_stored_values_fail(box: SecretBox, stored: str) -> None:
    with pytest.raises(DecryptionError):
        box.decrypt(stored, purpose=PURPOSE)


@pytest.mark.parametrize(
    "key",
    [
        "",
        "not base64 at all ✗",
        base64.urlsafe_b64encode(b"too short").decode(),
        base64.urlsafe_b64encode(b"k" * 33).decode(),
    ],
)
def test_malformed_key_message_says_how_to_make_one(key: str) -> None:
    with pytest.raises(SecretKeyError, match="recruitbot keygen"):
        SecretBox(key)


def test_generated_keys_are_32_bytes_and_distinct() -> None:
    keys = {generate_key() for _ in range(5)}
    assert len(keys) == 5
    assert all(len(base64.urlsafe_b64decode(k)) == 32 for k in keys)


def test_nonces_differ_per_encryption(box: SecretBox) -> None:
    sealed = [box.encrypt("same", purpose=PURPOSE) for _ in range(20)]
    nonces = {base64.urlsafe_b64decode(s[3:])[:12] for s in sealed}
    assert len(set(sealed)) == 20
    assert len(nonces) == 20
