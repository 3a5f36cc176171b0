"""The dependencies family end to end through the CLI, against throwaway git repositories
and package indexes on 127.0.0.1 (a second instance stands in for the public index)."""

from __future__ import annotations

import json

import pytest

from fixture_index import FixtureIndex
from helpers import git, write


@pytest.fixture
def public(monkeypatch):
    server = FixtureIndex()
    monkeypatch.setenv("STAGEWARDEN_PUBLIC_INDEX_URL", server.url)
    yield server
    server.close()


def based(repo, files: dict[str, str]):
    for name, text in files.items():
        write(repo, name, text)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")


def check(sw, repo, *paths, args=()):
    return sw(repo, "check", *args, "--format", "json", "--select", "dependencies", *paths)


def rules_of(result) -> list[tuple[str, int]]:
    return [(f["rule"], f["line"]) for f in json.loads(result.out)["findings"]]


def test_clean_change_asks_nothing_and_passes(sw, repo, index):
    based(repo, {"requirements.txt": "requests==2.31.0\n"})
    write(repo, "requirements.txt", "# HTTP\nrequests==2.31.0\n")
    result = check(sw, repo, "requirements.txt")
    assert result.code == 0 and rules_of(result) == []
    assert index.asked == [] and index.asked_json == []


def test_new_dependency_is_judged_by_every_rule_with_one_lookup_each(sw, repo, index):
    index.answers["fresh"] = {"versions": ["0.1"], "upload-time": "1 days ago", "license_expression": "GPL-3.0-only",
                              "vulnerabilities": {"0.1": [{"id": "PYSEC-2026-1", "fixed_in": ["0.2"]}]}}
    based(repo, {"pyproject.toml": '[project]\nname = "app"\ndependencies = []\n'
                                   '[tool.stagewarden.dependencies]\nallowed-licenses = ["MIT"]\n'})
    write(repo, "pyproject.toml", '[project]\nname = "app"\ndependencies = [\n  "fresh==0.1",\n]\n'
                                  '[tool.stagewarden.dependencies]\nallowed-licenses = ["MIT"]\n')
    result = check(sw, repo, "pyproject.toml")
    assert result.code == 1
    assert sorted(rules_of(result)) == [("SW401", 4), ("SW404", 4), ("SW405", 4), ("SW406", 4)]
    assert index.asked == ["fresh"] and index.asked_json == [("fresh", "")]
    messages = {f["rule"]: f["message"] for f in json.loads(result.out)["findings"]}
    assert "PYSEC-2026-1 (fixed in 0.2)" in messages["SW406"]


def test_second_run_is_served_from_the_cache(sw, repo, index):
    index.answers["httpx"] = {"versions": ["0.27.0", "0.28.1"]}
    write(repo, "requirements.txt", "httpx==0.28.1\n")
    first = check(sw, repo, "requirements.txt")
    asked = (list(index.asked), list(index.asked_json))
    second = check(sw, repo, "requirements.txt")
    assert rules_of(first) == rules_of(second) == [("SW401", 1)]
    assert (index.asked, index.asked_json) == asked


def test_offline_says_which_checks_did_not_run(sw, repo, index):
    write(repo, "requirements.txt", "httpx==0.28.1\n")
    result = check(sw, repo, "requirements.txt", args=("--offline",))
    findings = json.loads(result.out)["findings"]
    notice = next(f for f in findings if f["rule"] == "SW008")
    assert notice["advisory"] is True and "offline" in notice["message"] and "SW406 vulnerabilities" in notice["message"]
    assert index.asked == [] and index.asked_json == []
    assert result.code == 1  # SW401 still fails the commit; the notice alone would not


def test_unreachable_index_is_a_notice_not_a_crash(sw, repo, monkeypatch):
    monkeypatch.setenv("STAGEWARDEN_INDEX_URL", "http://127.0.0.1:9/simple/")
    write(repo, "requirements.txt", "httpx==0.28.1  # stagewarden: ignore[SW401] -- vetted in the RFC\n")
    result = check(sw, repo, "requirements.txt")
    assert result.code == 0, result
    (notice,) = json.loads(result.out)["findings"]
    assert notice["rule"] == "SW008" and "connection refused" in notice["message"]
    failing = sw(repo, "check", "--select", "dependencies", "requirements.txt",
                 "--config", str(write(repo, "strict.toml", 'on-index-error = "fail"\n')))
    assert failing.code == 1 and "SW008 [high]" in failing.out


