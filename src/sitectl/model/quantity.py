"""Kubernetes resource quantities (``500m``, ``1.5Gi``, ``2e3``).

Follows the grammar of k8s.io/apimachinery/pkg/api/resource: a signed
decimal number followed by a binary suffix (Ki..Ei), a decimal suffix
(n, u, m, k, M, G, T, P, E) or a decimal exponent (``e3``, ``E-2``).
"""

from __future__ import annotations

import functools
import re
from fractions import Fraction

_QUANTITY = re.compile(
    r"^(?P<number>[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))"
    r"(?P<suffix>Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$"
)
# Kubernetes quantities fit in 63 bits with a scale of at most 10^18;
# a larger exponent can only be a typing error.
MAX_EXPONENT = 18
_BINARY = {"Ki": 1, "Mi": 2, "Gi": 3, "Ti": 4, "Pi": 5, "Ei": 6}
_DECIMAL = {"n": -9, "u": -6, "m": -3, "k": 3, "M": 6, "G": 9, "T": 12,
            "P": 15, "E": 18}


@functools.lru_cache(maxsize=4096)
def parse_quantity(text: str) -> Fraction:
    """Return the exact value of a quantity; raise ValueError if invalid."""
    match = _QUANTITY.match(text)
    if not match:
        raise ValueError(
            f"{text!r} is not a Kubernetes quantity; write a number with "
            "an optional suffix such as 500m, 2, 512Mi or 1Gi"
        )
    value = Fraction(match.group("number"))
    suffix = match.group("suffix") or ""
    if suffix[:1] in ("e", "E") and abs(int(suffix[1:])) > MAX_EXPONENT:
        raise ValueError(
            f"{text!r} is out of range: the exponent may be at most "
            f"{MAX_EXPONENT}")
    if suffix in _BINARY:
        return value * Fraction(1024) ** _BINARY[suffix]
    if suffix in _DECIMAL:
        return value * Fraction(10) ** _DECIMAL[suffix]
    if suffix:
        return value * Fraction(10) ** int(suffix[1:])
    return value
