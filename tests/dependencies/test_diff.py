"""What counts as an added or changed dependency: the manifests of a real throwaway git
repository compared with its base commit."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import git, write
from stagewarden.depdiff import base_ref, compute_diff
from stagewarden.gitio import GitError


def commit_all(repo: Path, message: str = "change") -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def changes(repo: Path, *paths: str, base: str = "HEAD", to_ref: str = "") -> dict[str, str]:
    diff = compute_diff(repo, list(paths), base, to_ref)
    return {c.name: c.status for c in diff.changes}


def test_added_changed_and_unchanged(repo):
    write(repo, "requirements.txt", "requests==2.31.0\nrich\n")
    commit_all(repo)
    write(repo, "requirements.txt", "requests==2.32.3\nrich  # comment changes nothing\nhttpx\n")
    assert changes(repo, "requirements.txt") == {"requests": "changed", "httpx": "added"}


def test_a_moved_or_renamed_entry_is_not_new(repo):
    write(repo, "requirements.txt", "requests>=2\nPyYAML\n")
    commit_all(repo)
    write(repo, "pyproject.toml", '[project]\nname = "x"\ndependencies = ["requests>=2", "pyyaml"]\n')
    (repo / "requirements.txt").unlink()
    assert changes(repo, "pyproject.toml") == {}
    write(repo, "requirements/base.txt", "requests>=2\n")
    assert changes(repo, "requirements/base.txt") == {}


def test_reordering_and_normalised_spelling_are_not_changes(repo):
    write(repo, "requirements.txt", "rich\nrequests>=2\n")
    commit_all(repo)
    write(repo, "requirements.txt", "Requests >= 2\nrich\n")
    assert changes(repo, "requirements.txt") == {}


def test_lock_file_only_packages_are_added_but_not_direct(repo):
    write(repo, "pyproject.toml", '[project]\nname = "x"\ndependencies = []\n')
    commit_all(repo)
    write(repo, "pyproject.toml", '[project]\nname = "x"\ndependencies = ["httpx"]\n')
    write(repo, "uv.lock", 'version = 1\n\n[[package]]\nname = "httpx"\nversion = "0.28.1"\n'
                           'source = { registry = "https://pypi.org/simple" }\n\n'
                           '[[package]]\nname = "h11"\nversion = "0.14.0"\n'
                           'source = { registry = "https://pypi.org/simple" }\n')
    diff = compute_diff(repo, ["pyproject.toml", "uv.lock"], "HEAD")
    by_name = {c.name: c for c in diff.changes}
    assert by_name["httpx"].status == "added" and by_name["httpx"].direct
    assert by_name["httpx"].requirement.file == "pyproject.toml" and by_name["httpx"].locked_version == "0.28.1"
    assert by_name["h11"].status == "added" and not by_name["h11"].direct


def test_a_lock_upgrade_is_a_change(repo):
    lock = 'version = 1\n\n[[package]]\nname = "h11"\nversion = "{}"\nsource = {{ registry = "https://pypi.org/simple" }}\n'
    write(repo, "uv.lock", lock.format("0.14.0"))
    commit_all(repo)
    write(repo, "uv.lock", lock.format("0.16.0"))
    diff = compute_diff(repo, ["uv.lock"], "HEAD")
    (change,) = diff.changes
    assert change.status == "changed" and change.exact_version == "0.16.0" and change.previous.version == "0.14.0"


def test_constraints_pin_but_never_add(repo):
    write(repo, "constraints.txt", "urllib3<3\n")
    assert changes(repo, "constraints.txt") == {"urllib3": "changed"}


def test_first_commit_has_no_base(tmp_path):
    git(tmp_path, "init", "-q", "-b", "main")
    write(tmp_path, "requirements.txt", "requests\n")
    ref = base_ref(None, tmp_path, {})
    assert ref == ""
    assert changes(tmp_path, "requirements.txt", base=ref) == {"requests": "added"}


def test_base_from_argument_and_from_pre_commit_environment(repo):
    write(repo, "requirements.txt", "requests\n")
    commit_all(repo, "one")
    first = git(repo, "rev-parse", "HEAD").strip()
    write(repo, "requirements.txt", "requests\nrich\n")
    commit_all(repo, "two")
    write(repo, "requirements.txt", "requests\nrich\nhttpx\n")
    assert changes(repo, "requirements.txt", base=base_ref(None, repo, {})) == {"httpx": "added"}
    assert changes(repo, "requirements.txt", base=base_ref(first, repo, {})) == {"rich": "added", "httpx": "added"}
    from_ci = base_ref(None, repo, {"PRE_COMMIT_FROM_REF": first})
    assert from_ci == first
    with pytest.raises(GitError):
        base_ref("no-such-ref", repo, {})


def test_to_ref_reads_the_manifest_at_that_commit(repo):
    write(repo, "requirements.txt", "requests\n")
    commit_all(repo, "one")
    first = git(repo, "rev-parse", "HEAD").strip()
    write(repo, "requirements.txt", "requests\nrich\n")
    commit_all(repo, "two")
    write(repo, "requirements.txt", "requests\nrich\nuncommitted-edit\n")
    assert changes(repo, "requirements.txt", base=first, to_ref="HEAD") == {"rich": "added"}


def test_added_index_options_are_reported_once(repo):
    write(repo, "requirements.txt", "--extra-index-url https://a.example.com/simple/\nrequests\n")
    commit_all(repo)
    write(repo, "requirements.txt", "--extra-index-url https://a.example.com/simple/\n"
                                    "--extra-index-url https://b.example.com/simple/\nrequests\n")
    diff = compute_diff(repo, ["requirements.txt"], "HEAD")
    assert [o.url for o in diff.added_indexes] == ["https://b.example.com/simple/"]


def test_unreadable_and_deleted_manifests_lose_nothing(repo):
    write(repo, "requirements.txt", "requests\n")
    commit_all(repo)
    (repo / "requirements.txt").write_bytes(b"\xff\xfe\x00bad")
    write(repo, "pyproject.toml", "[project\nname=")
    diff = compute_diff(repo, ["requirements.txt", "pyproject.toml", "gone/requirements.txt"], "HEAD")
    assert diff.changes == []
    assert diff.manifests["requirements.txt"].problems and diff.manifests["pyproject.toml"].problems
    assert "gone/requirements.txt" not in diff.manifests


def test_a_vcs_dependency_without_a_name_is_still_tracked(repo):
    write(repo, "requirements.txt", "git+https://github.com/org/tool@main\n")
    diff = compute_diff(repo, ["requirements.txt"], "HEAD")
    (change,) = diff.changes
    assert change.status == "added" and change.requirement.source == "vcs"


def test_included_files_count_whatever_their_names(repo):
    write(repo, "requirements.txt", "-r common.txt\n-c pins.txt\nrequests\n")
    write(repo, "common.txt", "rich\n")
    write(repo, "pins.txt", "urllib3<3\n")
    commit_all(repo)
    write(repo, "common.txt", "rich\nhttpx\n")
    write(repo, "pins.txt", "urllib3<2.3\nidna<4\n")
    diff = compute_diff(repo, ["requirements.txt"], "HEAD")
    assert {c.name: c.status for c in diff.changes} == {"httpx": "added", "urllib3": "changed", "idna": "changed"}
    assert {c.name: c.requirement.file for c in diff.changes}["httpx"] == "common.txt"


def test_unchanged_includes_add_nothing(repo):
    write(repo, "requirements.txt", "-r base.txt\n")
    write(repo, "base.txt", "rich\n-r ../outside.txt\n-r https://example.com/r.txt\n")
    commit_all(repo)
    write(repo, "requirements.txt", "-r base.txt\nrequests\n")
    assert changes(repo, "requirements.txt") == {"requests": "added"}


def test_a_name_that_was_only_constrained_is_new_when_declared(repo):
    write(repo, "constraints.txt", "urllib3<3\n")
    write(repo, "requirements.txt", "requests\n")
    commit_all(repo)
    write(repo, "requirements.txt", "requests\nurllib3<3\n")
    assert changes(repo, "requirements.txt") == {"urllib3": "added"}


def test_declared_names_include_other_manifests_at_the_base(repo):
    write(repo, "pyproject.toml", '[project]\nname = "x"\ndependencies = ["acme-billing-core"]\n')
    commit_all(repo)
    write(repo, "requirements-dev.txt", "acme-billing-cor\n")
    diff = compute_diff(repo, ["requirements-dev.txt"], "HEAD")
    assert {"acme-billing-core", "acme-billing-cor"} <= diff.declared_names


def test_pipfile_lock_and_pdm_lock_additions(repo):
    write(repo, "Pipfile.lock", '{"default": {"requests": {"version": "==2.32.3"}}, "develop": {}}\n')
    write(repo, "pdm.lock", '[[package]]\nname = "requests"\nversion = "2.32.3"\n')
    commit_all(repo)
    write(repo, "Pipfile.lock", '{"default": {"requests": {"version": "==2.32.3"}, "idna": {"version": "==3.10"}}, "develop": {}}\n')
    write(repo, "pdm.lock", '[[package]]\nname = "requests"\nversion = "2.32.4"\n')
    diff = compute_diff(repo, ["Pipfile.lock", "pdm.lock"], "HEAD")
    assert {c.name: (c.status, c.direct, c.exact_version) for c in diff.changes} == {
        "idna": ("added", False, "3.10"), "requests": ("changed", False, "2.32.4")}
