"""Mask credentials in text that sitectl prints.

Every finding passes its message and fix through ``redact``, so a
password in a URL or a token pasted into a fleet file is never printed
back, whichever check reports the value.
"""

from __future__ import annotations

import re

MASK = "***"

# scheme://user:password@ (the user part may be empty), or user:password@
# at the start of a word when the scheme is missing.
_USERINFO = re.compile(
    r"(?P<head>(?:[A-Za-z][A-Za-z0-9+.-]*://|(?<![^\s'\"(]))"
    r"[^/@\s:'\"]*:)(?P<secret>[^@\s'\"]+)@")
TOKENS = re.compile(
    r"(AKIA[0-9A-Z]{16}|ASIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{30,}"
    r"|xox[abpr]-[A-Za-z0-9-]{10,}|-----BEGIN [A-Z ]*PRIVATE KEY-----"
    r"|eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*)")
# A reference that stands for a secret: {secret:...}, $(VAR) or ${VAR}.
PLACEHOLDER = re.compile(r"^(\{secret:[^}]+\}|\$\([^)]+\)|\$\{[^}]+\})$")


def _mask_userinfo(match: re.Match[str]) -> str:
    secret = match.group("secret")
    if PLACEHOLDER.match(secret) or re.match(r"^\d+(/|$)", secret):
        return match.group(0)
    return f"{match.group('head')}{MASK}@"


def redact(text: str) -> str:
    """Return ``text`` with URL passwords and API tokens masked."""
    if "@" in text:
        text = _USERINFO.sub(_mask_userinfo, text)
    return TOKENS.sub(MASK, text)
