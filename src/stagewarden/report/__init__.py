"""Reporters: pure functions from a run's findings to text. One module per format."""

from __future__ import annotations

FORMATS = ("text", "json", "sarif", "github")


def render(fmt: str, result, rules, cwd, color: bool = False) -> str:
    if fmt == "json":
        from stagewarden.report.json_report import render_json

        return render_json(result, rules)
    if fmt == "sarif":
        from stagewarden.report.sarif import render_sarif

        return render_sarif(result, rules)
    if fmt == "github":
        from stagewarden.report.github import render_github

        return render_github(result, rules)
    from stagewarden.report.text import render_text

    return render_text(result, rules, cwd, color)
