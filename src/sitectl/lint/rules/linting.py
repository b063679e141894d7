"""Rules about the lint settings themselves."""

from __future__ import annotations

from sitectl.lint.rules.base import ERROR, Rule, rule

RULES: list[Rule] = [
    rule("lint.unknown-rule", ERROR, "a setting or comment names no rule",
         """A misspelt rule id in lint.rules or in a disable comment would
         silently change nothing.""",
         "lint:\n  rules:\n    yaml.coment-in-value: off\n",
         "lint:\n  rules:\n    yaml.comment-in-value: off\n"),
    rule("lint.not-configurable", ERROR,
         "a setting changes a rule that must stay an error",
         """Rules that guard against objects Kubernetes or Argo CD would
         reject, or against a wrong deployment, cannot be turned down.""",
         "lint:\n  rules:\n    yaml.duplicate-key: warning\n",
         "lint:\n  rules:\n    ref.unused-var: error\n"),
]
