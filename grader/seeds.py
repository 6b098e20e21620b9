"""Hidden-case seeds: one per student, derived from a course secret nobody else sees."""

from __future__ import annotations

import hashlib
import os

SECRET_ENV = "DLKIT_SECRET"


def course_secret(value: str | None = None) -> str:
    secret = value or os.environ.get(SECRET_ENV)
    if not secret:
        raise ValueError(f"hidden cases need a course secret: pass --secret or set ${SECRET_ENV}")
    return secret


def student_seed(secret: str, student: str) -> int:
    """A 32-bit seed from secret and student id: stable, and unguessable without the secret."""
    digest = hashlib.sha256(f"{secret}\0{student}".encode()).digest()
    return int.from_bytes(digest[:4], "big")
