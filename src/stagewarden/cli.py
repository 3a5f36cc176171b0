"""The command line: `stagewarden check | rules | explain | baseline | vet`, and the one error boundary.

Exit codes: 0 clean, 1 findings at or above --fail-on (or stale baseline entries with
`baseline --check`), 2 usage, configuration or internal error (one line; the traceback only
with --debug).
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from pathlib import Path
from typing import Sequence

from stagewarden import __version__
from stagewarden.report import FORMATS

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
ALL_FAMILIES = ("insecure-defaults", "imports", "secrets", "dependencies")


class UsageError(Exception):
    """A problem with how stagewarden was called or configured: exit code 2."""


def _selection_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files or directories (default: the files git tracks)")
    parser.add_argument("--select", metavar="LIST", help="families, rule ids or prefixes to run (comma-separated)")
    parser.add_argument("--ignore", metavar="LIST", help="families, rule ids or prefixes to skip (comma-separated)")
    parser.add_argument("--config", metavar="FILE", help="pyproject.toml or stagewarden TOML file to read instead of the nearest one")
    parser.add_argument("--min-confidence", choices=("low", "medium", "high"), help="drop findings below this confidence")
    parser.add_argument("--no-cache", action="store_true", help="do not read or write the per-file result cache")
    parser.add_argument("--offline", action="store_true", default=None, help="never contact a package index")
    parser.add_argument("--index-url", metavar="URL", help="package index simple-API URL (like pip's --index-url)")
    parser.add_argument("--python", metavar="PATH", help="the project's interpreter or virtualenv, read to resolve imports")
    parser.add_argument("--base", metavar="REF", help="compare with this git ref: with no PATH, check only files changed since REF")
    parser.add_argument("--jobs", type=int, metavar="N", help="processes for large standalone runs (default: CPU count)")
    parser.add_argument("--debug", action="store_true", help="show tracebacks for internal errors")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="stagewarden",
        description="Stop insecure defaults, hallucinated imports, exposed secrets and unvetted dependencies before they are committed.",
    )
    parser.add_argument("--version", action="version", version=f"stagewarden {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser("check", help="check files and report findings")
    _selection_arguments(check)
    check.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    check.add_argument("--output", metavar="FILE", help="write the report to FILE instead of standard output")
    check.add_argument("--fail-on", choices=("low", "medium", "high"), help="lowest severity that makes the exit code 1 (default: low)")
    check.add_argument("--baseline", metavar="FILE", help="report only findings not in this baseline file")
    check.add_argument("--fix", action="store_true", help="apply safe fixes to the files")
    check.add_argument("--unsafe-fixes", action="store_true", help="with --fix, also apply fixes that may change behaviour")
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")

    baseline = commands.add_parser("baseline", help="write a baseline of the current findings, or check it")
    _selection_arguments(baseline)
    baseline.add_argument("--output", "--baseline", dest="output", metavar="FILE", help="baseline file (default: the configured one, else .stagewarden-baseline.json)")
    baseline.add_argument("--check", action="store_true", help="report baseline entries that no longer match any finding (exit 1 if any)")
    baseline.add_argument("--from-detect-secrets", metavar="FILE", help="import a detect-secrets .secrets.baseline into the baseline")

    rules = commands.add_parser("rules", help="list the rules")
    rules.add_argument("--format", choices=("text", "json"), default="text")
    rules.add_argument("--config", metavar="FILE", help=argparse.SUPPRESS)

    explain = commands.add_parser("explain", help="show a rule's documentation")
    explain.add_argument("rule", metavar="RULE", help="rule id (SW104) or name")

    vet = commands.add_parser("vet", help="check a dependency and record that it was vetted (stagewarden-vetted.toml)")
    vet.add_argument("name", metavar="NAME", help="the package name")
    vet.add_argument("--version", dest="spec", default="", metavar="SPEC",
                     help='versions the record covers, a PEP 440 specifier (">=2.31,<3"; default: every version)')
    vet.add_argument("--reason", required=True, help="why the dependency is acceptable (recorded)")
    vet.add_argument("--by", metavar="WHO", help="who vetted it (default: git's user.name and user.email)")
    vet.add_argument("--force", action="store_true", help="record it even if the index says the package does not exist")
    vet.add_argument("--config", metavar="FILE", help="pyproject.toml or stagewarden TOML file to read instead of the nearest one")
    vet.add_argument("--offline", action="store_true", default=None, help="never contact a package index")
    vet.add_argument("--index-url", metavar="URL", help="package index simple-API URL (like pip's --index-url)")
    vet.add_argument("--no-cache", action="store_true", help="do not use the index answer cache")
    vet.add_argument("--debug", action="store_true", help="show tracebacks for internal errors")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    return run(list(sys.argv[1:] if argv is None else argv))


def run(argv: list[str], families: Sequence[str] | None = None, hook: bool = False) -> int:
    """Parse `argv` and run it; `families` and `hook` are set by the pre-commit hook modules."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_ERROR
    debug = getattr(args, "debug", False)
    try:
        if args.command == "check":
            return _check(args, families, hook)
        if args.command == "baseline":
            return _baseline(args, families)
        if args.command == "rules":
            return _rules(args)
        if args.command == "vet":
            return _vet(args)
        return _explain(args)
    except KeyboardInterrupt:
        print("stagewarden: interrupted", file=sys.stderr)
        return 130
    except Exception as error:  # the one error boundary
        if _is_usage_error(error):
            print(f"stagewarden: error: {error}", file=sys.stderr)
        else:
            print(f"stagewarden: internal error: {type(error).__name__}: {error} (rerun with --debug for details)", file=sys.stderr)
        if debug:
            traceback.print_exc()
        return EXIT_ERROR


