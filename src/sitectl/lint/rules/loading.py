"""Rules that loading and validation check (layers 1 and 2).

The checks live in ``sitectl.model``. This module contains their
documentation, so that ``lint --explain`` and docs/rules.md cover them.
"""

from __future__ import annotations

from sitectl.lint.rules.base import ERROR, INFO, Rule, rule

RULES: list[Rule] = [
    rule("yaml.syntax", ERROR, "the file is not valid YAML",
         """The file cannot be parsed. Common causes are a tab used for
         indentation, a value that starts with a character YAML
         reserves (@, `, %) and an unclosed bracket.""",
         "vars:\n  OWNER: @platform\n",
         'vars:\n  OWNER: "@platform"\n'),
    rule("file.unreadable", ERROR, "a fleet file or folder cannot be read",
         """The file exists but the operating system refused to read it,
         usually because of its permissions; nothing is guessed for
         it.""",
         "$ ls -l sites/aww.yaml\n--w------- root root sites/aww.yaml\n",
         "$ chmod 644 sites/aww.yaml\n"),
    rule("yaml.empty", ERROR, "the file has no content",
         "An empty site file would add a site with no settings at all.",
         "# nothing yet\n", "apiVersion: sitectl.io/v1alpha1\nkind: Site\n"),
    rule("yaml.implicit-type", ERROR,
         "a plain value means different things to YAML 1.1 and 1.2 readers",
         """Kubernetes tooling and PyYAML read YAML 1.1, where yes, off,
         y, 0027, 22:30 and 2026-12-04 are not text; YAML 1.2 readers
         read some of them as text and others as other numbers. The
         value as typed is lost either way, so sitectl rejects it until
         it is quoted. Plain true, false and decimal integers without
         a leading zero are read the same by all and are accepted where
         the schema expects them.""",
         "vars:\n  FEATURE_SEARCH: yes\n  UPLOAD_UMASK: 0027\n",
         'vars:\n  FEATURE_SEARCH: "yes"\n  UPLOAD_UMASK: "0027"\n'),
    rule("yaml.comment-value", ERROR,
         "a value is empty because ' #' started a comment",
         """In a plain value, a '#' after a space starts a comment, so
         'MOTD: #planned' has no value at all. Quote the text.""",
         "vars:\n  MOTD: #planned maintenance\n",
         'vars:\n  MOTD: "#planned maintenance"\n'),
    rule("yaml.duplicate-key", ERROR, "a key appears twice in one mapping",
         """PyYAML and Helm keep the last copy silently, Go's yaml.v3 and
         kustomize reject the file, so the result depends on the reader.
         sitectl rejects it and names both places.""",
         "vars:\n  LOG_LEVEL: info\n  LOG_LEVEL: debug\n",
         "vars:\n  LOG_LEVEL: debug\n"),
    rule("yaml.merge-key", ERROR, "a merge key (<<) is used",
         """Merge keys are a YAML 1.1 extension that YAML 1.2 readers and
         serde_yaml do not apply. Shared settings belong in fleet.yaml or
         a profile.""",
         "services:\n  xgen-core:\n    <<: *small\n",
         "profile: cloud-small\n"),
    rule("yaml.tag", ERROR, "a YAML tag is used",
         """A value that starts with '!' is a tag, which sitectl files do
         not use; serde_yaml even drops the tagged value silently.""",
         "vars:\n  TOKEN_NAME: !api\n", 'vars:\n  TOKEN_NAME: "!api"\n'),
    rule("yaml.complex-key", ERROR, "a key is a list or a mapping",
         "Keys of sitectl files are always text; a list or mapping as a key "
         "has no meaning in them.",
         "? [a, b]\n: 1\n", "a: 1\n"),
    rule("yaml.alias-bomb", ERROR, "aliases expand to too many values",
         """A few nested aliases can expand to billions of values. sitectl
         stops at 100,000 values per file without expanding further.""",
         "a: &a [x, x]\nb: &b [*a, *a]\n# ... nine levels\n",
         "a: [x, x]\n"),
    rule("schema.unknown-key", ERROR, "a key is not part of the format",
         """Misspelt keys are never ignored, because an ignored key is a
         silently lost setting. The message suggests the closest key.""",
         "profle: cloud-small\n", "profile: cloud-small\n"),
    rule("schema.missing-key", ERROR, "a required key is missing",
         "The format requires the key; there is no implicit default.",
         "registry:\n  host: nexus.example.internal:5000\n",
         "registry:\n  host: nexus.example.internal:5000\n"
         "  ciCredentialId: acme-ci\n  pullSecret: acme-pull\n"),
    rule("schema.invalid-value", ERROR, "a value has the wrong type or form",
         """Strings are not turned into numbers or booleans and back:
         text fields take quoted text, numbers take numbers, and
         endpoints take host[:port] without a scheme.""",
         "vars:\n  WORKERS: 4\n", 'vars:\n  WORKERS: "4"\n'),
    rule("schema.empty-value", ERROR, "a key has no value",
         """An empty value (key:, ~ or null) is never taken as a default.
         Delete the key to inherit, or write "" for empty text.""",
         "domain:\n", 'domain: ""\n'),
    rule("fleet.not-found", ERROR, "there is no fleet.yaml",
         "sitectl needs the fleet folder that holds fleet.yaml.",
         "$ sitectl render sites/\n", "$ sitectl render .\n"),
    rule("fleet.no-sites", ERROR, "the fleet has no site files",
         "Sites live in sites/<name>.yaml next to fleet.yaml; a fleet "
         "without them renders nothing.",
         "fleet.yaml\n", "fleet.yaml\nsites/main.yaml\n"),
    rule("fleet.stray-file", ERROR, "a YAML entry in sites/ is not a site",
         """A site file that is skipped would drop a customer without a
         word: two files for one site, an upper-case extension, a folder
         or a broken link in sites/ are reported.""",
         "sites/aww.yaml\nsites/aww.yml\n", "sites/aww.yaml\n"),
    rule("site.not-found", ERROR, "--site names no site file",
         "The site file sites/<name>.yaml does not exist; the message "
         "suggests the closest site name.",
         "$ sitectl render --site mian\n", "$ sitectl render --site main\n"),
    rule("site.name-mismatch", ERROR, "a site's name differs from its file",
         """One file per site: sites/aww.yaml must contain name: aww, so the
         folder, the image paths and the Application names agree.""",
         "# sites/aww.yaml\nname: aws\n", "# sites/aww.yaml\nname: aww\n"),
    rule("ingress.no-domain", INFO,
         "the site has no domain, so no ingress is rendered",
         """An empty domain is normal for a cloud site whose domain is not
         decided. Services that would have ingress come up without it;
         no Gateway with an empty host is ever rendered.""",
         'domain: ""\n', "domain: xgen.example.com\n", configurable=True),
]
