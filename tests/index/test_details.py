"""The JSON API half of the index client (project and release metadata, advisories, yanks)
against the loopback fixture index: parsing, caching, offline, and bad answers."""

from __future__ import annotations

import pytest

from stagewarden.index import IndexCache, IndexClient
from stagewarden.index.client import parse_details


RICH = {
    "versions": ["1.0", "2.0", "2.1"],
    "uploads": {"1.0": "2019-01-02T00:00:00Z", "2.0": "2020-05-01T00:00:00Z", "2.1": "2021-01-01T00:00:00Z"},
    "license_expression": "MIT",
    "classifiers": ["License :: OSI Approved :: MIT License"],
    "yanked": {"2.0": "broken wheel"},
    "vulnerabilities": {"1.0": [{"id": "PYSEC-2020-1", "fixed_in": ["2.0"], "aliases": ["CVE-2020-1"]}]},
}


def test_project_document_lists_releases_and_latest_metadata(index, tmp_path):
    index.answers["rich"] = RICH
    client = IndexClient(index.url)
    details = client.details([("rich", "")])[("rich", "")]
    assert details.status == "found" and details.described == "2.1"
    assert [r.version for r in details.releases] == ["1.0", "2.0", "2.1"]
    assert [r.yanked for r in details.releases] == [False, True, False]
    assert details.releases[1].yanked_reason == "broken wheel"
    assert details.first_upload.startswith("2019-01-02")
    assert details.license_expression == "MIT" and details.vulnerabilities == ()
    assert dict(details.project_urls)["Source"].startswith("https://github.com/")


def test_release_document_carries_that_release_advisories(index):
    index.answers["rich"] = RICH
    client = IndexClient(index.url)
    old = client.details([("rich", "1.0")])[("rich", "1.0")]
    assert old.status == "found" and old.version == "1.0"
    (vulnerability,) = old.vulnerabilities
    assert vulnerability.id == "PYSEC-2020-1" and vulnerability.fixed_in == ("2.0",)
    assert vulnerability.aliases == ("CVE-2020-1",)
    yanked = client.details([("rich", "2.0")])[("rich", "2.0")]
    assert yanked.yanked and yanked.yanked_reason == "broken wheel"


def test_missing_project_release_and_no_json_api(index):
    index.answers["simple-only"] = {"versions": ["1.0"], "json": False}
    index.answers["rich"] = RICH
    client = IndexClient(index.url)
    answers = client.details([("nope", ""), ("rich", "9.9"), ("simple-only", "")])
    assert answers[("nope", "")].status == "not-found"
    assert answers[("rich", "9.9")].status == "not-found"
    assert answers[("simple-only", "")].status == "not-found"


def test_index_without_simple_segment_has_no_json_api(index):
    client = IndexClient(index.url.replace("/simple/", "/root/pypi/+simple/"))
    assert client.details([("rich", "")])[("rich", "")].status == "unsupported"


def test_server_error_is_an_error_answer_and_never_cached(index, tmp_path):
    index.answers["broken"] = "error"
    cache = IndexCache(tmp_path)
    client = IndexClient(index.url, cache=cache)
    assert client.details([("broken", "")])[("broken", "")].status == "error"
    assert cache.get_details(client.index_url, "broken", "") is None


def test_cache_round_trip_serves_a_second_run_without_requests(index, tmp_path):
    index.answers["rich"] = RICH
    cache = IndexCache(tmp_path)
    first = IndexClient(index.url, cache=cache).details([("rich", ""), ("rich", "1.0")])
    asked = len(index.asked_json)
    second = IndexClient(index.url, cache=cache).details([("rich", ""), ("rich", "1.0")])
    assert len(index.asked_json) == asked == 2
    assert second == first


def test_offline_asks_nothing(index):
    index.answers["rich"] = RICH
    answers = IndexClient(index.url, offline=True).details([("rich", "")])
    assert answers[("rich", "")].status == "offline" and index.asked_json == []


def test_invalid_names_and_versions_are_never_sent(index):
    client = IndexClient(index.url)
    answers = client.details([("../etc", ""), ("rich", "1.0/../../x"), ("rich", "1.0?x=1")])
    assert {a.status for a in answers.values()} == {"error"}
    assert index.asked_json == []


@pytest.mark.parametrize("document", [None, [], "text", {"info": None}, {"info": {}, "releases": "x"},
                                      {"info": {"classifiers": "x", "project_urls": []}, "vulnerabilities": [1, {"id": 2}]},
                                      {"info": {}, "releases": {"1.0": [{"yanked": True}, "x"]}}])
def test_lying_documents_never_raise(document):
    details = parse_details("x", "", document)
    assert details.status in {"found", "error"}
