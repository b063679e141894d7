"""Layer 4: credentials written into fleet and site files.

Values are scanned wherever they sit. Key names that only name a secret
(``pullSecret``, ``tlsSecret``, ``ciCredentialId``), the secret contract
and ``{secret: ...}`` references are not credentials. No message
repeats a value it suspects to be a secret.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Any

from sitectl.errors import FindingList
from sitectl.lint.rules.base import ERROR, WARNING, Rule, rule
from sitectl.model.catalog import CREDENTIAL_NAME
from sitectl.model.yamlfile import Document, KeyPath, dotted_path
from sitectl.redact import PLACEHOLDER, TOKENS

RULES: list[Rule] = [
    rule("secret.url-userinfo", ERROR, "a URL carries a password",
         """A URL with a password in its user part puts the credential in
         Git. This includes an empty user (redis://:pass@host), the
         usual Redis form, which other scanners miss.""",
         "vars:\n  CACHE_URL: redis://:S0me!pass@10.0.0.5:6379/0\n",
         "url: \"redis://:{secret:xgen-app/REDIS_PASSWORD}@"
         "{infra.redis.host}:6379/0\"\n"),
    rule("secret.default-credential", ERROR,
         "a well-known default credential is used",
         """minio123, minioadmin and friends are the first thing an
         attacker tries, and they are how on-prem defaults reached a
         cloud site.""",
         "vars:\n  STORE_USER: minioadmin\n",
         "secrets:\n  xgen-app: [OBJECT_STORE_ACCESS_KEY]\n"),
    rule("secret.token-format", ERROR, "a value looks like an API token",
         """AWS access keys, GitHub and Slack tokens, JWTs and private
         keys have recognisable shapes; rotate the credential and remove
         it.""",
         "vars:\n  AWS_KEY_ID: AKIAIOSFODNN7EXAMPLE\n",
         "secrets:\n  xgen-app: [AWS_ACCESS_KEY_ID]\n"),
    rule("secret.high-entropy", WARNING,
         "a long value looks random, like a secret",
         """Random-looking strings of 20 or more characters are usually
         keys or tokens. Host names, URLs and paths are not reported.""",
         "vars:\n  SESSION_SALT: c2VjcmV0LXNhbHQtZm9yLXNlc3Npb25z\n",
         "vars:\n  SESSION_NAME: xgen-session\n", configurable=True),
]

# Keys that name a secret or credential id rather than hold one.
NAMING_KEYS = {"pullSecret", "tlsSecret", "ciCredentialId", "secret",
               "apiKey", "secrets"}
ALWAYS_DEFAULT = {"minio123", "minioadmin", "changeme", "changeit"}
DEFAULT_IF_CREDENTIAL = {"admin", "password", "secret", "guest", "root",
                         "postgres", "redis", "test"}


def check_document(doc: Document, findings: FindingList) -> None:
    _walk(doc, (), doc.data, findings)


def _walk(doc: Document, keys: KeyPath, data: Any,
          findings: FindingList) -> None:
    if isinstance(data, dict):
        for key, value in data.items():
            if key in NAMING_KEYS and keys[:1] != ("vars",):
                continue
            _walk(doc, keys + (key,), value, findings)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            _walk(doc, keys + (index,), value, findings)
    elif isinstance(data, str) and data:
        _value(doc, keys, data, findings)


def _value(doc: Document, keys: KeyPath, value: str,
           findings: FindingList) -> None:
    name = next((k for k in reversed(keys) if isinstance(k, str)), "")
    where = doc.location(keys)
    dotted = dotted_path(keys)
    lowered = value.lower()
    if TOKENS.search(value):
        findings.add(where, "secret.token-format",
                     f"{dotted} contains what looks like an API token or "
                     "private key", hint="rotate the credential, remove it "
                     "and reference a secret key instead")
        return
    if _url_password(value):
        findings.add(where, "secret.url-userinfo",
                     f"{dotted} is a URL with a password in it",
                     hint="build the URL from {secret: ...} in a url "
                     "template, or pass the password separately")
        return
    if lowered in ALWAYS_DEFAULT or (
            CREDENTIAL_NAME.search(name)
            and lowered in DEFAULT_IF_CREDENTIAL):
        findings.add(where, "secret.default-credential",
                     f"{dotted} is a well-known default credential",
                     hint="generate a credential per site and keep it in "
                     "the secret store")
        return
    if CREDENTIAL_NAME.search(name) and keys[:1] == ("vars",):
        findings.add(where, "secret.literal",
                     f"{dotted} holds a credential in a site file",
                     hint="declare the key in secrets and reference it "
                     "with {secret: <secret>/<KEY>} in the catalog")
        return
    if _looks_random(value):
        findings.add(where, "secret.high-entropy",
                     f"{dotted} looks like a random secret "
                     f"({len(value)} characters)",
                     hint="move it to a secret; disable the rule on this "
                     "line if it is not one", severity=WARNING)


def _url_password(value: str) -> bool:
    """Tell whether a URL carries a password before its last '@'.

    The user part is cut by hand instead of with urllib, because an
    unencoded '#', '/' or '?' in a password makes urllib read the rest
    as fragment, path or query and miss the password.
    """
    scheme, sep, rest = value.partition("://")
    if not sep or not scheme or "@" not in rest or " " in scheme:
        return False
    userinfo = rest[:rest.rfind("@")]
    colon = _top_level_colon(userinfo)
    if colon < 0:
        return False
    password = userinfo[colon + 1:]
    if re.match(r"^\d+(/|$)", password):
        return False  # host:port/path with an '@' later in the path
    return bool(password) and not PLACEHOLDER.match(password)


def _top_level_colon(text: str) -> int:
    """Return the index of the first ':' outside {placeholders}, or -1."""
    depth = 0
    for index, char in enumerate(text):
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(depth - 1, 0)
        elif char == ":" and depth == 0:
            return index
    return -1


def _looks_random(value: str) -> bool:
    if len(value) < 20 or any(c in value for c in "/.: ") or \
            not re.fullmatch(r"[A-Za-z0-9+=_-]+", value):
        return False
    counts = Counter(value)
    entropy = -sum(n / len(value) * math.log2(n / len(value))
                   for n in counts.values())
    if re.fullmatch(r"[0-9a-f]+", value):
        return len(value) >= 32 and entropy >= 3.0
    # Generated keys mix upper case, lower case and digits; names such
    # as acme-00012-eks-production do not.
    mixed = all(re.search(p, value) for p in ("[A-Z]", "[a-z]", "[0-9]"))
    return mixed and entropy >= 4.0
