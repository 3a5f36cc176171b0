"""Generate docs/rules/*.md and docs/migrating.md from the rules' own metadata.

`python -m stagewarden.docsgen` writes them; `--check` exits 1 when they are stale (a test runs
the same comparison). A rule's docstring must have every section of rule.DOC_SECTIONS and
document every option, or generation fails.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from stagewarden.registry import builtin_rules
from stagewarden.rule import DOC_SECTIONS, Rule

# Every bandit test and ruff `S` code, and why stagewarden has no rule for those it does not map.
BANDIT = {
    "B101": "assert_used", "B102": "exec_used", "B103": "set_bad_file_permissions",
    "B104": "hardcoded_bind_all_interfaces", "B105": "hardcoded_password_string",
    "B106": "hardcoded_password_funcarg", "B107": "hardcoded_password_default", "B108": "hardcoded_tmp_directory",
    "B109": "password_config_option_not_marked_secret", "B110": "try_except_pass",
    "B111": "execute_with_run_as_root_equals_true", "B112": "try_except_continue", "B113": "request_without_timeout",
    "B201": "flask_debug_true", "B202": "tarfile_unsafe_members", "B301": "pickle", "B302": "marshal", "B303": "md5",
    "B304": "ciphers", "B305": "cipher_modes", "B306": "mktemp_q", "B307": "eval", "B308": "mark_safe",
    "B309": "httpsconnection", "B310": "urllib_urlopen", "B311": "random", "B312": "telnetlib",
    "B313": "xml_bad_cElementTree", "B314": "xml_bad_ElementTree", "B315": "xml_bad_expatreader",
    "B316": "xml_bad_expatbuilder", "B317": "xml_bad_sax", "B318": "xml_bad_minidom", "B319": "xml_bad_pulldom",
    "B320": "xml_bad_etree", "B321": "ftplib", "B322": "input", "B323": "unverified_context",
    "B324": "hashlib_insecure_functions", "B325": "tempnam", "B401": "import_telnetlib", "B402": "import_ftplib",
    "B403": "import_pickle", "B404": "import_subprocess", "B405": "import_xml_etree", "B406": "import_xml_sax",
    "B407": "import_xml_expat", "B408": "import_xml_minidom", "B409": "import_xml_pulldom", "B410": "import_lxml",
    "B411": "import_xmlrpclib", "B412": "import_httpoxy", "B413": "import_pycrypto", "B415": "import_pyghmi",
    "B501": "request_with_no_cert_validation", "B502": "ssl_with_bad_version", "B503": "ssl_with_bad_defaults",
    "B504": "ssl_with_no_version", "B505": "weak_cryptographic_key", "B506": "yaml_load",
    "B507": "ssh_no_host_key_verification", "B508": "snmp_insecure_version", "B509": "snmp_weak_cryptography",
    "B601": "paramiko_calls", "B602": "subprocess_popen_with_shell_equals_true",
    "B603": "subprocess_without_shell_equals_true", "B604": "any_other_function_with_shell_equals_true",
    "B605": "start_process_with_a_shell", "B606": "start_process_with_no_shell",
    "B607": "start_process_with_partial_path", "B608": "hardcoded_sql_expressions",
    "B609": "linux_commands_wildcard_injection", "B610": "django_extra_used", "B611": "django_rawsql_used",
    "B612": "logging_config_insecure_listen", "B613": "trojansource", "B614": "pytorch_load",
    "B615": "huggingface_unsafe_download", "B701": "jinja2_autoescape_false", "B702": "use_of_mako_templates",
    "B703": "django_mark_safe", "B704": "markupsafe_markup_xss",
}
RUFF = {
    "S101": "assert", "S102": "exec-builtin", "S103": "bad-file-permissions", "S104": "hardcoded-bind-all-interfaces",
    "S105": "hardcoded-password-string", "S106": "hardcoded-password-func-arg", "S107": "hardcoded-password-default",
    "S108": "hardcoded-temp-file", "S110": "try-except-pass", "S112": "try-except-continue",
    "S113": "request-without-timeout", "S201": "flask-debug-true", "S202": "tarfile-unsafe-members",
    "S301": "suspicious-pickle-usage", "S302": "suspicious-marshal-usage", "S303": "suspicious-insecure-hash-usage",
    "S304": "suspicious-insecure-cipher-usage", "S305": "suspicious-insecure-cipher-mode-usage",
    "S306": "suspicious-mktemp-usage", "S307": "suspicious-eval-usage", "S308": "suspicious-mark-safe-usage",
    "S310": "suspicious-url-open-usage", "S311": "suspicious-non-cryptographic-random-usage",
    "S312": "suspicious-telnet-usage", "S313": "suspicious-xmlc-element-tree-usage",
    "S314": "suspicious-xml-element-tree-usage", "S315": "suspicious-xml-expat-reader-usage",
    "S316": "suspicious-xml-expat-builder-usage", "S317": "suspicious-xml-sax-usage",
    "S318": "suspicious-xml-mini-dom-usage", "S319": "suspicious-xml-pull-dom-usage",
    "S320": "suspicious-xmle-tree-usage", "S321": "suspicious-ftp-lib-usage",
    "S323": "suspicious-unverified-ssl-context-usage", "S324": "hashlib-insecure-hash-function",
    "S401": "suspicious-telnetlib-import", "S402": "suspicious-ftplib-import", "S403": "suspicious-pickle-import",
    "S404": "suspicious-subprocess-import", "S405": "suspicious-xml-etree-import", "S406": "suspicious-xml-sax-import",
    "S407": "suspicious-xml-expat-import", "S408": "suspicious-xml-minidom-import",
    "S409": "suspicious-xml-pulldom-import", "S410": "suspicious-lxml-import", "S411": "suspicious-xmlrpc-import",
    "S412": "suspicious-httpoxy-import", "S413": "suspicious-pycrypto-import", "S415": "suspicious-pyghmi-import",
    "S501": "request-with-no-cert-validation", "S502": "ssl-insecure-version", "S503": "ssl-with-bad-defaults",
    "S504": "ssl-with-no-version", "S505": "weak-cryptographic-key", "S506": "unsafe-yaml-load",
    "S507": "ssh-no-host-key-verification", "S508": "snmp-insecure-version", "S509": "snmp-weak-cryptography",
    "S601": "paramiko-call", "S602": "subprocess-popen-with-shell-equals-true",
    "S603": "subprocess-without-shell-equals-true", "S604": "call-with-shell-equals-true",
    "S605": "start-process-with-a-shell", "S606": "start-process-with-no-shell",
    "S607": "start-process-with-partial-path", "S608": "hardcoded-sql-expression",
    "S609": "unix-command-wildcard-injection", "S610": "django-extra", "S611": "django-raw-sql",
    "S612": "logging-config-insecure-listen", "S701": "jinja2-autoescape-false", "S702": "mako-templates",
    "S704": "unsafe-markup-use",
}
_CREDENTIALS = "hard-coded credentials are the secrets family's job (the `secrets` hook), not an insecure default"
_QUALITY = "error handling style, not an insecure default; ruff's own rule covers it well"
_REMOVED = "removed from bandit itself"
_IMPORT_ONLY = "importing the module is not a risk in itself; the rules for its dangerous calls report the real uses"
WHY_NOT = {
    "B101": "asserts are for tests and invariants; reporting every one is noise for a pre-commit gate",
    "S101": "asserts are for tests and invariants; reporting every one is noise for a pre-commit gate",
    "B105": _CREDENTIALS, "B106": _CREDENTIALS, "B107": _CREDENTIALS,
    "S105": _CREDENTIALS, "S106": _CREDENTIALS, "S107": _CREDENTIALS,
    "B109": _REMOVED, "B111": _REMOVED, "B309": _REMOVED, "B322": _REMOVED, "B325": _REMOVED,
    "B110": _QUALITY, "B112": _QUALITY, "S110": _QUALITY, "S112": _QUALITY,
    "B404": _IMPORT_ONLY, "S404": _IMPORT_ONLY,
    "B411": "xmlrpc.client is not covered yet: use defusedxml.xmlrpc.monkey_patch() for untrusted servers",
    "S411": "xmlrpc.client is not covered yet: use defusedxml.xmlrpc.monkey_patch() for untrusted servers",
    "B412": "httpoxy concerns CGI handlers (wsgiref.handlers.CGIHandler), rarely used today; not covered",
    "S412": "httpoxy concerns CGI handlers (wsgiref.handlers.CGIHandler), rarely used today; not covered",
    "B413": "the `Crypto` package name is shared by unmaintained pycrypto and maintained pycryptodome; the code cannot tell them apart, the dependency manifest can",
    "S413": "the `Crypto` package name is shared by unmaintained pycrypto and maintained pycryptodome; the code cannot tell them apart, the dependency manifest can",
    "B415": "pyghmi (IPMI) is niche; not covered",
    "S415": "pyghmi (IPMI) is niche; not covered",
    "B603": "running a program with a list of arguments and no shell is the safe form; reporting it is noise",
    "S603": "running a program with a list of arguments and no shell is the safe form; reporting it is noise",
    "B606": "os.exec*/os.spawn* without a shell cannot be injected into; reporting them is noise",
    "S606": "os.exec*/os.spawn* without a shell cannot be injected into; reporting them is noise",
    "B607": "a program found through PATH is an environment question with a high false-positive rate; not covered",
    "S607": "a program found through PATH is an environment question with a high false-positive rate; not covered",
    "B613": "bidirectional control characters (trojan source) are not an insecure default; ruff's PLE2502 covers them",
    "B615": "downloading model weights without a pinned revision is a supply-chain policy; the code-execution risk (trust_remote_code) is SW139",
}


def rule_page(rule: type[Rule]) -> str:
    sections = rule.doc_sections()
    missing = [s for s in DOC_SECTIONS if not sections.get(s)]
    if missing:
        raise ValueError(f"{rule.id}: docstring lacks section(s) {missing}")
    for option in rule.options:
        if f"`{option.name}`" not in sections["Options"]:
            raise ValueError(f"{rule.id}: option {option.name} is not documented")
    rows = [
        ("Id", rule.id), ("Name", f"`{rule.name}`"), ("Family", rule.family()),
        ("Severity", rule.severity.label), ("Confidence", rule.confidence.label),
        ("CWE", ", ".join(f"[CWE-{c}](https://cwe.mitre.org/data/definitions/{c}.html)" for c in rule.cwe) or "-"),
        ("Fix", rule.fix_safety.value if rule.fix_safety else "none"),
        ("Replaces", ", ".join([*(f"bandit {b}" for b in rule.bandit), *(f"ruff {s}" for s in rule.ruff)]) or "-"),
    ]
    table = "| | |\n| --- | --- |\n" + "\n".join(f"| {k} | {v} |" for k, v in rows)
    body = "\n\n".join(f"## {name}\n\n{sections[name]}" for name in DOC_SECTIONS)
    options = ""
    if rule.options:
        options = "\n\nConfigure in `pyproject.toml`:\n\n```toml\n[tool.stagewarden.rules." + rule.id + "]\n" + "\n".join(
            f"{o.name} = {_toml(o.default)}  # {o.doc}" for o in rule.options) + "\n```"
    return f"<!-- generated by `python -m stagewarden.docsgen`: edit the rule's docstring instead -->\n# {rule.id}: {rule.name}\n\n{rule.summary}.\n\n{table}\n\n{body}{options}\n"


def _toml(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(f'"{v}"' for v in value) + "]"
    if isinstance(value, str):
        return f'"{value}"'
    return str(value)


def index_page(rules: list[type[Rule]]) -> str:
    lines = [
        "<!-- generated by `python -m stagewarden.docsgen` -->",
        "# Rules",
        "",
        "`stagewarden rules` prints this table; `stagewarden explain ID` prints a rule's page.",
        "",
        "| Id | Name | Family | Severity | Summary |",
        "| --- | --- | --- | --- | --- |",
    ]
    for rule in rules:
        lines.append(f"| [{rule.id}]({rule.id}.md) | `{rule.name}` | {rule.family()} | {rule.severity.label} | {rule.summary} |")
    return "\n".join(lines) + "\n"


def migrating_page(rules: list[type[Rule]]) -> str:
    def table(title: str, known: dict[str, str], attribute: str, comment: str) -> list[str]:
        out = [f"## {title}", "", "| Id | Check | stagewarden | Notes |", "| --- | --- | --- | --- |"]
        for ident, name in sorted(known.items()):
            ours = [r for r in rules if ident in getattr(r, attribute)]
            if ours:
                links = ", ".join(f"[{r.id}](rules/{r.id}.md) `{r.name}`" for r in ours)
                out.append(f"| {ident} | `{name}` | {links} | `{comment} {ident}` keeps working |")
            else:
                out.append(f"| {ident} | `{name}` | none | {WHY_NOT[ident]} |")
        return out + [""]

    lines = [
        "<!-- generated by `python -m stagewarden.docsgen` -->",
        "# Migrating from bandit and ruff",
        "",
        "Every bandit test and every ruff `S` (flake8-bandit) code, and the stagewarden rule that",
        "covers it, or why there is none. Existing suppression comments keep working where a rule",
        "maps: `# nosec B501` and `# noqa: S501` silence SW101 on that statement, exactly like",
        "`# stagewarden: ignore[SW101]`. A bare `# nosec` or `# noqa` names no check and silences",
        "nothing here; add the ids.",
        "",
        "Differences worth knowing: stagewarden reports the dangerous *use*, not the import",
        "(bandit's B4xx and ruff's S4xx flag `import pickle`; SW106 flags `pickle.loads`); it resolves",
        "aliases, star imports, module constants and `**{...}` keyword dicts; and several checks are",
        "narrower on purpose (SW121 reports `0.0.0.0` only where something listens on it, not every",
        "string; SW126 reports `random` only where it makes a token, password or key).",
        "",
    ]
    lines += table("bandit", BANDIT, "bandit", "# nosec")
    lines += table("ruff (flake8-bandit)", RUFF, "ruff", "# noqa:")
    return "\n".join(lines)


def generate(root: Path) -> dict[Path, str]:
    rules = builtin_rules()
    pages = {root / "docs" / "rules" / f"{rule.id}.md": rule_page(rule) for rule in rules}
    pages[root / "docs" / "rules" / "README.md"] = index_page(rules)
    pages[root / "docs" / "migrating.md"] = migrating_page(rules)
    return pages


def stale(root: Path) -> list[Path]:
    pages = generate(root)
    out = [path for path, text in pages.items() if not path.exists() or path.read_text(encoding="utf-8") != text]
    rules_dir = root / "docs" / "rules"
    if rules_dir.is_dir():
        out += [p for p in rules_dir.glob("*.md") if p not in pages]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m stagewarden.docsgen")
    parser.add_argument("--root", default=".", help="project root (default: the current directory)")
    parser.add_argument("--check", action="store_true", help="exit 1 if the generated docs are stale")
    args = parser.parse_args(argv)
    root = Path(args.root)
    if args.check:
        old = stale(root)
        for path in old:
            print(f"stale: {path}")
        return 1 if old else 0
    for path, text in generate(root).items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for path in stale(root):
        path.unlink()  # pages of rules that no longer exist
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
