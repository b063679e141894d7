"""URL templates of the catalog: ``scheme://{path}:{secret:name/KEY}@...``.

A placeholder is a site value path (``infra.redis.host``), the same path
with ``?`` when it may be unset, or ``secret:<secret>/<KEY>``. Every
inserted value is percent-encoded, so an ``@``, ``:`` or ``/`` in a
password cannot change the host the URL points at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


@dataclass(frozen=True)
class Slot:
    """Literal text, a site value path or a secret reference."""

    text: str | None = None
    path: str | None = None
    secret: str | None = None
    optional: bool = False


def parse_url(template: str) -> list[Slot]:
    """Split a template into slots; raise ValueError when it is malformed."""
    slots: list[Slot] = []
    position = 0
    for match in _PLACEHOLDER.finditer(template):
        literal = template[position:match.start()]
        if literal:
            slots.append(Slot(text=literal))
        slots.append(_placeholder(match.group(1)))
        position = match.end()
    rest = template[position:]
    if rest:
        slots.append(Slot(text=rest))
    for slot in slots:
        if slot.text is not None and ("{" in slot.text or "}" in slot.text):
            raise ValueError(f"unbalanced brace in URL template {template!r}")
    if "://" not in template.split("{", 1)[0]:
        raise ValueError(f"URL template {template!r} must start with a "
                         "scheme such as redis:// or postgresql://")
    return slots


def _placeholder(inner: str) -> Slot:
    inner = inner.strip()
    if not inner:
        raise ValueError("empty placeholder {} in URL template")
    if inner.startswith("secret:"):
        return Slot(secret=inner[len("secret:"):].strip())
    if inner.endswith("?"):
        return Slot(path=inner[:-1], optional=True)
    return Slot(path=inner)