def test_a_slow_index_is_waited_for_within_the_timeout(sw, repo, index):
    """Answers that take 3 s (under the client's 5 s timeout) are used, not dropped; the
    cut-off itself is tested against the client in tests/index."""
    index.answers["slowpkg"] = "slow"
    write(repo, "requirements.txt", "slowpkg  # stagewarden: ignore[SW401] -- test\n")
    result = check(sw, repo, "requirements.txt")
    assert result.code == 0 and json.loads(result.out)["findings"] == []
    assert index.asked == ["slowpkg"] and index.asked_json == [("slowpkg", "")]


def test_private_names_on_the_public_index_and_extra_indexes(sw, repo, index, public):
    public.answers = {"acme-billing": "found", "requests": "found"}
    index.answers = {"acme-billing": "found", "acme-ledger": "found"}
    based(repo, {"pyproject.toml": '[tool.stagewarden.dependencies]\nprivate-packages = ["acme-*"]\n'})
    write(repo, "requirements.txt", "--extra-index-url https://pypi.acme.example/simple/\n"
                                    "acme-billing==1.0  # stagewarden: ignore[SW401] -- ours\n"
                                    "acme-ledger==1.0  # stagewarden: ignore[SW401] -- ours\n")
    result = check(sw, repo, "requirements.txt")
    assert sorted(rules_of(result)) == [("SW408", 1), ("SW408", 2)]
    assert sorted(public.asked) == ["acme-billing", "acme-ledger"], "only private names go to the public index"
    assert "acme-billing" not in [name for name, _ in public.asked_json]


def test_broken_manifest_is_reported_and_the_rest_still_checked(sw, repo, index):
    index.answers["rich"] = "found"
    # (A broken pyproject.toml at the root is the configuration itself: that is a usage error.)
    write(repo, "libs/core/pyproject.toml", "[project\n")
    write(repo, "requirements.txt", "requests>>2\nrich  # stagewarden: ignore[SW401] -- ok\n")
    result = check(sw, repo, "libs/core/pyproject.toml", "requirements.txt")
    found = json.loads(result.out)["findings"]
    assert [(f["rule"], f["path"], f["line"]) for f in found] == [
        ("SW009", "libs/core/pyproject.toml", 1), ("SW009", "requirements.txt", 1)]
    assert "invalid TOML" in found[0]["message"] and "requests>>2" in found[1]["message"]
    assert result.code == 1 and "Traceback" not in result.err


def test_vetted_file_that_cannot_be_read_vouches_for_nothing(sw, repo, index):
    write(repo, "stagewarden-vetted.toml", "[[dependency]\nname=")
    write(repo, "requirements.txt", "rich\n")
    result = check(sw, repo, "requirements.txt", args=("--offline",))
    message = next(f["message"] for f in json.loads(result.out)["findings"] if f["rule"] == "SW401")
    assert "invalid TOML" in message


def test_dependency_fail_on_policy(sw, repo, index):
    index.answers["rich"] = "found"
    write(repo, "pyproject.toml", '[tool.stagewarden.dependencies]\nfail-on = "high"\n')
    write(repo, "requirements.txt", "rich\n")
    result = sw(repo, "check", "--select", "dependencies", "requirements.txt")
    assert "SW401 [medium]" in result.out and result.code == 0


def test_sarif_and_github_output(sw, repo, index):
    index.answers["rich"] = "found"
    write(repo, "requirements.txt", "rich\n")
    sarif = sw(repo, "check", "--format", "sarif", "--select", "dependencies", "requirements.txt")
    document = json.loads(sarif.out)
    (result,) = document["runs"][0]["results"]
    assert result["ruleId"] == "SW401"
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "requirements.txt"
    github = sw(repo, "check", "--format", "github", "--select", "dependencies", "requirements.txt")
    assert github.out.startswith("::warning file=requirements.txt,line=1,")  # SW401 is medium: a warning


def test_baseline_hides_a_known_finding(sw, repo, index):
    index.answers["rich"] = "found"
    write(repo, "requirements.txt", "rich\n")
    assert sw(repo, "baseline", "--select", "dependencies", "requirements.txt").code == 0
    assert sw(repo, "check", "--select", "dependencies", "--baseline", ".stagewarden-baseline.json",
              "requirements.txt").code == 0
    write(repo, "requirements.txt", "rich\nattrs\n")
    assert sw(repo, "check", "--select", "dependencies", "--baseline", ".stagewarden-baseline.json",
              "requirements.txt").code == 1


