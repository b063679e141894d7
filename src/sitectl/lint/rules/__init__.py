"""The rule table: every rule id sitectl reports, with its documentation.

Rules are grouped in one module per layer; this explicit table is the
only place that lists the modules.
"""

from __future__ import annotations

from sitectl.lint.rules import (
    linting,
    loading,
    meaning,
    objects,
    references,
    secrets,
    site,
    yaml_text,
)
from sitectl.lint.rules.base import Rule

MODULES = (loading, yaml_text, references, site, meaning, secrets, objects,
           linting)

RULES: dict[str, Rule] = {
    entry.id: entry for module in MODULES for entry in module.RULES
}
