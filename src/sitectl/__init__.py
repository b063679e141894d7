"""sitectl: one YAML file per site, rendered into an Argo CD GitOps tree."""

__version__ = "0.1.0"