def _is_usage_error(error: Exception) -> bool:
    from stagewarden.baseline import BaselineError
    from stagewarden.config import ConfigError
    from stagewarden.gitio import GitError
    from stagewarden.vet import VetError

    return isinstance(error, (UsageError, ConfigError, BaselineError, GitError, VetError))


def _load(args, families):
    from stagewarden.config import load_config, parse_level, parse_list
    from stagewarden.gitio import toplevel
    from stagewarden.registry import select_rules

    cwd = Path.cwd()
    explicit = Path(args.config) if getattr(args, "config", None) else None
    config = load_config(cwd, explicit, default_root=toplevel(cwd) or cwd)
    overrides = {}
    if getattr(args, "select", None):
        overrides["select"] = parse_list(args.select, "--select")
    if getattr(args, "ignore", None):
        overrides["ignore"] = parse_list(args.ignore, "--ignore")
    if getattr(args, "fail_on", None):
        overrides["fail_on"] = parse_level(args.fail_on, "--fail-on")
    if getattr(args, "min_confidence", None):
        overrides["min_confidence"] = parse_level(args.min_confidence, "--min-confidence")
    if getattr(args, "offline", None):
        overrides["offline"] = True
    if getattr(args, "index_url", None):
        overrides["index_url"] = args.index_url
    if getattr(args, "python", None):
        overrides["python"] = args.python
    if getattr(args, "no_cache", False):
        overrides["cache"] = False
    config = config.with_overrides(**overrides)
    if getattr(args, "jobs", None) is not None and args.jobs < 1:
        raise UsageError("--jobs: expected a positive number")
    return cwd, config, select_rules(config, families)


def _options(args, hook: bool, baseline: Path | None, use_baseline: bool = True):
    from stagewarden.run import RunOptions

    return RunOptions(paths=args.paths, hook=hook, base=args.base, jobs=args.jobs, baseline=baseline, use_baseline=use_baseline)


def _check(args, families, hook: bool) -> int:
    from stagewarden.report import render
    from stagewarden.run import Runner

    if args.unsafe_fixes and not args.fix:
        raise UsageError("--unsafe-fixes needs --fix")
    cwd, config, rules = _load(args, families)
    baseline = Path(args.baseline) if args.baseline else None
    if baseline is not None and not baseline.is_absolute():
        baseline = cwd / baseline
    result = Runner(config, rules, use_cache=config.cache).run(_options(args, hook, baseline), cwd)
    if args.fix:
        from stagewarden.fixes import apply_fixes

        fixed = apply_fixes(result.findings, result.root, args.unsafe_fixes)
        result.findings = [f for f in result.findings if id(f) not in fixed]
        if fixed:
            print(f"stagewarden: fixed {len(fixed)} finding{'s' if len(fixed) != 1 else ''}", file=sys.stderr)
    color = args.format == "text" and not args.output and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    report = render(args.format, result, rules, cwd, color)
    _write(report, args.output, cwd)
    if args.exit_zero:
        return EXIT_CLEAN
    failing = [f for f in result.findings if _fails(f, config)]
    return EXIT_FINDINGS if failing else EXIT_CLEAN


def _fails(finding, config) -> bool:
    """Whether a finding fails the run: at or above fail-on (the dependencies policy's own
    fail-on for SW4xx findings), and not advisory."""
    if ("advisory", "true") in finding.properties:
        return False
    level = config.fail_on
    if finding.rule_id.startswith("SW4") and config.dependencies.fail_on is not None:
        level = config.dependencies.fail_on
    return finding.severity >= level


