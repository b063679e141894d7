"""The CI image plan: what to build and push, or mirror, for each site.

A service image is built by CI and pushed to the site's registry with
the site's CI credential. The configuration generator image is not
built, but it must be mirrored into every site registry whose pods use
it.
The same image used by several environments of a site is listed once.
"""

from __future__ import annotations

from dataclasses import dataclass

from sitectl.model.plan import EnvPlan


@dataclass(frozen=True)
class ImageRow:
    site: str
    service: str
    image: str
    registry: str
    ci_credential: str
    action: str
    environments: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        """Return the row with the fleet file's key names, for CI."""
        return {
            "site": self.site,
            "service": self.service,
            "image": self.image,
            "registry": self.registry,
            "ciCredentialId": self.ci_credential,
            "action": self.action,
            "environments": list(self.environments),
        }


def image_rows(plans: list[EnvPlan]) -> list[ImageRow]:
    rows: dict[tuple[str, str], ImageRow] = {}

    def add(plan: EnvPlan, service: str, image: str, action: str) -> None:
        key = (plan.site, image)
        found = rows.get(key)
        if found is not None and plan.environment in found.environments:
            return
        if found is not None:
            rows[key] = ImageRow(
                found.site, found.service, found.image, found.registry,
                found.ci_credential, found.action,
                found.environments + (plan.environment,))
            return
        rows[key] = ImageRow(plan.site, service, image, plan.registry_host,
                             plan.ci_credential, action,
                             (plan.environment,))

    for plan in plans:
        for service in plan.services:
            add(plan, service.name, service.image, "build")
            if service.files and plan.generator_image:
                add(plan, "(config generator)", plan.generator_image,
                    "mirror")
    return sorted(rows.values(), key=lambda r: (r.site, r.action, r.image))
