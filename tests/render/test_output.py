"""The output folder: ownership, --check, --site, streaming, no half trees."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from conftest import BASE_SITE, documents, site_named, write_fleet
from sitectl.render import output


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def two_sites(tmp_path: Path) -> Path:
    globex = site_named("globex")
    return write_fleet(tmp_path / "f", sites={"acme": BASE_SITE,
                                              "globex": globex})


def test_two_renders_are_identical(two_sites, tmp_path, cli):
    assert cli("render", str(two_sites), "-o", str(tmp_path / "a")).code == 0
    assert cli("render", str(two_sites), "-o", str(tmp_path / "b")).code == 0
    first = snapshot(tmp_path / "a")
    assert first == snapshot(tmp_path / "b")
    assert len(first) == 13


def test_check_passes_then_fails_after_edit(two_sites, cli):
    out = two_sites / "rendered"
    assert cli("render", str(two_sites)).code == 0
    result = cli("render", str(two_sites), "--check")
    assert result.code == 0
    assert "up to date" in result.err

    edited = out / "acme/prod/services/api.yaml"
    edited.write_text(edited.read_text() + "# hand edit\n")
    (out / "globex/prod/services/web.yaml").unlink()
    (out / "acme/prod/notes.yaml").write_text("kind: Note\n")
    before = snapshot(out)
    result = cli("render", str(two_sites), "--check")
    assert result.code == 1
    assert f"stale: {edited}" in result.err
    missing = two_sites / "rendered/globex/prod/services/web.yaml"
    assert f"missing: {missing}" in result.err
    assert f"extra: {out / 'acme/prod/notes.yaml'}" in result.err
    assert snapshot(out) == before


def test_check_sees_changed_input(two_sites, cli):
    assert cli("render", str(two_sites)).code == 0
    site = two_sites / "sites/acme.yaml"
    site.write_text(site.read_text().replace("hello", "bonjour"))
    assert cli("render", str(two_sites), "--check").code == 1


def test_removed_site_and_service_disappear(two_sites, cli):
    assert cli("render", str(two_sites)).code == 0
    (two_sites / "sites/globex.yaml").unlink()
    site = two_sites / "sites/acme.yaml"
    site.write_text(site.read_text().replace(
        "vars:", "services:\n  api:\n    enabled: false\nvars:"))
    assert cli("render", str(two_sites)).code == 0
    out = two_sites / "rendered"
    assert not (out / "globex").exists()
    assert not (out / "acme/prod/services/api.yaml").exists()
    apps = (out / "acme/prod/apps.yaml").read_text()
    assert "name: acme-prod-api\n" not in apps
    assert "name: acme-prod-web\n" in apps
    assert (out / "acme/prod/services/web.yaml").is_file()


def test_refuses_folder_it_does_not_own(two_sites, tmp_path, cli):
    target = tmp_path / "mine"
    target.mkdir()
    (target / "notes.txt").write_text("keep me")
    result = cli("render", str(two_sites), "-o", str(target))
    assert result.code == 1
    assert "was not written by sitectl" in result.err
    assert snapshot(target) == {"notes.txt": b"keep me"}


def test_refuses_foreign_file_inside_tree(two_sites, cli):
    assert cli("render", str(two_sites)).code == 0
    out = two_sites / "rendered"
    (out / "acme/prod/README.md").write_text("mine")
    before = snapshot(out)
    result = cli("render", str(two_sites))
    assert result.code == 1
    assert "acme/prod/README.md" in result.err
    assert snapshot(out) == before


def test_error_leaves_previous_tree(two_sites, cli):
    assert cli("render", str(two_sites)).code == 0
    out = two_sites / "rendered"
    before = snapshot(out)
    site = two_sites / "sites/globex.yaml"
    site.write_text(site.read_text().replace("hello", "yes"))
    assert cli("render", str(two_sites)).code == 1
    assert snapshot(out) == before


def test_crash_while_writing_leaves_previous_tree(two_sites, cli,
                                                  monkeypatch):
    assert cli("render", str(two_sites)).code == 0
    out = two_sites / "rendered"
    before = snapshot(out)
    calls = {"n": 0}
    real = Path.write_bytes

    def failing(self: Path, data: bytes) -> int:
        calls["n"] += 1
        if calls["n"] == 10:
            raise OSError(28, "No space left on device")
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", failing)
    result = cli("render", str(two_sites))
    monkeypatch.undo()
    assert result.code == 1
    assert "No space left on device" in result.err
    assert snapshot(out) == before
    leftovers = [p.name for p in out.parent.iterdir()
                 if "sitectl-new" in p.name]
    assert leftovers == []


def test_site_render_leaves_other_sites(two_sites, cli):
    assert cli("render", str(two_sites)).code == 0
    out = two_sites / "rendered"
    globex_before = snapshot(out / "globex")
    marker = out / "globex/prod/services/web.yaml"
    marker.write_text("stale on purpose\n")
    site = two_sites / "sites/acme.yaml"
    site.write_text(site.read_text().replace("hello", "bonjour"))
    assert cli("render", str(two_sites), "--site", "acme").code == 0
    assert marker.read_text() == "stale on purpose\n"
    assert "bonjour" in (out / "acme/prod/services/web.yaml").read_text()
    assert len(snapshot(out / "globex")) == len(globex_before)


def test_site_render_does_not_read_other_sites(two_sites, cli):
    broken = two_sites / "sites/globex.yaml"
    broken.write_text("this: [is not\n")
    assert cli("render", str(two_sites), "--site", "acme").code == 0
    assert cli("render", str(two_sites)).code == 1


def test_unknown_site_suggests(two_sites, cli):
    result = cli("render", str(two_sites), "--site", "acm")
    assert result.code == 1
    assert "site 'acm' not found" in result.err
    assert "did you mean 'acme'?" in result.err


def test_stream_to_stdout(two_sites, cli):
    result = cli("render", str(two_sites), "-o", "-")
    assert result.code == 0
    documents = list(yaml.safe_load_all(result.out))
    kinds = [d["kind"] for d in documents]
    assert kinds.count("Application") == 2 * (1 + 2 + 1)
    assert kinds.count("Deployment") == 4
    assert not (two_sites / "rendered").exists()


def test_stream_refuses_check(two_sites, cli):
    result = cli("render", str(two_sites), "-o", "-", "--check")
    assert result.code == 2


def test_application_paths_hold_their_objects(two_sites, cli):
    assert cli("render", str(two_sites)).code == 0
    out = two_sites / "rendered"
    apps = [a for a in documents(out) if a["kind"] == "Application"]
    assert len(apps) == 8
    for app in apps:
        source = app["spec"]["source"]
        assert source["path"].startswith("tree/")
        folder = out / source["path"].removeprefix("tree/")
        assert folder.is_dir(), source["path"]
        include = source.get("directory", {}).get("include", "*.yaml")
        files = sorted(folder.glob(include))
        assert len(files) == 1, (app["metadata"]["name"], include)
        synced = list(yaml.safe_load_all(files[0].read_text()))
        name = app["metadata"]["name"]
        if name.endswith("-prod"):
            assert {d["kind"] for d in synced} == {"Application"}
            assert len(synced) == 3
        elif name.endswith("-ingress"):
            assert [d["kind"] for d in synced] == ["Gateway"]
        else:
            service = name.split("-prod-", 1)[1]
            assert {d["metadata"]["namespace"] for d in synced} == {"shop"}
            kinds = [(d["kind"], d["metadata"]["name"]) for d in synced]
            assert ("Deployment", service) in kinds


def test_marker_written(two_sites, cli):
    assert cli("render", str(two_sites)).code == 0
    marker = two_sites / "rendered" / output.MARKER
    assert b"sitectl render" in marker.read_bytes()
    listing = (two_sites / "rendered/acme" / output.SITE_LIST).read_text()
    assert "prod/services/api.yaml" in listing.splitlines()


def test_render_touches_no_network(two_sites, cli, monkeypatch):
    import socket

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("render opened a network connection")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert cli("render", str(two_sites)).code == 0


def test_default_output_is_beside_fleet(two_sites, cli, tmp_path):
    os.chdir(tmp_path)
    assert cli("render", str(two_sites)).code == 0
    assert (two_sites / "rendered/acme/prod/bootstrap.yaml").is_file()


def test_warns_when_git_path_differs(tmp_path, cli):
    import subprocess

    repo = tmp_path / "repo"
    root = write_fleet(repo / "deploy")
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    result = cli("render", str(root))
    assert result.code == 0
    assert "warning: Applications read git.path 'tree', but the tree is " \
        "written to 'deploy/rendered'" in result.err
    assert "set git.path: deploy/rendered" in result.err

    fleet = root / "fleet.yaml"
    fleet.write_text(fleet.read_text().replace("path: tree",
                                               "path: deploy/rendered"))
    result = cli("render", str(root))
    assert result.code == 0
    assert "git.path-mismatch" not in result.err


@pytest.mark.parametrize(
    ("old", "new", "secret"),
    [
        ("https://10.0.0.10:6443", "https://admin:Hunter2pass@10.0.0.10:6443",
         "Hunter2pass"),
        ("  kubeContext: acme-prod",
         "  kubeContext: ghp_abcdefghijklmnopqrstuvwxyz0123456789",
         "ghp_abcdefghijklmnopqrstuvwxyz0123456789"),
    ],
)
def test_render_refuses_credentials(tmp_path, cli, old, new, secret):
    site = BASE_SITE.replace(old, new)
    root = write_fleet(tmp_path / "f", sites={"acme": site})
    result = cli("render", str(root))
    assert result.code == 1
    assert "[secret." in result.err
    assert secret not in result.err
    assert not (root / "rendered").exists()


def test_schema_errors_mask_passwords(tmp_path, cli):
    site = BASE_SITE.replace(
        "vars:", "registry:\n  host: 'ci:Hunter2pass@nexus.acme:5000'\n"
        "  ciCredentialId: c\n  pullSecret: p\nvars:")
    root = write_fleet(tmp_path / "f", sites={"acme": site})
    result = cli("render", str(root))
    assert result.code == 1
    assert "[schema.invalid-value]" in result.err
    assert "Hunter2pass" not in result.err
    assert "nexus.acme:5000" in result.err