def test_hook_mode_checks_only_manifests_it_is_given(sw, repo, index):
    index.answers["rich"] = "found"
    write(repo, "requirements.txt", "rich\n")
    write(repo, "app.py", "import requests\nrequests.get('x', verify=False)\n")
    result = sw(repo, "check", "requirements.txt", "app.py", families=("dependencies",), hook=True)
    assert "requirements.txt:1:1: SW401" in result.out and "app.py" not in result.out


def test_nested_project_paths_are_relative_to_its_config(sw, repo, index):
    index.answers["rich"] = "found"
    based(repo, {"services/api/pyproject.toml": '[project]\nname = "api"\ndependencies = []\n'
                                                '[tool.stagewarden]\nselect = ["dependencies"]\n'})
    write(repo, "services/api/pyproject.toml", '[project]\nname = "api"\ndependencies = ["rich"]\n'
                                              '[tool.stagewarden]\nselect = ["dependencies"]\n')
    result = sw(repo / "services" / "api", "check", "pyproject.toml")
    assert "pyproject.toml:3:1: SW401" in result.out, result


LIES = {
    "/pypi/liar/json": {"info": {"version": 5, "license_expression": ["MIT"], "classifiers": "x", "project_urls": [1]},
                        "releases": {"1.0": "x", "2.0": [{"yanked": "yes", "upload_time_iso_8601": 7}], "bogus!": []},
                        "vulnerabilities": [{"id": "X-1", "fixed_in": ["not a version", 3]}, {"no": "id"}, 5]},
    "/pypi/liar/2.0/json": {"info": None},
}


def test_lying_index_answers_never_crash(sw, repo, monkeypatch):
    """A JSON API that answers with the wrong shapes everywhere: the run finishes, reports
    what it can and names what it could not check."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Liar(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):  # noqa: N802
            if self.path.startswith("/simple/"):
                body = json.dumps({"meta": {"api-version": "1.1"}, "versions": ["1.0", 2], "files": [{"upload-time": 3}, "x"]})
            else:
                body = json.dumps(LIES.get(self.path.rstrip("/"), {"info": {}}))
            data = body.encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Liar)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        monkeypatch.setenv("STAGEWARDEN_INDEX_URL", f"http://127.0.0.1:{server.server_address[1]}/simple/")
        write(repo, "pyproject.toml", '[tool.stagewarden.dependencies]\nallowed-licenses = ["MIT"]\n')
        write(repo, "requirements.txt", "liar==2.0  # stagewarden: ignore[SW401] -- test\nliar2>=1\n")
        result = check(sw, repo, "requirements.txt")
        assert result.code in (0, 1) and "Traceback" not in result.err and "internal error" not in result.err, result
        json.loads(result.out)
    finally:
        server.shutdown()
        server.server_close()


def test_a_missing_source_link_alone_does_not_fail_the_commit(sw, repo, index):
    index.answers["mature"] = {"versions": ["1.0", "1.1", "2.0"], "project_urls": {}, "home_page": "https://mature.example.org/"}
    write(repo, "requirements.txt", "mature  # stagewarden: ignore[SW401] -- vetted\n")
    result = check(sw, repo, "requirements.txt")
    (finding,) = json.loads(result.out)["findings"]
    assert finding["rule"] == "SW404" and finding["advisory"] is True and result.code == 0


def test_index_without_json_api_answers_what_it_can(sw, repo, index):
    """A simple index with no JSON API beside it: existence and typosquats are still judged,
    license, vulnerabilities and yanks are named in the notice instead of passing silently."""
    index.answers["plain"] = {"versions": ["1.0", "1.1"], "json": False}
    write(repo, "pyproject.toml", '[tool.stagewarden.dependencies]\nallowed-licenses = ["MIT"]\n')
    write(repo, "requirements.txt", "plain==1.1  # stagewarden: ignore[SW401] -- vetted\n")
    result = check(sw, repo, "requirements.txt")
    (notice,) = json.loads(result.out)["findings"]
    assert notice["rule"] == "SW008" and result.code == 0
    assert "SW405 license" in notice["message"] and "SW406 vulnerabilities" in notice["message"]
    assert "JSON API" in notice["message"]
