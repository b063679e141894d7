"""Rules on catalog references, secrets of the contract and generated files.

The checks live in ``sitectl.model.catalog`` and
``sitectl.model.resolve``; this module documents them.
"""

from __future__ import annotations

from sitectl.lint.rules.base import ERROR, WARNING, Rule, rule

RULES: list[Rule] = [
    rule("ref.unknown-path", ERROR, "a from: reference names no site value",
         """The path must be one of the site values (infra.redis.host,
         objectStore.bucket, ...). It is reported once, at the catalog
         entry, with the closest known path.""",
         "REDIS_HOST: {from: infra.redis.hostname}\n",
         "REDIS_HOST: {from: infra.redis.host}\n"),
    rule("ref.missing-value", ERROR,
         "a referenced site value is set for no layer of this site",
         """Neither fleet.yaml nor the site file sets the value, so the
         variable would be empty or missing in the pod.""",
         "# fleet.yaml\nREDIS_USER: {from: infra.redis.user}\n"
         "# the site sets no infra.redis.user\n",
         "# sites/acme.yaml\ninfra:\n  redis:\n    user: xgen-app\n"),
    rule("ref.missing-var", ERROR, "a referenced variable is not set",
         """The catalog reads vars.NAME, which the site does not set.
         There is no default section to fall back to.""",
         "# fleet.yaml\nTENANT_REGION: {var: TENANT_REGION}\n"
         "# sites/acme.yaml\nvars:\n  TENANT_REGON: eu-north\n",
         "vars:\n  TENANT_REGION: eu-north\n"),
    rule("ref.empty-value", ERROR, "a required reference resolves to \"\"",
         """An empty string passes "is set" checks and breaks later. A
         catalog entry may accept it with allowEmpty: true.""",
         'vars:\n  TENANT_REGION: ""\n', "vars:\n  TENANT_REGION: eu-north\n"),
    rule("ref.unused-var", WARNING, "a site variable is read by no service",
         "Often a misspelling of a variable that some service needs.",
         "vars:\n  TENANT_REGON: eu-north\n",
         "vars:\n  TENANT_REGION: eu-north\n", configurable=True),
    rule("ref.unknown-profile", ERROR, "the site's profile does not exist",
         "Profiles are declared under profiles: in fleet.yaml; the message "
         "suggests the closest one.",
         "profile: prodution\n", "profile: production\n"),
    rule("ref.unknown-service", ERROR,
         "a service override names no catalog service",
         "An override for a misspelt service would be lost silently.",
         "services:\n  xgen-cor:\n    replicas: 1\n",
         "services:\n  xgen-core:\n    replicas: 1\n"),
    rule("ref.url-invalid", ERROR, "a URL template is malformed",
         """Placeholders are {site.value.path}, {path?} for a value that
         may be unset, or {secret:<secret>/<KEY>}.""",
         'url: "redis://{infra.redis.host:6379"\n',
         'url: "redis://{infra.redis.host}:{infra.redis.port}"\n'),
    rule("secret.unknown-secret", ERROR,
         "a reference names a secret the contract does not declare",
         """The bootstrap creates exactly the secrets under secrets:, so a
         pod reading another one would never start.""",
         "LLM_API_KEY: {secret: xgen-llm/API_KEY}\n",
         "secrets:\n  xgen-llm: [API_KEY]\n"),
    rule("secret.unknown-key", ERROR,
         "a reference names a key the secret does not hold",
         """Secret keys are case-sensitive; a pod reading a missing key
         stays in CreateContainerConfigError.""",
         "DB_PASSWORD: {secret: xgen-app/postgres-password}\n",
         "DB_PASSWORD: {secret: xgen-app/POSTGRES_PASSWORD}\n"),
    rule("secret.in-configmap", ERROR, "a config entry reads a secret",
         "config entries become a ConfigMap, which is not for secrets.",
         "config:\n  TOKEN: {secret: xgen-app/JWT_SECRET}\n",
         "env:\n  TOKEN: {secret: xgen-app/JWT_SECRET}\n"),
    rule("secret.in-env-url", ERROR,
         "an env URL template contains a secret",
         """Kubernetes can insert a secret into an env value only as is,
         so an '@' or '/' in the password would change the URL. Build
         such URLs in a generated file, which percent-encodes them.""",
         "env:\n  REDIS_URL: {url: 'redis://:{secret:xgen-app/REDIS_PASSWORD}"
         "@{infra.redis.host}'}\n",
         "files:\n  - path: /app/config.yaml\n    format: yaml\n"
         "    content:\n      redis.url: {url: 'redis://:"
         "{secret:xgen-app/REDIS_PASSWORD}@{infra.redis.host}'}\n"),
    rule("secret.literal", ERROR,
         "a credential is written into a fleet or site file",
         """Secrets never enter Git: name the secret key in the contract
         and supply the value from the environment or a secret manager.
         The message never repeats the value.""",
         "infra:\n  redis:\n    password: Hq7x9Lp\n",
         "secrets:\n  xgen-app: [REDIS_PASSWORD]\n"),
    rule("catalog.literal-endpoint", ERROR,
         "the catalog holds an endpoint instead of a reference",
         """An endpoint in the catalog reaches every site, which is how a
         MinIO host ended up on an S3 site. Refer to the site value.""",
         "MINIO_ENDPOINT: {value: minio.xgen-system.svc.cluster.local:9000}\n",
         "MINIO_ENDPOINT: {from: objectStore.endpoint}\n"),
    rule("config.command-writes-file", ERROR,
         "a command or its args write a configuration file at start",
         """A start command that edits a file with sed breaks on a '/', '&'
         or '|' in a value and is how literal credentials crept in.
         Declare the file under files: so sitectl generates it.""",
         "args: [sh, -c, \"sed -i s/minio/$HOST/ /app/.env && exec app\"]\n",
         "files:\n  - path: /app/.env\n    format: dotenv\n    content:\n"
         "      MINIO_ENDPOINT: {from: objectStore.endpoint}\n"),
    rule("config.generator-missing", ERROR,
         "generated files need the configGenerator image",
         """The init container that writes the files runs an image from
         each site's registry, named once in fleet.yaml.""",
         "services:\n  xgen-documents:\n    files: [...]\n",
         "configGenerator: {image: tools/python, tag: \"3.12-slim\"}\n"),
    rule("config.duplicate-path", ERROR, "a service declares a file twice",
         "Two files at one path would overwrite each other.",
         "files:\n  - path: /app/.env\n  - path: /app/.env\n",
         "files:\n  - path: /app/.env\n"),
    rule("config.file-shape", ERROR,
         "a generated file's settings do not fit its format",
         """dotenv files take variable names and no section, and only
         dotenv files take a reader. A YAML key cannot have a value and
         nested keys at once.""",
         "format: dotenv\nsection: {var: APP_SITE}\n",
         "format: yaml\nsection: {var: APP_SITE}\n"),
]
