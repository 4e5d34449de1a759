"""argon2id password hashing (argon2-cffi), with the library's recommended parameters."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from confide.errors import InvalidInput

MIN_PASSWORD = 12
_hasher = PasswordHasher()  # argon2id, RFC 9106 low-memory profile defaults


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput("password too short", fields={"password": f"min_{MIN_PASSWORD}"})
    return _hasher.hash(password)


def password_matches(stored: str, password: str) -> bool:
    """True when `password` matches; a damaged hash never matches."""
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


# A real hash of a random string: verifying against it when the user is unknown keeps
# login time the same whether or not the username exists.
DUMMY_HASH = _hasher.hash("confide-no-such-user-placeholder")