def _write(text: str, output: str | None, cwd: Path) -> None:
    if not output:
        sys.stdout.write(text)
        return
    target = Path(output) if os.path.isabs(output) else cwd / output
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    except OSError as error:
        raise UsageError(f"--output {output}: cannot write: {error.strerror or error}") from None


def _baseline(args, families) -> int:
    from stagewarden.baseline import Baseline
    from stagewarden.config import DEFAULT_BASELINE
    from stagewarden.run import Runner

    cwd, config, rules = _load(args, families)
    if args.output:
        path = Path(args.output) if os.path.isabs(args.output) else cwd / args.output
    else:
        path = config.root / (config.baseline or DEFAULT_BASELINE)
    if args.from_detect_secrets:
        imported = Baseline.from_detect_secrets(Path(args.from_detect_secrets))
        merged = Baseline.load(path) if path.exists() else Baseline(imported.counts.__class__())
        merged.counts.update(imported.counts)
        merged.write(path)
        print(f"stagewarden: imported {len(imported.counts)} detect-secrets entr{'y' if len(imported.counts) == 1 else 'ies'} into {os.path.relpath(path, cwd)}")
        return EXIT_CLEAN
    runner = Runner(config, rules, use_cache=config.cache)
    if args.check:
        result = runner.run(_options(args, False, path), cwd)
        stale = result.unmatched_baseline
        for (rule, rel, fingerprint), count in sorted(stale.items(), key=lambda item: (item[0][1], item[0][0])):
            print(f"{rel}: {rule} baseline entry {fingerprint} no longer matches a finding ({count} left)")
        print(f"stagewarden: {sum(stale.values())} stale baseline entr{'y' if sum(stale.values()) == 1 else 'ies'}; {len(result.findings)} new finding(s) not in the baseline")
        return EXIT_FINDINGS if stale else EXIT_CLEAN
    result = runner.run(_options(args, False, None, use_baseline=False), cwd)
    Baseline.from_findings(result.findings).write(path)
    print(f"stagewarden: wrote {len(result.findings)} finding(s) to {os.path.relpath(path, cwd)}")
    return EXIT_CLEAN


def _vet(args) -> int:
    from stagewarden.registry import select_rules
    from stagewarden.vet import vet, who_am_i

    cwd, config, _ = _load(args, None)
    rules = select_rules(config.with_overrides(select=("dependencies",), ignore=()), ("dependencies",))
    by = args.by or who_am_i(config.root)
    outcome = vet(config, rules, args.name, args.spec, args.reason, by, args.force)
    for line in outcome.lines:
        print(f"  {line}")
    path = os.path.relpath(config.root / config.dependencies.vetted_file, cwd)
    if not outcome.recorded:
        print(f"stagewarden: not vetted: {outcome.blocking} (use --force to record it anyway)", file=sys.stderr)
        return EXIT_FINDINGS
    covered = f" ({outcome.version})" if outcome.version else " (every version)"
    print(f"stagewarden: recorded {outcome.name}{covered} as vetted by {by} in {path}")
    return EXIT_CLEAN


def _rules(args) -> int:
    import json

    from stagewarden.registry import all_rules

    rules = all_rules()
    if args.format == "json":
        rows = [
            {
                "id": r.id, "name": r.name, "family": r.family(), "summary": r.summary,
                "severity": r.severity.label, "confidence": r.confidence.label,
                "cwe": [f"CWE-{c}" for c in r.cwe], "fix": r.fix_safety.value if r.fix_safety else None,
                "bandit": list(r.bandit), "ruff": list(r.ruff),
            }
            for r in rules
        ]
        print(json.dumps(rows, indent=2))
        return EXIT_CLEAN
    width = max(len(r.name) for r in rules)
    for r in rules:
        fix = " (fix)" if r.fix_safety else ""
        print(f"{r.id}  {r.name:<{width}}  {r.severity.label:<6}  {r.family():<17}  {r.summary}{fix}")
    return EXIT_CLEAN


def _explain(args) -> int:
    from stagewarden.registry import all_rules, find_rule

    rule = find_rule(args.rule, all_rules())
    if rule is None:
        raise UsageError(f"unknown rule {args.rule!r} (see `stagewarden rules`)")
    print(f"# {rule.id} {rule.name}\n")
    print(f"{rule.summary}. Severity {rule.severity.label}, confidence {rule.confidence.label}"
          + (f", {', '.join(f'CWE-{c}' for c in rule.cwe)}" if rule.cwe else "") + ".\n")
    print(rule.doc())
    return EXIT_CLEAN


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
