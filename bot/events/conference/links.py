"""Secret links: long random tokens, of which only a SHA-256 is stored."""

from __future__ import annotations

import base64
import hashlib
import secrets

TOKEN_BYTES = 32


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def checkin_token(board_token: str) -> str:
    """The check-in link's token, derived one way from the board's so the board can show its QR
    while the database holds neither token; knowing it does not reveal the board's."""
    digest = hashlib.sha256(b"rounds-checkin:" + board_token.encode()).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")
