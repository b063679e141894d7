"""Host names, Kubernetes names and label values, checked with a fix."""

from __future__ import annotations

import re

DNS_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
_LABEL_VALUE = re.compile(r"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")
_LABEL_NAME = re.compile(r"^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")
MAX_LABEL = 63
MAX_SUBDOMAIN = 253


def label_problem(value: str) -> str:
    """Describe why ``value`` is no DNS-1123 label, or return ``""``."""
    if len(value) > MAX_LABEL:
        return f"is {len(value)} characters, more than {MAX_LABEL}"
    if not DNS_LABEL.match(value):
        return ("must be lower-case letters, digits and '-', starting and "
                "ending with a letter or digit")
    return ""


def suggest_label(value: str) -> str:
    cleaned = re.sub(r"[^a-z0-9-]+", "-", value.lower()).strip("-")
    return cleaned[:MAX_LABEL].rstrip("-") or "site"


def label_value_problem(value: str) -> str:
    if len(value) > MAX_LABEL:
        return f"is {len(value)} characters, more than {MAX_LABEL}"
    if not _LABEL_VALUE.match(value):
        return ("must be letters, digits, '-', '_' and '.', starting and "
                "ending with a letter or digit")
    return ""


def label_key_problem(key: str) -> str:
    prefix, slash, name = key.rpartition("/")
    if slash and (len(prefix) > MAX_SUBDOMAIN or not all(
            DNS_LABEL.match(part) for part in prefix.split("."))):
        return f"prefix {prefix!r} is not a DNS subdomain"
    if not name or len(name) > MAX_LABEL or not _LABEL_NAME.match(name):
        return (f"name {name!r} must be 1 to 63 letters, digits, '-', '_' "
                "and '.', starting and ending with a letter or digit")
    return ""


def host_problem(domain: str) -> tuple[str, str]:
    """Check a host name; return (what is wrong, suggested fix) or blanks.

    A host is an RFC 1123 DNS name in lower case, without a scheme, path
    or port, of at least two labels.
    """
    if domain.strip() == "":
        return ("is only whitespace, which is neither empty nor a host name",
                'write domain: "" for no ingress, or a host name')
    bare = domain.strip()
    bare = bare.split("://", 1)[-1].split("/", 1)[0].rsplit("@", 1)[-1]
    bare = bare.split(":", 1)[0]
    bare = bare.lower().rstrip(".")
    fix = f"write {bare}" if bare and bare != domain else ""
    if "://" in domain or "/" in domain:
        return ("is a URL; a domain is a host name without scheme or path",
                fix)
    if ":" in domain:
        return "has a port; a domain is a host name only", fix
    if domain != domain.strip():
        return "has leading or trailing whitespace", fix
    if domain != domain.lower():
        return "has upper-case letters; host names are lower case", fix
    labels = domain.split(".")
    if len(domain) > MAX_SUBDOMAIN or len(labels) < 2 or not all(
            DNS_LABEL.match(part) for part in labels):
        return ("is not a DNS name (RFC 1123: labels of lower-case letters, "
                "digits and '-', separated by dots)", fix)
    return "", ""
