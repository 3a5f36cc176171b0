"""Labelled evaluation of the secrets family (SW3xx) against detect-secrets, on one generated corpus.

    .venv/bin/python bench/secrets_eval.py [--seed N] [--per-type N] [--keep DIR] [--json FILE]

The corpus is built at run time, deterministically from the seed, in a temporary folder that is
deleted afterwards: no secret value, fake or not, is kept in the repository. Every value comes
from a generator that writes the documented format of its kind (prefix, length, alphabet, and
the checksum where the format has one: GitHub's and npm's CRC32, GitLab's routable CRC32, age's
bech32, a PyPI token's macaroon framing, a base64 that decodes to the right number of bytes).

- positives: at least `--per-type` secrets for every detector registered in
  stagewarden.rules.secrets (more for the generic ones: passwords, connection strings, URLs,
  headers), each put into a file type and context taken in turn from the contexts the kind can
  appear in: Python (assignments, keyword arguments, dicts, os.environ, f-strings, annotations,
  logging calls), .env, shell, YAML (Kubernetes, GitHub Actions, docker-compose, app config),
  JSON, TOML, INI, Dockerfile, Markdown, Jupyter notebooks (sources and outputs), JavaScript and
  TypeScript, requirements files and lockfiles, .netrc and WireGuard configurations.
- negatives: look-alikes no scanner should report (placeholders, documented example keys,
  UUIDs, git SHAs, hash pins, lockfile integrity strings, base64 images, i18n strings, obvious
  test fixtures, environment lookups, function calls, prefix-only mentions, tokens with a wrong
  checksum, public keys and certificates, Sentry DSNs, publishable keys, and more).
- neutral filler lines around them.

Both tools read the same files: `stagewarden check --select secrets --format json --no-cache
<files>` and `detect-secrets scan --all-files .` (its default plugins and filters). A positive
is found when the tool reports its labelled line (for a multi-line secret, a PEM block or a
.netrc entry written over several lines, any line of the block); for stagewarden the rule must
also be the labelled one, or any generic rule (SW39x, or a rule marked generic) when the label is
generic. Precision is counted on lines: a reported line is a true positive when it finds a
labelled positive there, a false positive when it is a negative's line or a neutral line.

Prints a Markdown report (docs/secrets-evaluation.md quotes it): recall per type, recall and
precision overall, false alarms per look-alike category, and stagewarden's false positives and
misses, every value redacted with stagewarden.secrets.redact.
"""

from __future__ import annotations

import argparse
import ast
import base64
import json
import os
import random
import re
import shutil
import string
import subprocess
import sys
import tempfile
import time
import uuid
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from urllib.parse import quote

import yaml  # PyYAML, a dependency of detect-secrets: only to check the generated YAML parses
from stagewarden.rules.secrets import RULES
from stagewarden.rules.secrets.common import bech32_encode
from stagewarden.rules.secrets.common import base36
from stagewarden.rules.secrets.fake import gitlab_routable as fake_gitlab_routable
from stagewarden.rules.secrets.fake import with_crc32_base62

from stagewarden.secrets import redact

try:  # Python 3.11+: only to check the generated TOML parses
    import tomllib
except ImportError:  # pragma: no cover
    tomllib = None

BIN = Path(sys.executable).parent
SEED = 20251122
PER_TYPE = 11

DIGITS = string.digits
HEX = "0123456789abcdef"
B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
B64 = string.ascii_letters + string.digits + "+/"
B64URL = string.ascii_letters + string.digits + "-_"
UPPER_ALNUM = string.ascii_uppercase + string.digits
PASSWORD_CHARS = string.ascii_letters + string.digits + "-_.!*+~^"
URL_PASSWORD_CHARS = string.ascii_letters + string.digits + "-_.~!*"


def rc(rng: random.Random, alphabet: str, n: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def number(rng: random.Random, n: int) -> str:
    return rng.choice("123456789") + rc(rng, DIGITS, n - 1)


def b64e(data: bytes) -> str:
    return base64.b64encode(data).decode()


def b64url_e(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def rbytes(rng: random.Random, n: int) -> bytes:
    return bytes(rng.getrandbits(8) for _ in range(n))


def password(rng: random.Random, lo: int = 12, hi: int = 22, alphabet: str = PASSWORD_CHARS) -> str:
    while True:
        value = rng.choice(string.ascii_letters + string.digits) + rc(rng, alphabet, rng.randint(lo, hi) - 1)
        if any(c.isupper() for c in value) and any(c.islower() for c in value) and any(c.isdigit() for c in value):
            return value


def fake_uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def camel(name: str) -> str:
    head, *rest = name.lower().split("_")
    return head + "".join(p.capitalize() for p in rest)


# -- formats with checksums -------------------------------------------------------------------
def github_token(rng: random.Random, prefix: str, valid: bool = True) -> str:
    return with_crc32_base62(prefix, rc(rng, B62, 30), valid)


def gitlab_routable(rng: random.Random, prefix: str = "glpat-", valid: bool = True) -> str:
    routing = f"o:{base36(rng.randint(10, 35), 1)}\nu:{base36(rng.randint(100, 1200), 2)}"
    return fake_gitlab_routable(rbytes(rng, 16), routing, prefix, valid)


bech32 = bech32_encode


def pypi_token(rng: random.Random, location: bytes = b"pypi.org") -> str:
    """`pypi-` and a version 2 binary macaroon (location, identifier, a caveat, a signature)."""
    def packet(kind: int, data: bytes) -> bytes:
        return bytes([kind, len(data)]) + data
    caveat = json.dumps({"version": 1, "permissions": {"projects": [f"pkg{rng.randint(1, 999)}"]}}, separators=(",", ":")).encode()
    data = bytes([2]) + packet(1, location) + packet(2, rc(rng, HEX, 32).encode()) + b"\0"
    data += packet(2, caveat) + b"\0" + b"\0" + packet(6, rbytes(rng, 32))
    return "pypi-" + b64url_e(data)


def discord_snowflake(rng: random.Random) -> int:
    milliseconds = rng.randint(2 * 365 * 86_400_000, 9 * 365 * 86_400_000)  # 2017 to 2024
    return (milliseconds << 22) | rng.getrandbits(22)


def jwt(rng: random.Random) -> str:
    alg = rng.choice(["HS256", "HS512", "RS256"])
    header = {"alg": alg, "typ": "JWT"} if alg != "RS256" else {"alg": alg, "kid": rc(rng, HEX, 16), "typ": "JWT"}
    payload = {"sub": str(rng.randint(1000, 99999)), "iat": 1_700_000_000 + rng.randint(0, 10**7),
               "exp": 1_800_000_000 + rng.randint(0, 10**7), "scope": rng.choice(["read", "read write", "admin"])}
    signature = {"HS256": 43, "HS512": 86, "RS256": 342}[alg]
    return f"{b64url_e(json.dumps(header).encode())}.{b64url_e(json.dumps(payload).encode())}.{rc(rng, B64URL, signature)}"


def png_base64(rng: random.Random, n: int) -> str:
    return b64e(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + rbytes(rng, n))


def pem(rng: random.Random, label: str) -> tuple[str, list[str], str]:
    heads = {"RSA PRIVATE KEY": "MIIEpAIBAAKCAQEA", "PRIVATE KEY": "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC",
             "EC PRIVATE KEY": "MHcCAQEEI", "OPENSSH PRIVATE KEY": "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAAB",
             "ENCRYPTED PRIVATE KEY": "MIIFHDBOBgkqhkiG9w0BBQ0wQTApBgkqhkiG9w0BBQwwHAQI",
             "PUBLIC KEY": "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA", "CERTIFICATE": "MIIDdzCCAl+gAwIBAgIE"}
    head = heads[label]
    lines = [head + rc(rng, B64, 64 - len(head))]
    lines += [rc(rng, B64, 64) for _ in range(rng.randint(3, 6))]
    lines.append(rc(rng, B64, rng.randint(16, 60)) + rng.choice(["", "=", "=="]))
    return f"-----BEGIN {label}-----", lines, f"-----END {label}-----"


# -- the corpus model -------------------------------------------------------------------------
@dataclass
class Label:
    kind: str  # "pos" or "neg"
    type: str  # a rule id (positives) or a look-alike category (negatives)
    value: str  # the secret or the look-alike (never printed whole)
    context: str
    index: int  # the labelled line, within its block
    span: tuple[int, int] | None = None  # a multi-line item's lines, within its block
    path: str = ""
    line: int = 0
    first: int = 0
    last: int = 0


@dataclass
class Block:
    fmt: str
    lines: list[str]
    labels: list[Label] = field(default_factory=list)
    key: str | None = None  # a key that must be unique within its file (YAML, TOML, JSON, INI)
    cell: dict | None = None  # notebooks: {"source": [...], "outputs": [...], "image": str, "markdown": bool}


def quoted(value: str) -> str:
    return json.dumps(value)


def yaml_scalar(value: str) -> str:
    try:
        if yaml.safe_load(f"k: {value}") == {"k": value}:
            return value
    except yaml.YAMLError:
        pass
    return quoted(value)


def yaml_item(value: str) -> str:
    try:
        if yaml.safe_load(f"- {value}") == [value]:
            return value
    except yaml.YAMLError:
        pass
    return quoted(value)


def shell(value: str) -> str:
    if re.fullmatch(r"[A-Za-z0-9_./:@%+=,~^-]+", value):
        return value
    if "$" in value or "'" in value:
        return quoted(value)
    return f"'{value}'"


def docker_value(value: str) -> str:
    return value if re.fullmatch(r"[A-Za-z0-9_./:@%+=,~^!*-]+|\$\{?\w+\}?", value) else quoted(value)


# The places a value can be written, by file type. Each returns (format, lines, the labelled
# line, the key that must stay unique in its file). Flags: where the name is on the line
# (upper "NAME", lower "name", camel "name", dash "--name", or not at all), and whether an
# assignment operator joins it to the value.
@dataclass(frozen=True)
class Context:
    id: str
    form: str  # "upper", "lower", "camel", "dash" or "" (no name on the line)
    op: bool
    build: Callable[[str, str, random.Random], tuple[str, list[str], int, str | None]]


CLIENTS = ("Client", "ApiClient", "Session", "Connector", "Uploader")


def _py_dict(n, v, r):
    return "py", ["SETTINGS = {", f'    "{n.lower()}": {quoted(v)},', '    "timeout": 30,', "}"], 1, None


CONTEXTS = [
    Context("py:assign", "upper", True, lambda n, v, r: ("py", [f"{n} = {quoted(v)}"], 0, None)),
    Context("py:kwarg", "lower", True, lambda n, v, r: ("py", [f"client = {r.choice(CLIENTS)}({n.lower()}={quoted(v)}, timeout=10)"], 0, None)),
    Context("py:dict", "lower", True, _py_dict),
    Context("py:environ", "upper", True, lambda n, v, r: ("py", [f'os.environ["{n}"] = {quoted(v)}'], 0, None)),
    Context("py:annotation", "upper", True, lambda n, v, r: ("py", [f"{n}: str = {quoted(v)}"], 0, None)),
    Context("py:fstring", "", False, lambda n, v, r: ("py", ['url = f"https://api.internal.test/v1/items?page={page}&key=' + v + '"'], 0, None)),
    Context("py:logging", "", False, lambda n, v, r: ("py", [f'logger.info("connecting with %s", {quoted(v)})'], 0, None)),
    Context("env", "upper", True, lambda n, v, r: ("env", [f"{n}={v}"], 0, n)),
    Context("env:quoted", "upper", True, lambda n, v, r: ("env", [f'{n}="{v}"'], 0, n)),
    Context("sh:export", "upper", True, lambda n, v, r: ("sh", [f"export {n}={shell(v)}"], 0, None)),
    Context("sh:flag", "dash", False, lambda n, v, r: ("sh", [f"deployctl push --{n.lower().replace('_', '-')} {shell(v)} --region eu-west-1"], 0, None)),
    Context("yaml:k8s-secret", "upper", True, lambda n, v, r: ("yaml_k8s", [f"  {n}: {yaml_scalar(v)}"], 0, n)),
    Context("yaml:github-actions", "upper", True, lambda n, v, r: ("yaml_gha_env", [f"      {n}: {yaml_scalar(v)}"], 0, n)),
    Context("yaml:docker-compose", "upper", True, lambda n, v, r: ("yaml_compose", [f"      - {yaml_item(f'{n}={v}')}"], 0, n)),
    Context("yaml:app-config", "lower", True, lambda n, v, r: ("yaml_config", [f"    {n.lower()}: {yaml_scalar(v)}"], 0, n.lower())),
    Context("json:config", "lower", True, lambda n, v, r: ("json_config", [f'    "{n.lower()}": {quoted(v)}'], 0, n.lower())),
    Context("toml:pyproject", "lower", True, lambda n, v, r: ("toml_pyproject", [f"{n.lower()} = {quoted(v)}"], 0, n.lower())),
    Context("toml:app", "lower", True, lambda n, v, r: ("toml_app", [f"{n.lower()} = {quoted(v)}"], 0, n.lower())),
    Context("ini", "lower", True, lambda n, v, r: ("ini", [f"{n.lower()} = {v}"], 0, n.lower())),
    Context("dockerfile:env", "upper", True, lambda n, v, r: ("dockerfile", [f"ENV {n}={docker_value(v)}"], 0, None)),
    Context("dockerfile:arg", "upper", True, lambda n, v, r: ("dockerfile", [f"ARG {n}={docker_value(v)}"], 0, None)),
    Context("md:code-block", "upper", True, lambda n, v, r: ("md", ["```bash", f"export {n}={shell(v)}", "```", ""], 1, None)),
    Context("md:prose", "", False, lambda n, v, r: ("md", [f"For the staging tenant use `{v}` until the rotation job runs.", ""], 0, None)),
    Context("ipynb:source", "upper", True, lambda n, v, r: ("ipynb", ["import os", f'os.environ["{n}"] = {quoted(v)}'], 1, None)),
    Context("ipynb:output", "lower", True, lambda n, v, r: ("ipynb", ["print(settings)", f"{{'{n.lower()}': '{v}', 'region': 'eu-west-1'}}"], 1, None)),
    Context("js:const", "camel", True, lambda n, v, r: ("js", [f"const {camel(n)} = {quoted(v)};"], 0, None)),
    Context("js:env-default", "upper", False, lambda n, v, r: ("js", [f"const {camel(n)} = process.env.{n} || {quoted(v)};"], 0, None)),
    Context("js:object", "lower", True, lambda n, v, r: ("js", [f"export const settings = {{ {n.lower()}: {quoted(v)}, retries: 3 }};"], 0, None)),
    Context("ts:const", "camel", True, lambda n, v, r: ("ts", [f"export const {camel(n)}: string = '{v}';"], 0, None)),
]
CONTEXT = {c.id: c for c in CONTEXTS}
# ipynb contexts: index 0/1 of [source..., output...]; the builder marks which lines are output.
IPYNB_OUTPUT = {"ipynb:output"}


def block_from(ctx_id: str, name: str, value: str, rng: random.Random) -> Block:
    fmt, lines, index, key = CONTEXT[ctx_id].build(name, value, rng)
    if fmt == "ipynb":
        if ctx_id in IPYNB_OUTPUT:
            return Block(fmt, lines, key=key, cell={"source": lines[:1], "outputs": lines[1:]}), index
        return Block(fmt, lines, key=key, cell={"source": lines, "outputs": []}), index
    return Block(fmt, lines, key=key), index


def labelled(block_index: tuple[Block, int], kind: str, type_: str, value: str, context: str,
             span: tuple[int, int] | None = None) -> Block:
    block, index = block_index
    block.labels.append(Label(kind, type_, value, context, index, span))
    return block


# -- positives --------------------------------------------------------------------------------
@dataclass
class Secret:
    value: str  # what is written (a URL, a connection string, or the secret itself)
    secret: str  # the secret the label names
    names: tuple[str, ...]
    variant: str = ""


# Which contexts a kind may appear in: every context ("any"), or only where its name is on the
# line ("named"), not in camelCase ("named-snake"), or joined to the value by an operator
# ("named-op"). A kind found by its format appears anywhere; one found by its name needs it.
FILTERS = {
    "any": lambda c: True,
    "named": lambda c: bool(c.form),
    "named-snake": lambda c: c.form in ("upper", "lower", "dash"),
    "named-op": lambda c: bool(c.form) and c.op and c.form != "dash",
}


def S(value, names, variant="", secret=None):
    return Secret(value, secret if secret is not None else value, tuple(names) if isinstance(names, (list, tuple)) else (names,), variant)


def gen_github(rng, i):
    prefix = ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"][i % 5]
    return S(github_token(rng, prefix), ["GITHUB_TOKEN", "GH_TOKEN", "GITHUB_PAT"], prefix)


def gen_gitlab(rng, i):
    kind = i % 7
    if kind == 0:
        return S(gitlab_routable(rng), ["GITLAB_TOKEN"], "routable glpat")
    if kind == 1:
        return S(gitlab_routable(rng, "glrt-"), ["RUNNER_TOKEN", "GITLAB_RUNNER_TOKEN"], "routable glrt")
    if kind == 2:
        return S("glptt-" + rc(rng, HEX, 40), ["CI_TRIGGER_TOKEN"], "glptt")
    if kind == 3:
        return S("gldt-" + rc(rng, B64URL, 20), ["DEPLOY_TOKEN"], "gldt")
    if kind == 4:
        return S("gloas-" + rc(rng, B64URL, 64), ["GITLAB_OAUTH_SECRET"], "gloas")
    if kind == 5:
        return S("GR1348941" + rc(rng, B64URL, 20), ["GITLAB_REGISTRATION_TOKEN"], "GR1348941")
    return S("glpat-" + rc(rng, B64URL, 20), ["GITLAB_TOKEN", "GL_TOKEN"], "legacy glpat")


def gen_aws_id(rng, i):
    prefix = "ASIA" if i % 4 == 3 else "AKIA"
    return S(prefix + rc(rng, string.ascii_uppercase + "234567", 16), ["AWS_ACCESS_KEY_ID"], prefix)


def gen_vault(rng, i):
    kind = i % 5
    if kind == 0:
        return S("hvs.CAES" + rc(rng, B64URL, 87), ["VAULT_TOKEN"], "hvs service")
    if kind == 1:
        return S("hvb.AAAAAQ" + rc(rng, B64URL, 140), ["VAULT_BATCH_TOKEN"], "hvb batch")
    if kind == 2:
        return S("hvr." + rc(rng, B62, 24), ["VAULT_RECOVERY_TOKEN"], "hvr recovery")
    if kind == 3:
        while True:
            body = rc(rng, B62, 24)
            if any(c.isupper() for c in body) and any(c.islower() for c in body) and any(c.isdigit() for c in body):
                return S("s." + body, ["VAULT_TOKEN"], "legacy s.")
    return S("hvs." + rc(rng, B62, 24), ["VAULT_TOKEN"], "hvs root")


def gen_slack(rng, i):
    kind = i % 5
    if kind in (0, 3):
        return S(f"xoxb-{number(rng, 12)}-{number(rng, 13)}-{rc(rng, B62, 24)}", ["SLACK_BOT_TOKEN"], "xoxb")
    if kind == 1:
        return S(f"xoxp-{number(rng, 11)}-{number(rng, 12)}-{number(rng, 12)}-{rc(rng, HEX, 32)}", ["SLACK_USER_TOKEN"], "xoxp")
    if kind == 2:
        return S(f"xapp-1-A{rc(rng, UPPER_ALNUM, 10)}-{number(rng, 13)}-{rc(rng, HEX, 64)}", ["SLACK_APP_TOKEN"], "xapp")
    return S(f"xoxe.xoxp-1-{rc(rng, B62, 164)}", ["SLACK_ROTATING_TOKEN"], "xoxe.xoxp")


def gen_slack_webhook(rng, i):
    kind = i % 4
    if kind == 1:
        url = (f"https://hooks.slack.com/workflows/T{rc(rng, UPPER_ALNUM, 10)}/A{rc(rng, UPPER_ALNUM, 10)}/"
               f"{number(rng, 18)}/{rc(rng, B62, 24)}")
    elif kind == 2:
        url = f"https://hooks.slack.com/triggers/T{rc(rng, UPPER_ALNUM, 10)}/{number(rng, 13)}/{rc(rng, HEX, 32)}"
    else:
        url = f"https://hooks.slack.com/services/T{rc(rng, UPPER_ALNUM, 10)}/B{rc(rng, UPPER_ALNUM, 10)}/{rc(rng, B62, 24)}"
    return S(url, ["SLACK_WEBHOOK_URL", "ALERTS_WEBHOOK"], url.split("/")[3])


def gen_discord_bot(rng, i):
    head = b64url_e(str(discord_snowflake(rng)).encode())
    return S(f"{head}.{rc(rng, B64URL, 6)}.{rc(rng, B64URL, rng.choice([27, 38]))}", ["DISCORD_BOT_TOKEN", "DISCORD_TOKEN"])


def gen_discord_webhook(rng, i):
    host = ["discord.com", "discordapp.com", "canary.discord.com"][i % 3]
    version = "v10/" if i % 4 == 3 else ""
    return S(f"https://{host}/api/{version}webhooks/{discord_snowflake(rng)}/{rc(rng, B64URL, 68)}", ["DISCORD_WEBHOOK_URL"], host)


def gen_twilio(rng, i):
    if i % 3 == 2:  # an auth token next to its Account SID: written by the twilio contexts
        return S(rc(rng, HEX, 32), ["TWILIO_AUTH_TOKEN"], "auth token", secret=None)
    return S("SK" + rc(rng, HEX, 32), ["TWILIO_API_KEY", "TWILIO_API_KEY_SID"], "SK")


def gen_mailgun(rng, i):
    if i % 3 == 2:
        return S(f"{rc(rng, HEX, 32)}-{rc(rng, HEX, 8)}-{rc(rng, HEX, 8)}", ["MAILGUN_API_KEY"], "current (needs mailgun)")
    return S("key-" + rc(rng, HEX, 32), ["MAILGUN_API_KEY", "MAILGUN_KEY"], "key-")


def gen_stripe(rng, i):
    prefix = ["sk_live_", "rk_live_", "sk_test_", "sk_live_"][i % 4]
    return S(prefix + rc(rng, B62, 99 if i % 2 == 0 else 24), ["STRIPE_SECRET_KEY", "STRIPE_API_KEY"], prefix)


def gen_square(rng, i):
    kind = i % 3
    if kind == 0:
        return S("sq0atp-" + rc(rng, B64URL, 22), ["SQUARE_ACCESS_TOKEN"], "sq0atp")
    if kind == 1:
        return S("sq0csp-" + rc(rng, B64URL, 43), ["SQUARE_APPLICATION_SECRET"], "sq0csp")
    return S("EAAA" + rc(rng, B64URL, 60), ["SQUARE_ACCESS_TOKEN"], "EAAA (needs square)")


def gen_datadog(rng, i):
    if i % 3 == 2:
        return S(rc(rng, HEX, 40), ["DD_APP_KEY", "DD_APPLICATION_KEY"], "application key")
    return S(rc(rng, HEX, 32), ["DD_API_KEY", "DATADOG_API_KEY"], "API key")


def gen_mapbox(rng, i):
    payload = json.dumps({"u": f"maps{rng.randint(1, 9999)}", "a": rc(rng, string.ascii_lowercase + DIGITS, 25)}, separators=(",", ":"))
    return S(f"sk.{b64url_e(payload.encode())}.{rc(rng, B64URL, 22)}", ["MAPBOX_SECRET_TOKEN", "MAPBOX_DOWNLOADS_TOKEN"])


def gen_sentry(rng, i):
    if i % 3 == 2:
        return S("sntryu_" + rc(rng, HEX, 64), ["SENTRY_AUTH_TOKEN"], "sntryu")
    claims = {"iat": 1_717_000_000 + rng.randint(0, 10**7) + 0.5, "url": "https://sentry.io",
              "region_url": "https://us.sentry.io", "org": f"acme{rng.randint(1, 999)}"}
    payload = b64e(json.dumps(claims, separators=(",", ":")).encode())
    return S(f"sntrys_{payload}_{rc(rng, B64, 43)}", ["SENTRY_AUTH_TOKEN"], "sntrys")


def gen_atlassian(rng, i):
    text = "xFfGF0" + rc(rng, B64URL, 171)
    return S(f"ATATT3{text}={zlib.crc32(text.encode()):08X}", ["JIRA_API_TOKEN", "CONFLUENCE_API_TOKEN", "ATLASSIAN_API_TOKEN"])


def gen_openai(rng, i):
    kind = i % 4
    if kind == 3:
        return S(f"sk-{rc(rng, B62, 20)}T3BlbkFJ{rc(rng, B62, 20)}", ["OPENAI_API_KEY"], "legacy")
    prefix = ["proj", "svcacct", "admin"][kind]
    return S(f"sk-{prefix}-{rc(rng, B64URL, 74)}T3BlbkFJ{rc(rng, B64URL, 74)}", ["OPENAI_API_KEY"], f"sk-{prefix}")


def gen_twitter(rng, i):
    encoded = rc(rng, string.ascii_letters + DIGITS, 30)
    token = f"{'A' * 22}{rc(rng, DIGITS, 19)}{'A' * 7}{encoded}%2B{rc(rng, B62, 12)}%3D{rc(rng, B62, 20)}"
    return S(token, ["TWITTER_BEARER_TOKEN", "X_BEARER_TOKEN"])


def gen_heroku(rng, i):
    if i % 3 == 2:
        return S(fake_uuid(rng), ["HEROKU_API_KEY"], "legacy UUID (needs a heroku name)")
    return S("HRKU-AA" + rc(rng, B64URL, 58), ["HEROKU_API_KEY"], "HRKU-AA")


def gen_fly(rng, i):
    if i % 2:
        token = f"fm2_lJPE{rc(rng, B64, 180)}=,fm2_lJPE{rc(rng, B64, 64)}"
        return S(("FlyV1 " + token) if i % 4 == 1 else token, ["FLY_API_TOKEN"], "fm2 macaroon", secret=token)
    return S("fo1_" + rc(rng, B64URL, 43), ["FLY_API_TOKEN"], "fo1")


def gen_doppler(rng, i):
    kind = ["pt", "st.prd", "sa", "ct", "scim", "audit"][i % 6]
    return S(f"dp.{kind}.{rc(rng, B62, 43 if kind != 'st.prd' else 40)}", ["DOPPLER_TOKEN"], f"dp.{kind}")


def gen_azure_conn(rng, i):
    key = b64e(rbytes(rng, 64))
    account = f"st{rc(rng, string.ascii_lowercase + DIGITS, 10)}"
    value = f"DefaultEndpointsProtocol=https;AccountName={account};AccountKey={key};EndpointSuffix=core.windows.net"
    return S(value, ["AZURE_STORAGE_CONNECTION_STRING"], secret=key)


def gen_azure_sas(rng, i):
    sig = quote(b64e(rbytes(rng, 32)), safe="")
    account = f"st{rc(rng, string.ascii_lowercase + DIGITS, 10)}"
    url = (f"https://{account}.blob.core.windows.net/exports/report.csv?sv=2022-11-02&ss=b&srt=o&sp=r"
           f"&se=2031-01-01T00:00:00Z&st=2025-01-01T00:00:00Z&spr=https&sig={sig}")
    return S(url, ["AZURE_BLOB_SAS_URL", "EXPORT_URL"], secret=sig)


def gen_azure_ad(rng, i):
    value = rc(rng, string.ascii_letters + DIGITS + "_~.", 3) + rng.choice(DIGITS) + "Q~" + rc(rng, string.ascii_letters + DIGITS + "_~.-", 34)
    return S(value, ["AZURE_CLIENT_SECRET"])


def gen_age(rng, i):
    return S(bech32("age-secret-key-", rbytes(rng, 32)).upper(), ["SOPS_AGE_KEY", "AGE_SECRET_KEY"])


def gen_pypi(rng, i):
    test = i % 4 == 3
    return S(pypi_token(rng, b"test.pypi.org" if test else b"pypi.org"), ["PYPI_API_TOKEN", "TWINE_PASSWORD"], "TestPyPI" if test else "PyPI")


def gen_facebook(rng, i):
    return S(rng.choice(["EAAB", "EAAG", "EAAJ"]) + rc(rng, B62, rng.randint(150, 240)), ["FACEBOOK_ACCESS_TOKEN", "FB_ACCESS_TOKEN"])


def gen_grafana(rng, i):
    if i % 2:
        claims = {"o": str(rng.randint(100000, 999999)), "n": f"stack-{rng.randint(1, 999)}-metrics-write",
                  "k": rc(rng, B62, 24), "m": {"r": rng.choice(["prod-us-east-0", "prod-eu-west-2"])}}
        return S("glc_" + b64e(json.dumps(claims, separators=(",", ":")).encode()), ["GRAFANA_CLOUD_TOKEN"], "glc_")
    key = "glsa_" + rc(rng, B62, 32)
    return S(f"{key}_{zlib.crc32(key.encode()).to_bytes(4, 'little').hex()}", ["GRAFANA_SERVICE_ACCOUNT_TOKEN", "GRAFANA_TOKEN"], "glsa_")


def gen_notion(rng, i):
    if i % 2:
        return S("ntn_" + number(rng, 11) + rc(rng, B62, 35), ["NOTION_TOKEN"], "ntn_")
    while True:
        body = rc(rng, B62, 43)
        if any(c.isupper() for c in body) and any(c.islower() for c in body) and any(c.isdigit() for c in body):
            return S("secret_" + body, ["NOTION_API_KEY", "NOTION_TOKEN"], "secret_")


GENERATORS: dict[str, tuple[Callable[[random.Random, int], Secret], str]] = {
    "SW302": (gen_github, "any"),
    "SW303": (lambda r, i: S(f"github_pat_{rc(r, B62, 22)}_{rc(r, B62, 59)}", ["GITHUB_TOKEN", "GH_PAT"]), "any"),
    "SW304": (gen_gitlab, "any"),
    "SW305": (gen_aws_id, "any"),
    "SW306": (lambda r, i: S(rc(r, string.ascii_letters + DIGITS + "+/", 40), ["AWS_SECRET_ACCESS_KEY"]), "named"),
    "SW307": (lambda r, i: S("AIza" + rc(r, B64URL, 35), ["GOOGLE_API_KEY", "MAPS_API_KEY"]), "any"),
    "SW309": (lambda r, i: S("GOCSPX-" + rc(r, B64URL, 28), ["GOOGLE_CLIENT_SECRET", "OAUTH_CLIENT_SECRET"]), "any"),
    "SW310": (gen_azure_conn, "any"),
    "SW311": (gen_azure_sas, "any"),
    "SW312": (gen_azure_ad, "any"),
    "SW313": (lambda r, i: S(["dop_v1_", "doo_v1_", "dor_v1_"][i % 3] + rc(r, HEX, 64), ["DIGITALOCEAN_TOKEN", "DO_TOKEN"]), "any"),
    "SW314": (gen_heroku, "any"),
    "SW315": (lambda r, i: S("dapi" + rc(r, HEX, 32) + ("-2" if i % 4 == 1 else ""), ["DATABRICKS_TOKEN"]), "any"),
    "SW316": (gen_vault, "any"),
    "SW317": (lambda r, i: S(f"{rc(r, B62, 14)}.atlasv1.{rc(r, B62 + '_-', 67)}", ["TFE_TOKEN", "TF_TOKEN_app_terraform_io"]), "any"),
    "SW318": (gen_doppler, "any"),
    "SW319": (lambda r, i: S("pul-" + rc(r, HEX, 40), ["PULUMI_ACCESS_TOKEN"]), "any"),
    "SW320": (lambda r, i: S(github_token(r, "npm_"), ["NPM_TOKEN", "NODE_AUTH_TOKEN"]), "any"),
    "SW321": (gen_pypi, "any"),
    "SW322": (lambda r, i: S("dckr_pat_" + rc(r, B64URL, 27), ["DOCKERHUB_TOKEN", "DOCKER_PASSWORD"]), "any"),
    "SW323": (gen_fly, "any"),
    "SW324": (lambda r, i: S(rc(r, B64URL, 40), ["CLOUDFLARE_API_TOKEN", "CLOUDFLARE_TOKEN"]), "named-op"),
    "SW330": (gen_slack, "any"),
    "SW331": (gen_slack_webhook, "any"),
    "SW332": (gen_discord_bot, "named"),
    "SW333": (gen_discord_webhook, "any"),
    "SW334": (lambda r, i: S(f"{number(r, r.choice([9, 10]))}:AA{rc(r, B64URL, 33)}", ["TELEGRAM_BOT_TOKEN"]), "any"),
    "SW335": (gen_twilio, "any"),
    "SW336": (lambda r, i: S(f"SG.{rc(r, B64URL, 22)}.{rc(r, B64URL, 43)}", ["SENDGRID_API_KEY"]), "any"),
    "SW337": (gen_mailgun, "any"),
    "SW338": (lambda r, i: S(f"{rc(r, HEX, 32)}-us{r.randint(1, 21)}", ["MAILCHIMP_API_KEY"]), "any"),
    "SW339": (gen_stripe, "any"),
    "SW340": (gen_square, "any"),
    "SW341": (lambda r, i: S(["shpat_", "shpca_", "shppa_", "shpss_"][i % 4] + rc(r, HEX, 32), ["SHOPIFY_ACCESS_TOKEN", "SHOPIFY_API_SECRET"]), "any"),
    "SW342": (gen_datadog, "named-snake"),
    "SW343": (gen_mapbox, "any"),
    "SW344": (lambda r, i: S("NRAK-" + rc(r, UPPER_ALNUM, 27) if i % 2 == 0 else "NRII-" + rc(r, B64URL, 32), ["NEW_RELIC_API_KEY", "NEW_RELIC_INSERT_KEY"]), "any"),
    "SW345": (gen_sentry, "any"),
    "SW346": (gen_atlassian, "any"),
    "SW347": (lambda r, i: S("lin_api_" + rc(r, B62, 40), ["LINEAR_API_KEY"]), "any"),
    "SW348": (gen_notion, "any"),
    "SW349": (lambda r, i: S(f"PMAK-{rc(r, HEX, 24)}-{rc(r, HEX, 34)}", ["POSTMAN_API_KEY"]), "any"),
    "SW350": (gen_grafana, "any"),
    "SW360": (gen_openai, "any"),
    "SW361": (lambda r, i: S(f"sk-ant-{'api03' if i % 4 else 'admin01'}-{rc(r, B64URL, 93)}AA", ["ANTHROPIC_API_KEY"]), "any"),
    "SW362": (lambda r, i: S(("hf_" if i % 4 else "api_org_") + rc(r, string.ascii_letters, 34), ["HF_TOKEN", "HUGGINGFACE_TOKEN"]), "any"),
    "SW363": (lambda r, i: S("r8_" + rc(r, B62, 37), ["REPLICATE_API_TOKEN"]), "any"),
    "SW364": (lambda r, i: S("gsk_" + rc(r, B62, 52), ["GROQ_API_KEY"]), "any"),
    "SW365": (lambda r, i: S("pplx-" + rc(r, B62, 48), ["PERPLEXITY_API_KEY"]), "any"),
    "SW366": (lambda r, i: S(jwt(r), ["ACCESS_TOKEN", "SERVICE_JWT", "AUTH_JWT"]), "any"),
    "SW368": (gen_age, "any"),
    "SW373": (gen_facebook, "named"),
    "SW374": (gen_twitter, "any"),
    # Kinds that are written in their own contexts (below).
    "SW301": (None, "special"), "SW308": (None, "special"), "SW367": (None, "special"), "SW369": (None, "special"),
    "SW370": (None, "special"), "SW371": (None, "special"), "SW372": (None, "special"), "SW375": (None, "special"),
    "SW377": (None, "special"), "SW390": (None, "special"),
}
# Variants that need their name on the line, whatever the kind's own filter.
NAMED_VARIANTS = {"current (needs mailgun)": "named", "EAAA (needs square)": "named", "legacy s.": "named",
                  "legacy UUID (needs a heroku name)": "named-op"}


def twilio_auth_block(rng: random.Random, token: str, j: int) -> Block:
    sid = "AC" + rc(rng, HEX, 32)
    variants = [
        ("py:twilio-client", "py", [f"client = TwilioClient({quoted(sid)}, {quoted(token)})"]),
        ("sh:curl-basic", "sh", [f"curl -s -u {sid}:{token} https://api.twilio.com/2010-04-01/Accounts.json"]),
        ("js:twilio-client", "js", [f"const client = twilio({quoted(sid)}, {quoted(token)});"]),
        ("yaml:flow-mapping", "yaml_config", [f"    twilio: {{account_sid: {sid}, auth_token: {token}}}"]),
    ]
    ctx, fmt, lines = variants[j % len(variants)]
    return Block(fmt, lines, [Label("pos", "SW335", token, ctx, 0)], key="twilio" if fmt == "yaml_config" else None)


def pem_blocks(rng: random.Random, j: int, label: str, kind: str = "pos", type_: str = "SW301") -> Block:
    begin, body, end = pem(rng, label)
    secret = "".join(body)
    esc = "\\n".join([begin, *body, end]) + "\\n"
    name = "PRIVATE_KEY" if "PRIVATE" in label else ("PUBLIC_KEY" if "PUBLIC" in label else "TLS_CERT")
    variants = [
        ("py:triple-quoted", "py", [f'{name} = """{begin}', *body, f'{end}"""'], 0),
        ("yaml:k8s-block-scalar", "yaml_k8s", [f"  {name.lower().replace('_', '.')}: |", *["    " + x for x in (begin, *body, end)]], 1),
        ("json:escaped", "json_config", [f'    "{name.lower()}": "{esc}"'], 0),
        ("env:escaped", "env", [f'{name}="{esc}"'], 0),
        ("md:code-block", "md", ["```", begin, *body, end, "```", ""], 1),
        ("sh:heredoc", "sh", [f"cat > {name.lower()}.pem <<'EOF'", begin, *body, end, "EOF"], 1),
        ("js:template", "js", [f"const {camel(name)} = `{begin}", *body, f"{end}`;"], 0),
        ("toml:multiline", "toml_app", [f'{name.lower()} = """{begin}', *body, f'{end}"""'], 0),
        ("ipynb:output", "ipynb", [f"print(open('{name.lower()}.pem').read())", begin, *body, end], 1),
        ("yaml:github-actions-block", "yaml_gha_env", [f"      {name}: |", *["        " + x for x in (begin, *body, end)]], 1),
        ("dockerfile:echo", "dockerfile", [f'RUN echo "{esc}" > /etc/app/{name.lower()}.pem'], 0),
    ]
    ctx, fmt, lines, index = variants[j % len(variants)]
    last = index + len(body) + 1 if len(lines) > 2 else index
    cell = None
    if fmt == "ipynb":
        cell = {"source": lines[:1], "outputs": lines[1:]}
    key = {"yaml_k8s": name, "json_config": name.lower(), "env": name, "toml_app": name.lower(), "yaml_gha_env": name}.get(fmt)
    first = 0 if fmt.startswith("yaml") else index  # a YAML block scalar's key line belongs to it
    return Block(fmt, lines, [Label(kind, type_, secret, ctx, index, (first, min(last, len(lines) - 1)))], key=key, cell=cell)


def service_account_block(rng: random.Random, j: int) -> Block:
    key_id = rc(rng, HEX, 40)
    begin, body, end = pem(rng, "PRIVATE KEY")
    project = f"proj-{rc(rng, string.ascii_lowercase, 6)}-{rng.randint(100, 999)}"
    client_id = number(rng, 21)
    lines = [
        "{",
        '  "type": "service_account",',
        f'  "project_id": "{project}",',
        f'  "private_key_id": "{key_id}",',
        f'  "private_key": "{begin}\\n' + "\\n".join(body) + f'\\n{end}\\n",',
        f'  "client_email": "deployer@{project}.iam.gserviceaccount.com",',
        f'  "client_id": "{client_id}",',
        '  "auth_uri": "https://accounts.google.com/o/oauth2/auth",',
        '  "token_uri": "https://oauth2.googleapis.com/token",',
        '  "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",',
        f'  "client_x509_cert_url": "https://www.googleapis.com/robot/v1/metadata/x509/deployer%40{project}.iam.gserviceaccount.com",',
        '  "universe_domain": "googleapis.com"',
        "}",
    ]
    return Block("json_sa", lines, [
        Label("pos", "SW308", key_id, "json:service-account", 3),
        Label("pos", "SW301", "".join(body), "json:service-account", 4),
        Label("neg", "id-number", client_id, "json:service-account", 6),
        Label("neg", "config-url", "https://oauth2.googleapis.com/token", "json:service-account", 8),
    ])


def sa_key_id_block(rng: random.Random, j: int) -> Block:
    key_id = rc(rng, HEX, 40)
    ctx = ["py:dict", "yaml:app-config", "toml:app", "env", "ipynb:output", "json:config"][j % 6]
    name = "GOOGLE_PRIVATE_KEY_ID" if ctx == "env" else "PRIVATE_KEY_ID"
    return labelled(block_from(ctx, name, key_id, rng), "pos", "SW308", key_id, ctx)


def wireguard_block(rng: random.Random, j: int, negatives_only: bool = False) -> Block:
    def key() -> str:
        return b64e(rbytes(rng, 32))
    private, peer_public, preshared = key(), key(), key()
    lines = ["[Interface]", f"Address = 10.{rng.randint(0, 250)}.0.1/24", "ListenPort = 51820"]
    labels = []
    if negatives_only:
        lines.append("PostUp = wg set %i private-key /etc/wireguard/private.key")
        labels.append(Label("neg", "env-lookup", "/etc/wireguard/private.key", "wg:private-key-file", 3))
    else:
        lines.append(f"PrivateKey = {private}")
        labels.append(Label("pos", "SW367", private, "wg:interface", 3))
    lines += ["", "[Peer]", f"PublicKey = {peer_public}"]
    labels.append(Label("neg", "public-key", peer_public, "wg:peer-public-key", len(lines) - 1))
    if not negatives_only and j % 2 == 0:
        lines.append(f"PresharedKey = {preshared}")
        labels.append(Label("pos", "SW367", preshared, "wg:peer-preshared", len(lines) - 1))
    lines += [f"AllowedIPs = 10.{rng.randint(0, 250)}.0.0/16", f"Endpoint = vpn{rng.randint(1, 99)}.internal.test:51820"]
    return Block("wg", lines, labels)


def wireguard_embedded(rng: random.Random, j: int) -> Block:
    private = b64e(rbytes(rng, 32))
    body = ["[Interface]", f"PrivateKey = {private}", "Address = 10.8.0.2/32"]
    variants = [
        ("md:code-block", "md", ["```ini", *body, "```", ""], 2),
        ("yaml:k8s-block-scalar", "yaml_k8s", ["  wg0.conf: |", *["    " + x for x in body]], 2),
        ("sh:heredoc", "sh", ["cat > /etc/wireguard/wg0.conf <<'EOF'", *body, "EOF"], 2),
    ]
    ctx, fmt, lines, index = variants[j % len(variants)]
    span = (0, len(lines) - 1) if fmt == "yaml_k8s" else None
    return Block(fmt, lines, [Label("pos", "SW367", private, ctx, index, span)], key="wg0.conf" if fmt == "yaml_k8s" else None)


def db_url(rng: random.Random, j: int) -> tuple[str, str, str]:
    schemes = ["postgresql", "postgres", "postgresql+psycopg", "mysql+pymysql", "mysql", "mariadb", "mssql+pyodbc",
               "mongodb+srv", "mongodb", "redis", "rediss", "amqp", "amqps", "oracle+oracledb", "clickhouse", "kafka"]
    scheme = schemes[j % len(schemes)]
    secret = password(rng, 14, 24, URL_PASSWORD_CHARS)
    user = "" if scheme.startswith("redis") and j % 2 else rng.choice(["app", "svc_orders", "etl", "admin_ro", "django"])
    host = rng.choice(["db.internal", "10.0.3.17", "cluster0.x8k2p.mongodb.net", "orders-db.prod.svc", "localhost"])
    port = {"redis": ":6379/0", "rediss": ":6380/0", "amqp": ":5672//", "amqps": ":5671/vhost"}.get(scheme, "/app")
    return f"{scheme}://{user}:{secret}@{host}{port}", secret, scheme


def basic_url(rng: random.Random, j: int) -> tuple[str, str, str]:
    secret = password(rng, 16, 28, URL_PASSWORD_CHARS) if j % 3 else rc(rng, B62, 32)
    user = rng.choice(["deploy", "ci-bot", "alice", "svc-backup", "build"])
    forms = [
        f"https://{user}:{secret}@artifacts.internal.test/repository/pypi/simple",
        f"http://{user}:{secret}@proxy.corp.test:3128",
        f"ftp://{user}:{secret}@files.partner.test/incoming/",
        f"smtps://{user}:{secret}@smtp.mail.test:465",
        f"https://{user}:{secret}@git.internal.test/platform/infra.git",
        f"ldaps://{user}:{secret}@ldap.corp.test:636",
        f"sftp://{user}:{secret}@sftp.partner.test:22/upload",
        f"wss://{user}:{secret}@stream.internal.test/feed",
    ]
    url = forms[j % len(forms)]
    return url, secret, url.split(":", 1)[0]


def special_positives(rng_for: Callable[[str, int], random.Random], per_type: int) -> list[Block]:
    blocks: list[Block] = []
    pem_labels = ["RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY", "ENCRYPTED PRIVATE KEY"]
    for j in range(per_type):
        blocks.append(pem_blocks(rng_for("SW301", j), j, pem_labels[j % len(pem_labels)]))
    for j in range(max(5, per_type // 2)):
        blocks.append(service_account_block(rng_for("SW308-sa", j), j))
    for j in range(max(6, per_type - per_type // 2)):
        blocks.append(sa_key_id_block(rng_for("SW308", j), j))
    for j in range(per_type - 3):
        blocks.append(wireguard_block(rng_for("SW367", j), j))
    for j in range(3):
        blocks.append(wireguard_embedded(rng_for("SW367-embedded", j), j))

    # SW369: database and broker URLs, anywhere.
    url_contexts = [c.id for c in CONTEXTS]
    for j in range(per_type * 2):
        rng = rng_for("SW369", j)
        url, secret, scheme = db_url(rng, j)
        name = rng.choice(["DATABASE_URL", "SQLALCHEMY_DATABASE_URI", "CELERY_BROKER_URL", "MONGO_URI", "REDIS_URL", "DB_DSN"])
        ctx = url_contexts[(j * 7 + 3) % len(url_contexts)]
        blocks.append(labelled(block_from(ctx, name, url, rng), "pos", "SW369", secret, f"{ctx} ({scheme})"))

    # SW370: credentials in other URLs, including requirements files and lockfiles.
    for j in range(per_type + 6):
        rng = rng_for("SW370", j)
        url, secret, scheme = basic_url(rng, j)
        if j % 6 == 0:
            block = Block("requirements", [f"--extra-index-url {url}"], [Label("pos", "SW370", secret, "requirements:index-url", 0)])
        elif j % 6 == 3:
            block = Block("json_lock", ['    "node_modules/@corp/ui-kit": {', '      "version": "4.2.1",',
                                        f'      "resolved": "{url}/-/ui-kit-4.2.1.tgz",',
                                        f'      "integrity": "sha512-{b64e(rbytes(rng, 64))}"', "    }"],
                          [Label("pos", "SW370", secret, "package-lock:resolved", 2)], key="@corp/ui-kit")
        else:
            name = rng.choice(["PIP_INDEX_URL", "HTTPS_PROXY", "REGISTRY_URL", "SMTP_URL", "REMOTE_URL", "UPLOAD_URL"])
            ctx = url_contexts[(j * 5 + 1) % len(url_contexts)]
            block = labelled(block_from(ctx, name, url, rng), "pos", "SW370", secret, f"{ctx} ({scheme})")
        blocks.append(block)

    # SW371: registry credentials in Docker configs.
    for j in range(per_type):
        rng = rng_for("SW371", j)
        user = rng.choice(["ci-bot", "deploy", "robot$builder", "oauth2accesstoken"])
        auth = b64e(f"{user}:{password(rng, 20, 32, B62)}".encode())
        registry = rng.choice(["ghcr.io", "registry.gitlab.com", "index.docker.io", "registry.internal.test:5000", "quay.io"])
        cfg = json.dumps({"auths": {registry: {"auth": auth}}})
        kind = j % 6
        if kind in (0, 1):
            block = Block("json_dockercfg", [f'    "{registry}": {{', f'      "auth": "{auth}"', "    }"],
                          [Label("pos", "SW371", auth, "docker:config.json", 1)], key=registry)
        elif kind == 2:
            whole = b64e(cfg.encode())
            block = Block("yaml_k8s_data", [f"  .dockerconfigjson: {whole}"], [Label("pos", "SW371", whole, "yaml:k8s-dockerconfigjson", 0)], key=".dockerconfigjson")
        elif kind == 3:
            block = Block("env", [f"DOCKER_AUTH_CONFIG={cfg}"], [Label("pos", "SW371", auth, "env:DOCKER_AUTH_CONFIG", 0)], key="DOCKER_AUTH_CONFIG")
        elif kind == 4:
            block = Block("sh", ["mkdir -p ~/.docker", f"echo '{cfg}' > ~/.docker/config.json"], [Label("pos", "SW371", auth, "sh:echo", 1)])
        else:
            block = Block("md", ["```json", cfg, "```", ""], [Label("pos", "SW371", auth, "md:code-block", 1)])
        blocks.append(block)

    # SW372: .netrc entries, on one line or several, and written by scripts.
    for j in range(per_type):
        rng = rng_for("SW372", j)
        secret = password(rng, 16, 24, PASSWORD_CHARS)
        host = rng.choice(["git.internal.test", "api.heroku.com", "artifacts.corp.test", "urs.earthdata.nasa.gov", "ftp.partner.test"])
        user = rng.choice(["deploy", "ci", "alice@corp.test", "svc-sync"])
        kind = j % 5
        if kind in (0, 1):
            block = Block("netrc", [f"machine {host} login {user} password {secret}"], [Label("pos", "SW372", secret, "netrc:one-line", 0)])
        elif kind == 2:
            block = Block("netrc", [f"machine {host}", f"  login {user}", f"  password {secret}"],
                          [Label("pos", "SW372", secret, "netrc:multi-line", 2, (0, 2))])
        elif kind == 3:
            block = Block("dockerfile", [f'RUN echo "machine {host} login {user} password {secret}" > /root/.netrc'],
                          [Label("pos", "SW372", secret, "dockerfile:echo", 0)])
        else:
            block = Block("sh", [f"printf 'machine {host} login {user} password {secret}\\n' >> ~/.netrc"],
                          [Label("pos", "SW372", secret, "sh:printf", 0)])
        blocks.append(block)

    # SW375: passwords on command lines.
    for j in range(per_type):
        rng = rng_for("SW375", j)
        secret = password(rng, 12, 20, string.ascii_letters + DIGITS + "-_.!@")
        host = f"{rng.choice(['deploy', 'root', 'backup'])}@{rng.choice(['10.0.4.12', 'bastion.internal.test', 'web1'])}"
        commands = [
            f"sshpass -p '{secret}' ssh -o StrictHostKeyChecking=no {host} 'systemctl restart app'",
            f"sshpass -p {secret} scp build.tar.gz {host}:/srv/releases/",
            f"mysqldump -u backup --password={secret} orders > orders.sql",
            f"docker login registry.internal.test --username ci --password={secret}",
        ]
        command = commands[j % len(commands)]
        kind = j % 6
        if kind == 0:
            block = Block("sh", [command], [Label("pos", "SW375", secret, "sh:command", 0)])
        elif kind == 1:
            block = Block("dockerfile", [f"RUN {command}"], [Label("pos", "SW375", secret, "dockerfile:run", 0)])
        elif kind == 2:
            block = Block("yaml_gha_steps", [f"      - run: {yaml_item(command)}"], [Label("pos", "SW375", secret, "yaml:github-actions-run", 0)])
        elif kind == 3:
            block = Block("md", ["```bash", command, "```", ""], [Label("pos", "SW375", secret, "md:code-block", 1)])
        elif kind == 4:
            block = Block("py", [f"os.system({quoted(command)})"], [Label("pos", "SW375", secret, "py:os.system", 0)])
        else:
            block = Block("ipynb", ["!" + command], [Label("pos", "SW375", secret, "ipynb:shell-escape", 0)], cell={"source": ["!" + command], "outputs": []})
        blocks.append(block)

    # SW377: credentials in Authorization and X-API-Key headers.
    for j in range(per_type + 5):
        rng = rng_for("SW377", j)
        kind = j % 3
        if kind == 0:
            secret, header, prefix = password(rng, 32, 40, B62), "Authorization", "Bearer "
        elif kind == 1:
            secret, header, prefix = b64e(f"{rng.choice(['svc', 'admin', 'reporter'])}:{password(rng, 14, 20, B62)}".encode()), "Authorization", "Basic "
        else:
            secret, header, prefix = rc(rng, HEX, 32), "X-API-Key", ""
        value = prefix + secret
        forms = [
            ("sh:curl", "sh", [f'curl -sf -H "{header}: {value}" https://api.partner.test/v2/orders'], None),
            ("py:headers-dict", "py", [f'headers = {{"{header}": {quoted(value)}, "Accept": "application/json"}}'], None),
            ("js:fetch", "js", [f'await fetch(url, {{ headers: {{ "{header}": {quoted(value)} }} }});'], None),
            ("yaml:http-check", "yaml_config", [f"    {header.lower()}: {yaml_scalar(value)}"], header.lower()),
            ("md:http-request", "md", ["```http", "GET /v2/orders HTTP/1.1", f"{header}: {value}", "```", ""], None),
            ("dockerfile:healthcheck", "dockerfile", [f'HEALTHCHECK CMD curl -f -H "{header}: {value}" http://localhost:8080/health || exit 1'], None),
            ("ts:axios", "ts", [f"const api = axios.create({{ headers: {{ '{header}': '{value}' }} }});"], None),
            ("json:config", "json_config", [f'    "{header.lower()}": {quoted(value)}'], header.lower()),
        ]
        ctx, fmt, lines, key = forms[j % len(forms)]
        index = 2 if ctx == "md:http-request" else 0
        blocks.append(Block(fmt, lines, [Label("pos", "SW377", secret, ctx, index)], key=key))

    # SW390: passwords, secrets and keys bound to a secret-like name, and connection strings.
    names = ["PASSWORD", "DB_PASSWORD", "ADMIN_PASSWORD", "SMTP_PASSWORD", "REDIS_PASSWORD", "SECRET_KEY", "API_KEY",
             "API_SECRET", "CLIENT_SECRET", "AUTH_TOKEN", "JWT_SECRET", "WEBHOOK_SECRET", "ENCRYPTION_PASSPHRASE",
             "LDAP_BIND_PASSWORD", "MYSQL_ROOT_PASSWORD", "POSTGRES_PASSWORD", "SESSION_SECRET", "APP_SECRET"]
    generic_contexts = [c.id for c in CONTEXTS if FILTERS["named-op"](c)]
    for j in range(per_type * 5):
        rng = rng_for("SW390", j)
        name = names[j % len(names)]
        if name in ("API_KEY", "AUTH_TOKEN", "SECRET_KEY"):
            value = password(rng, 32, 50, B62 + "-_")
        else:
            value = password(rng)
        ctx = generic_contexts[(j * 5 + j // len(generic_contexts)) % len(generic_contexts)]
        blocks.append(labelled(block_from(ctx, name, value, rng), "pos", "SW390", value, ctx))
    conn_forms = [
        lambda pw, r: f"Server=tcp:sql{r.randint(1, 9)}.database.windows.net,1433;Database=orders;User ID=svc;Password={pw};Encrypt=True;",
        lambda pw, r: f"jdbc:sqlserver://db.internal.test:1433;databaseName=app;user=etl;password={pw};",
        lambda pw, r: f"Driver={{ODBC Driver 18 for SQL Server}};Server=db.internal.test;Uid=report;Pwd={pw};",
        lambda pw, r: f"Host=pg.internal.test;Port=5432;Database=app;Username=app;Password={pw}",
    ]
    conn_contexts = ["py:assign", "env", "yaml:app-config", "json:config", "toml:app", "ini", "js:const", "yaml:k8s-secret",
                     "dockerfile:env", "md:code-block", "ipynb:source", "sh:export"]
    for j in range(per_type + 1):
        rng = rng_for("SW390-conn", j)
        pw = password(rng)
        value = conn_forms[j % len(conn_forms)](pw, rng)
        ctx = conn_contexts[j % len(conn_contexts)]
        name = rng.choice(["DB_CONNECTION", "CONNECTION_STRING", "REPORTING_DSN"])
        blocks.append(labelled(block_from(ctx, name, value, rng), "pos", "SW390", pw, f"{ctx} (connection string)"))
    # Python-specific generic forms: comparisons and attribute assignments.
    for j in range(6):
        rng = rng_for("SW390-py", j)
        value = password(rng)
        forms = [
            ("py:compare", [f"if password == {quoted(value)}:", "    grant_access()"], 0),
            ("py:attribute", [f"settings.smtp_password = {quoted(value)}"], 0),
            ("py:subscript", [f'config["db_password"] = {quoted(value)}'], 0),
        ]
        ctx, lines, index = forms[j % len(forms)]
        blocks.append(Block("py", lines, [Label("pos", "SW390", value, ctx, index)]))
    return blocks


def format_positives(rng_for: Callable[[str, int], random.Random], per_type: int, rule_ids: set[str]) -> list[Block]:
    blocks: list[Block] = []
    for rule_id, (gen, filt) in GENERATORS.items():
        if gen is None or rule_id not in rule_ids:
            continue
        allowed_by = {f: [c.id for c in CONTEXTS if FILTERS[f](c)] for f in FILTERS}
        start = zlib.crc32(rule_id.encode())
        twilio_auth = 0
        for i in range(per_type):
            rng = rng_for(rule_id, i)
            secret = gen(rng, i)
            if rule_id == "SW335" and secret.variant == "auth token":
                blocks.append(twilio_auth_block(rng, secret.value, twilio_auth))
                twilio_auth += 1
                continue
            contexts = allowed_by[NAMED_VARIANTS.get(secret.variant, filt)]
            ctx = contexts[(start + i * 3) % len(contexts)]
            name = secret.names[i % len(secret.names)]
            label = f"{ctx} ({secret.variant})" if secret.variant else ctx
            blocks.append(labelled(block_from(ctx, name, secret.value, rng), "pos", rule_id, secret.secret, label))
        # A few kinds also live in files of their own.
        if rule_id == "SW321":
            rng = rng_for("SW321-pypirc", 0)
            for _ in range(2):
                token = pypi_token(rng)
                blocks.append(Block("ini_pypirc", ["[distutils]", "index-servers = pypi", "", "[pypi]", "username = __token__", f"password = {token}"],
                                    [Label("pos", "SW321", token, ".pypirc", 5)]))
        if rule_id == "SW302":
            rng = rng_for("SW302-req", 0)
            for _ in range(2):
                token = github_token(rng, "ghp_")
                blocks.append(Block("requirements", [f"git+https://{token}@github.com/acme/private-lib.git@v1.4.0#egg=private-lib"],
                                    [Label("pos", "SW302", token, "requirements:vcs-url", 0)]))
        if rule_id == "SW306":
            rng = rng_for("SW306-credentials", 0)
            for j in range(2):
                key_id = "AKIA" + rc(rng, string.ascii_uppercase + "234567", 16)
                secret = rc(rng, string.ascii_letters + DIGITS + "+/", 40)
                blocks.append(Block("ini_aws", [f"[profile-{j}]", f"aws_access_key_id = {key_id}", f"aws_secret_access_key = {secret}", "region = eu-west-1", ""],
                                    [Label("pos", "SW305", key_id, "aws:credentials", 1), Label("pos", "SW306", secret, "aws:credentials", 2)]))
        if rule_id == "SW368":
            rng = rng_for("SW368-keyfile", 0)
            for _ in range(2):
                key = bech32("age-secret-key-", rbytes(rng, 32)).upper()
                recipient = bech32("age", rbytes(rng, 32))
                blocks.append(Block("md", ["```", "# created: 2025-03-02T10:11:12Z", f"# public key: {recipient}", key, "```", ""],
                                    [Label("neg", "public-key", recipient, "md:age-keyfile", 2), Label("pos", "SW368", key, "md:age-keyfile", 3)]))
    return blocks


# -- negatives --------------------------------------------------------------------------------
AWS_EXAMPLE_ID = "AKIAIOSFODNN7" + "EXAMPLE"
AWS_EXAMPLE_SECRET = "wJalrXUtnFEMI/K7MDENG/" + "bPxRfiCY" + "EXAMPLEKEY"
STRIPE_DOCS_KEY = "sk_" + "test_" + "4eC39HqLyjWD" + "arjtT1zdp7dc"
AZURITE_KEY = ("Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq" + "/K1SZFPTOtr/KBHBeksoGMGw==")


def negatives(rng_for: Callable[[str, int], random.Random]) -> list[Block]:
    blocks: list[Block] = []
    named_op = [c.id for c in CONTEXTS if FILTERS["named-op"](c)]

    def add(category: str, ctx: str, name: str, value: str, rng: random.Random, shown: str | None = None) -> None:
        blocks.append(labelled(block_from(ctx, name, value, rng), "neg", category, shown or value, ctx))

    def raw(category: str, fmt: str, lines: list[str], index: int, value: str, ctx: str, key: str | None = None,
            span: tuple[int, int] | None = None, cell: dict | None = None) -> None:
        blocks.append(Block(fmt, lines, [Label("neg", category, value, ctx, index, span)], key=key, cell=cell))

    # Placeholders and templates.
    placeholders = [
        ("PASSWORD", "changeme"), ("API_TOKEN", "<your-token>"), ("GITHUB_TOKEN", "${GITHUB_TOKEN}"), ("DB_PASSWORD", "{{ db_password }}"),
        ("API_KEY", "xxxxxxxxxxxxxxxxxxxxxxxx"), ("SMTP_PASSWORD", "********"), ("OPENAI_API_KEY", "your-api-key-here"),
        ("CLIENT_SECRET", "REPLACE_ME"), ("SECRET_KEY", "<secret-key>"), ("ADMIN_PASSWORD", "%(admin_password)s"),
        ("STRIPE_SECRET_KEY", "sk_live_xxxxxxxxxxxxxxxxxxxxxxxx"), ("GITHUB_TOKEN", "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        ("AWS_ACCESS_KEY_ID", "AKIAXXXXXXXXXXXXXXXX"), ("DATABASE_URL", "postgresql://user:password@localhost:5432/app"),
        ("REDIS_URL", "redis://:${REDIS_PASSWORD}@cache:6379/0"), ("SLACK_BOT_TOKEN", "xoxb-your-bot-token"),
        ("AUTH_TOKEN", "{{ .Values.auth.token }}"), ("JWT_SECRET", "$JWT_SECRET"), ("PASSWORD", "<password>"),
        ("API_KEY", "INSERT_YOUR_API_KEY"), ("DB_PASSWORD", "change-me-please"), ("API_SECRET", "placeholder"),
        ("PROXY_URL", "http://<user>:<password>@proxy.corp.test:3128"), ("ACCESS_TOKEN", "${{ secrets.ACCESS_TOKEN }}"),
    ]
    for j in range(96):
        rng = rng_for("neg-placeholder", j)
        name, value = placeholders[j % len(placeholders)]
        add("placeholder", named_op[(j * 7) % len(named_op)], name, value, rng)

    # Documented example keys.
    examples = [
        ("AWS_ACCESS_KEY_ID", AWS_EXAMPLE_ID), ("AWS_SECRET_ACCESS_KEY", AWS_EXAMPLE_SECRET), ("STRIPE_SECRET_KEY", STRIPE_DOCS_KEY),
        ("AZURE_STORAGE_CONNECTION_STRING", (f"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AZURITE_KEY};"
                                             "BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;")),
    ]
    for j in range(44):
        rng = rng_for("neg-example", j)
        name, value = examples[j % len(examples)]
        shown = AZURITE_KEY if "AccountKey" in value else value
        add("documented-example", named_op[(j * 5 + 2) % len(named_op)], name, value, rng, shown)

    # UUIDs.
    for j in range(40):
        rng = rng_for("neg-uuid", j)
        name = ["REQUEST_ID", "TENANT_ID", "SUBSCRIPTION_ID", "CLIENT_ID", "TRACE_ID", "INSTALLATION_ID", "SESSION_TOKEN_UUID"][j % 7]
        add("uuid", CONTEXTS[(j * 3) % len(CONTEXTS)].id, name, fake_uuid(rng), rng)

    # Git SHAs: changelogs, lockfiles, pinned actions and VCS requirements.
    for j in range(60):
        rng = rng_for("neg-git-sha", j)
        sha = rc(rng, HEX, 40)
        kind = j % 8
        if kind == 0:
            raw("git-sha", "md_changelog", [f"- Fix a race in worker shutdown ({sha})."], 0, sha, "md:changelog")
        elif kind == 1:
            raw("git-sha", "md_changelog", [f"- Merge [`{sha[:7]}`](https://github.com/acme/app/commit/{sha}): drop Python 3.8."], 0, sha, "md:changelog-link")
        elif kind == 2:
            raw("git-sha", "yaml_gha_steps", [f"      - uses: actions/setup-node@{sha} # v4.1.0"], 0, sha, "yaml:pinned-action")
        elif kind == 3:
            raw("git-sha", "requirements", [f"lib{j} @ git+https://github.com/acme/lib{j}.git@{sha}"], 0, sha, "requirements:vcs-pin")
        elif kind == 4:
            raw("git-sha", "poetry_lock", ["[[package]]", f'name = "lib{j}"', 'version = "0.3.1"', "", "[package.source]", 'type = "git"',
                                          f'url = "https://github.com/acme/lib{j}.git"', 'reference = "main"', f'resolved_reference = "{sha}"', ""],
                8, sha, "poetry.lock:resolved_reference")
        elif kind == 5:
            raw("git-sha", "json_lock", [f'    "node_modules/lib{j}": {{', '      "version": "1.0.0",',
                                        f'      "resolved": "git+ssh://git@github.com/acme/lib{j}.git#{sha}"', "    }"], 2, sha,
                "package-lock:git-resolved", key=f"lib{j}")
        elif kind == 6:
            add("git-sha", "py:assign", "GIT_COMMIT", sha, rng)
        else:
            add("git-sha", "dockerfile:arg", "SOURCE_COMMIT", sha, rng)

    # sha256 pins: pip's --hash, checksums in Dockerfiles, poetry content hashes.
    for j in range(24):
        rng = rng_for("neg-hash", j)
        h1, h2 = rc(rng, HEX, 64), rc(rng, HEX, 64)
        blocks.append(Block("requirements", [f"pkg{j}=={rng.randint(1, 9)}.{rng.randint(0, 20)}.{rng.randint(0, 9)} \\",
                                             f"    --hash=sha256:{h1} \\", f"    --hash=sha256:{h2}"],
                            [Label("neg", "hash-pin", h1, "requirements:--hash", 1), Label("neg", "hash-pin", h2, "requirements:--hash", 2)]))
    for j in range(10):
        rng = rng_for("neg-hash-other", j)
        h = rc(rng, HEX, 64)
        if j % 2:
            raw("hash-pin", "dockerfile", [f'RUN echo "{h}  node-v20.tar.xz" | sha256sum -c -'], 0, h, "dockerfile:sha256sum")
        else:
            raw("hash-pin", "poetry_lock", ["[metadata]", 'lock-version = "2.0"', 'python-versions = "^3.11"', f'content-hash = "{h}"', ""],
                3, h, "poetry.lock:content-hash", key="[metadata]")

    # package-lock integrity strings.
    for j in range(40):
        rng = rng_for("neg-integrity", j)
        integrity = "sha512-" + b64e(rbytes(rng, 64))
        raw("lockfile-integrity", "json_lock", [f'    "node_modules/dep{j}": {{', f'      "version": "{rng.randint(1, 9)}.{rng.randint(0, 9)}.0",',
                                              f'      "resolved": "https://registry.npmjs.org/dep{j}/-/dep{j}-1.0.0.tgz",',
                                              f'      "integrity": "{integrity}"', "    }"], 3, integrity, "package-lock:integrity", key=f"dep{j}")

    # base64 images.
    for j in range(25):
        rng = rng_for("neg-image", j)
        data = png_base64(rng, rng.randint(90, 300))
        kind = j % 5
        if kind == 0:
            raw("base64-image", "md", [f"![status](data:image/png;base64,{data})", ""], 0, data, "md:image")
        elif kind == 1:
            raw("base64-image", "js", [f'const ICON = "data:image/png;base64,{data}";'], 0, data, "js:data-uri")
        elif kind == 2:
            raw("base64-image", "json_config", [f'    "logo": "data:image/png;base64,{data}"'], 0, data, "json:data-uri", key="logo")
        elif kind == 3:
            raw("base64-image", "md", [f'<img alt="diagram" src="data:image/png;base64,{data}">', ""], 0, data, "md:html-img")
        else:
            blocks.append(Block("ipynb", ["plt.plot(xs, ys)", data], [Label("neg", "base64-image", data, "ipynb:image-output", 1)],
                                cell={"source": ["plt.plot(xs, ys)"], "outputs": [], "image": data}))

    # i18n strings.
    i18n = [("password", "Password"), ("password_label", "Passwort"), ("token_hint", "Enter your token"), ("api_key_label", "API key"),
            ("password_prompt", "Enter your password"), ("secret", "Secret"), ("password", "Kennwort"), ("password", "Contraseña"),
            ("access_token_help", "Paste your access token here"), ("password", "Mot de passe"), ("password_reset", "Reset password"),
            ("token", "Jeton d'accès")]
    for j in range(48):
        rng = rng_for("neg-i18n", j)
        key, text = i18n[j % len(i18n)]
        kind = j % 4
        if kind == 0:
            raw("i18n", "json_i18n", [f'  "auth.{key}": {quoted(text)}'], 0, text, "json:locale", key=f"auth.{key}")
        elif kind == 1:
            raw("i18n", "yaml_i18n", [f"    {key}: {yaml_scalar(text)}"], 0, text, "yaml:locale", key=key)
        elif kind == 2:
            raw("i18n", "py", [f"{key.upper()}_TEXT = _({quoted(text)})"], 0, text, "py:gettext")
        else:
            raw("i18n", "js", [f"  {key}: {quoted(text)},"], 0, text, "js:messages")

    # Test fixtures with obviously fake values.
    fixtures = ["fake-password", "not-a-real-password", "dummy-token-for-tests", "test_api_key_123", "fake_secret_value",
                "fixture-password-1", "testing123", "secret-for-unit-tests", "fake-token-abc123", "dummy_client_secret",
                "test-secret-key-not-used", "hunter2hunter2"]
    for j in range(48):
        rng = rng_for("neg-fixture", j)
        value = fixtures[j % len(fixtures)]
        kind = j % 4
        if kind == 0:
            raw("test-fixture", "py_test", [f"def test_signup_{j}(db):", f'    user = UserFactory(username="alice", password={quoted(value)})',
                                            "    assert user.pk", ""], 1, value, "py:test-factory")
        elif kind == 1:
            raw("test-fixture", "py_test", [f"TOKEN = {quoted(value)}"], 0, value, "py:test-constant")
        elif kind == 2:
            raw("test-fixture", "py_test", [f"def test_login_{j}(client):", f'    response = client.post("/login", data={{"password": {quoted(value)}}})',
                                            "    assert response.status_code == 302", ""], 1, value, "py:test-dict")
        else:
            raw("test-fixture", "py_test", ["@pytest.fixture", f"def credentials_{j}():", f'    return {{"api_key": {quoted(value)}}}', ""], 2, value, "py:fixture")

    # Environment lookups.
    lookups = [
        ("py", ['password = os.environ["DB_PASSWORD"]'], "os.environ"), ("py", ['token = os.getenv("GITHUB_TOKEN", "")'], "os.getenv"),
        ("py", ['API_KEY = os.environ.get("API_KEY")'], "os.environ.get"), ("py", ["password = settings.DB_PASSWORD"], "settings"),
        ("js", ["const apiKey = process.env.API_KEY;"], "process.env"), ("ts", ["const token: string = process.env.GITHUB_TOKEN ?? '';"], "process.env"),
        ("yaml_gha_env", ["      GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}"], "gha secrets"), ("yaml_compose", ["      - DB_PASSWORD=${DB_PASSWORD}"], "compose ${VAR}"),
        ("dockerfile", ["ENV API_TOKEN=$API_TOKEN"], "ENV $VAR"), ("sh", ['export TOKEN="$(cat /run/secrets/api_token)"'], "$(cat)"),
        ("toml_app", ['password = "${DB_PASSWORD}"'], "toml ${VAR}"), ("ini", ["password = %(DB_PASSWORD)s"], "ini interpolation"),
        ("env", ["SECRET_KEY=${SECRET_KEY}"], ".env ${VAR}"), ("json_config", ['    "password": "$DB_PASSWORD"'], "json $VAR"),
        ("yaml_k8s", ["  password: ${DB_PASSWORD}"], "k8s ${VAR}"), ("py", ["client = Client(api_key=os.environ[\"API_KEY\"])"], "kwarg os.environ"),
        ("ipynb", ['openai.api_key = os.getenv("OPENAI_API_KEY")'], "notebook os.getenv"), ("md", ["```bash", "export API_TOKEN=\"$(vault read -field=token secret/app)\"", "```", ""], "md $(vault)"),
    ]
    for j in range(54):
        rng = rng_for("neg-env", j)
        fmt, lines, ctx = lookups[j % len(lookups)]
        index = 1 if fmt == "md" else 0
        key = {"toml_app": "password", "ini": "password", "env": "SECRET_KEY", "json_config": "password", "yaml_k8s": "password",
               "yaml_gha_env": "GITHUB_TOKEN", "yaml_compose": "DB_PASSWORD"}.get(fmt)
        raw("env-lookup", fmt, list(lines), index, lines[index], ctx, key=key, cell={"source": list(lines), "outputs": []} if fmt == "ipynb" else None)

    # Function calls and computed values.
    calls = [
        ("py", "password = get_password()"), ("py", 'token = vault_client.read("secret/data/app")["data"]["token"]'),
        ("py", 'api_key = keyring.get_password("billing", "api")'), ("py", "secret = secrets.token_urlsafe(32)"),
        ("py", 'client_secret = load_secret("oauth-client")'), ("py", 'token = jwt.encode(payload, signing_key, algorithm="HS256")'),
        ("py", "password = hash_password(raw_password)"), ("js", "const token = await getAccessToken(scopes);"),
        ("sh", "TOKEN=$(gh auth token)"), ("sh", "PASSWORD=$(openssl rand -base64 24)"), ("ts", "const apiKey = config.get<string>('apiKey');"),
        ("py", 'password = f"{prefix}-{suffix}"'), ("py", "password: str"), ("py", 'logger.info("token: %s", token)'),
        ("py", 'print(f"password = {password!r} is too weak")'),
    ]
    for j in range(45):
        fmt, line = calls[j % len(calls)]
        raw("function-call", fmt, [line], 0, line, f"{fmt}:call")

    # Prefix-only mentions in documentation and code.
    prefixes = [
        "Personal access tokens start with `ghp_`; fine-grained ones with `github_pat_`.", "Stripe secret keys look like `sk_live_...`.",
        "Slack bot tokens begin with `xoxb-` and user tokens with `xoxp-`.", "AWS access key IDs start with `AKIA` (long-term) or `ASIA` (temporary).",
        "OpenAI project keys start with `sk-proj-`.", "Anthropic keys begin with `sk-ant-api03-`.", "Hugging Face tokens start with `hf_`.",
        "npm tokens are `npm_` followed by 36 characters.", "GitLab personal access tokens begin with `glpat-`.",
        "The line that starts with `AGE-SECRET-KEY-1` is the secret key.", "PyPI tokens begin with `pypi-AgEIcHlwaS5vcmc`.",
        "Docker Hub tokens start with `dckr_pat_`.", "A private key file starts with `-----BEGIN PRIVATE KEY-----`.",
        "Vault tokens start with `hvs.`; batch tokens with `hvb.`.", "SendGrid keys start with `SG.`.",
    ]
    for j in range(30):
        text = prefixes[j % len(prefixes)]
        if j % 3 == 2:
            raw("prefix-mention", "py", [f"TOKEN_PREFIXES = ({quoted(text.split('`')[1])},)  # {text.split('`')[0].strip()}"], 0, text, "py:prefix-tuple")
        else:
            raw("prefix-mention", "md", [text, ""], 0, text, "md:prose")

    # Tokens whose checksum is wrong.
    for j in range(32):
        rng = rng_for("neg-checksum", j)
        kind = j % 4
        if kind == 0:
            value, name = github_token(rng, rng.choice(["ghp_", "gho_", "ghs_"]), valid=False), "GITHUB_TOKEN"
        elif kind == 1:
            value, name = github_token(rng, "npm_", valid=False), "NPM_TOKEN"
        elif kind == 2:
            value, name = gitlab_routable(rng, valid=False), "GITLAB_TOKEN"
        else:
            value, name = bech32("age-secret-key-", rbytes(rng, 32), valid=False).upper(), "SOPS_AGE_KEY"
        add("wrong-checksum", CONTEXTS[(j * 5) % len(CONTEXTS)].id, name, value, rng)

    # Public keys and certificates.
    for j in range(42):
        rng = rng_for("neg-public", j)
        kind = j % 6
        if kind in (0, 1):
            blocks.append(pem_blocks(rng, j, "PUBLIC KEY" if kind == 0 else "CERTIFICATE", "neg", "public-key"))
        elif kind == 2:
            key = "AAAAC3NzaC1lZDI1NTE5AAAAI" + rc(rng, B64, 43)
            raw("public-key", "yaml_config", [f"    ssh_authorized_key: ssh-ed25519 {key} deploy@ci"], 0, key, "yaml:ssh-ed25519", key="ssh_authorized_key")
        elif kind == 3:
            key = "AAAAB3NzaC1yc2EAAAADAQABAAABAQ" + rc(rng, B64, 342)
            raw("public-key", "md", ["```", f"ssh-rsa {key} alice@laptop", "```", ""], 1, key, "md:ssh-rsa")
        elif kind == 4:
            blocks.append(wireguard_block(rng, j, negatives_only=True))
        else:
            recipient = bech32("age", rbytes(rng, 32))
            add("public-key", ["env", "yaml:app-config", "py:assign", "toml:app"][j % 4], "SOPS_AGE_RECIPIENTS", recipient, rng)

    # Sentry DSNs (public by design).
    for j in range(26):
        rng = rng_for("neg-dsn", j)
        dsn = f"https://{rc(rng, HEX, 32)}@o{number(rng, 6)}.ingest.{rng.choice(['', 'us.', 'de.'])}sentry.io/{number(rng, 7)}"
        kind = j % 4
        if kind == 0:
            raw("sentry-dsn", "py", [f"sentry_sdk.init(dsn={quoted(dsn)}, traces_sample_rate=0.1)"], 0, dsn, "py:sentry_sdk.init")
        elif kind == 1:
            raw("sentry-dsn", "js", [f"Sentry.init({{ dsn: {quoted(dsn)} }});"], 0, dsn, "js:Sentry.init")
        else:
            add("sentry-dsn", ["env", "yaml:k8s-secret", "json:config", "toml:app", "dockerfile:env"][j % 5], "SENTRY_DSN", dsn, rng)

    # Publishable keys.
    for j in range(32):
        rng = rng_for("neg-publishable", j)
        kind = j % 3
        if kind == 0:
            value, name = "pk_live_" + rc(rng, B62, 99), "STRIPE_PUBLISHABLE_KEY"
        elif kind == 1:
            value, name = "pk_test_" + rc(rng, B62, 24), "STRIPE_PUBLISHABLE_KEY"
        else:
            payload = json.dumps({"u": f"maps{rng.randint(1, 999)}", "a": rc(rng, string.ascii_lowercase + DIGITS, 25)}, separators=(",", ":"))
            value, name = f"pk.{b64url_e(payload.encode())}.{rc(rng, B64URL, 22)}", "MAPBOX_ACCESS_TOKEN"
        add("publishable-key", CONTEXTS[(j * 7 + 1) % len(CONTEXTS)].id, name, value, rng)

    # Other look-alikes: names and settings around secrets, URLs, ids, versions.
    others = [
        ("config-url", "TOKEN_URL", "https://oauth2.googleapis.com/token"), ("config-url", "TOKEN_ENDPOINT", "https://login.microsoftonline.com/common/oauth2/v2.0/token"),
        ("setting-name", "PASSWORD_FIELD", "password"), ("setting-name", "TOKEN_TYPE", "bearer"), ("setting-name", "API_KEY_HEADER", "X-API-Key"),
        ("setting-name", "SECRET_NAME", "prod/app/db"), ("setting-name", "PASSWORD_HASHER", "django.contrib.auth.hashers.Argon2PasswordHasher"),
        ("setting-name", "SECRET_BACKEND", "aws-secrets-manager"), ("id-number", "AUTH_TOKEN_TTL", "3600"), ("id-number", "PASSWORD_MIN_LENGTH", "12"),
        ("setting-name", "ACCESS_TOKEN_COOKIE", "__Host-session"), ("setting-name", "SECRET_KEY_FILE", "/run/secrets/django_secret_key"),
        ("url-no-password", "DATABASE_URL", "postgresql://app@db.internal.test:5432/app"), ("url-no-password", "REDIS_URL", "redis://cache.internal.test:6379/0"),
        ("url-no-password", "UPSTREAM_URL", "https://git@github.com/acme/app.git"),
    ]
    for j in range(60):
        rng = rng_for("neg-other", j)
        category, name, value = others[j % len(others)]
        add(category, named_op[(j * 3 + 1) % len(named_op)], name, value, rng)
    return blocks


# -- files ------------------------------------------------------------------------------------
@dataclass
class Fmt:
    paths: tuple[str, ...]
    header: list[str]
    footer: list[str] = field(default_factory=list)
    filler: list[list[str]] = field(default_factory=list)
    per_file: tuple[int, int] = (3, 6)
    comma: bool = False
    check: Callable[[str], object] | None = None


PY_HEADER = ['"""Service configuration and clients."""', "import logging", "import os", "", "logger = logging.getLogger(__name__)", ""]
PY_FILLER = [["TIMEOUT_SECONDS = 30"], ["RETRY_LIMIT = 5"], ['REGION = "eu-west-1"'], ['logger.debug("loading settings")'],
             ["", "def healthcheck():", '    return {"status": "ok"}', ""], ['FEATURES = ["search", "export"]'],
             ["# keep in sync with the deployment manifests"]]
FORMATS: dict[str, Fmt] = {
    "py": Fmt(("src/service{n}/config.py", "scripts/job_{n}.py", "app/integrations/client_{n}.py"), PY_HEADER, [], PY_FILLER,
              check=ast.parse),
    "py_test": Fmt(("tests/test_auth_{n}.py",), ["import pytest", "", ""], [],
                   [["", "def test_health(client):", '    assert client.get("/health").status_code == 200', ""], ["# fixtures below"]],
                   check=ast.parse),
    "env": Fmt(("services/svc{n}/.env", "deploy/env{n}/.env.production", "config/env{n}/app.env"), ["# application settings"], [],
               [["LOG_LEVEL=info"], ["PORT=8080"], ["DEBUG=false"], ["WORKERS=4"]]),
    "sh": Fmt(("scripts/deploy_{n}.sh", "ci/bootstrap_{n}.sh"), ["#!/usr/bin/env bash", "set -euo pipefail", ""], [],
              [['echo "deploying ${SERVICE:-app}"'], ['cd "$(dirname "$0")/.."'], ["make build"], ["kubectl rollout status deploy/app"]]),
    "yaml_k8s": Fmt(("k8s/app{n}/secret.yaml",), ["apiVersion: v1", "kind: Secret", "metadata:", "  name: app-secrets", "  namespace: prod",
                                                 "type: Opaque", "stringData:"], [], [["  LOG_LEVEL: info"], ["  REGION: eu-west-1"]],
                    check=yaml.safe_load),
    "yaml_k8s_data": Fmt(("k8s/registry{n}/pull-secret.yaml",), ["apiVersion: v1", "kind: Secret", "metadata:", "  name: registry-credentials",
                                                                 "type: kubernetes.io/dockerconfigjson", "data:"], [], [], (1, 1), check=yaml.safe_load),
    "yaml_gha_env": Fmt((".github/workflows/ci{n}.yml",), ["name: ci", "on:", "  push:", "    branches: [main]", "jobs:", "  build:",
                                                          "    runs-on: ubuntu-latest", "    env:"],
                        ["    steps:", "      - uses: actions/checkout@v4", "      - run: make test"],
                        [['      PYTHONUNBUFFERED: "1"'], ['      NODE_VERSION: "20"']], check=yaml.safe_load),
    "yaml_gha_steps": Fmt((".github/workflows/release{n}.yml",), ["name: release", "on:", "  workflow_dispatch:", "jobs:", "  release:",
                                                                 "    runs-on: ubuntu-latest", "    steps:", "      - uses: actions/checkout@v4"], [],
                          [["      - run: make lint"], ["      - uses: actions/setup-python@v5", "        with:", '          python-version: "3.12"']],
                          check=yaml.safe_load),
    "yaml_compose": Fmt(("deploy/stack{n}/docker-compose.yml",), ["services:", "  web:", "    image: registry.internal.test/web:1.4.2", "    ports:",
                                                                 '      - "8080:8080"', "    environment:"], [],
                        [["      - LOG_LEVEL=info"], ["      - WORKERS=4"]], check=yaml.safe_load),
    "yaml_config": Fmt(("config/app{n}.yaml",), ["app:", "  name: storefront", "  settings:"], [], [["    timeout: 30"], ["    region: eu-west-1"]],
                       check=yaml.safe_load),
    "yaml_i18n": Fmt(("config/locales/fr{n}.yml",), ["fr:", "  auth:"], [], [["    title: Connexion"]], check=yaml.safe_load),
    "json_config": Fmt(("config/settings{n}.json",), ["{", '  "service": {'], ["  }", "}"], [['    "timeout": 30'], ['    "region": "eu-west-1"']],
                       comma=True, check=json.loads),
    "json_i18n": Fmt(("web/locales/de-{n}.json",), ["{"], ["}"], [['  "auth.title": "Anmelden"']], comma=True, check=json.loads),
    "json_lock": Fmt(("web/app{n}/package-lock.json",), ["{", '  "name": "web",', '  "version": "1.0.0",', '  "lockfileVersion": 3,',
                                                        '  "requires": true,', '  "packages": {'], ["  }", "}"], [], comma=True, check=json.loads),
    "json_dockercfg": Fmt(("ops/docker{n}/config.json",), ["{", '  "auths": {'], ["  }", "}"], [], comma=True, check=json.loads),
    "json_sa": Fmt(("credentials/service-account-{n}.json",), [], [], [], (1, 1), check=json.loads),
    "toml_pyproject": Fmt(("packages/pkg{n}/pyproject.toml",), ["[project]", 'name = "pkg"', 'version = "0.1.0"', 'dependencies = ["httpx>=0.27"]', "",
                                                               "[tool.pkg.settings]"], [], [["timeout = 30"], ['region = "eu-west-1"']],
                          check=tomllib.loads if tomllib else None),
    "toml_app": Fmt(("config/app{n}.toml",), ["[server]", 'host = "0.0.0.0"', "port = 8080", "", "[credentials]"], [], [["retries = 3"]],
                    check=tomllib.loads if tomllib else None),
    "ini": Fmt(("config/app{n}.ini", "tools/tool{n}/setup.cfg"), ["[app]", "name = storefront"], [], [["timeout = 30"], ["region = eu-west-1"]]),
    "ini_aws": Fmt(("ops/aws{n}/credentials",), [], [], [], (1, 2)),
    "ini_pypirc": Fmt(("ops/pypi{n}/.pypirc",), [], [], [], (1, 1)),
    "dockerfile": Fmt(("docker/svc{n}/Dockerfile",), ["FROM python:3.12-slim", "WORKDIR /app", "COPY requirements.txt ."],
                      ["COPY . .", 'CMD ["python", "-m", "app"]'],
                      [["RUN pip install --no-cache-dir -r requirements.txt"], ["EXPOSE 8080"], ["ENV PYTHONUNBUFFERED=1"]]),
    "md": Fmt(("docs/guide/setup-{n}.md",), ["# Deployment notes", "", "How the service is configured.", ""], [],
              [["The worker reads its settings at start-up.", ""], ["See the runbook for rollbacks.", ""]]),
    "md_changelog": Fmt(("docs/changelog/{n}/CHANGELOG.md",), ["# Changelog", "", "## 2.4.0", ""], [], [["- Improve start-up time."], ["- Drop Python 3.8."]],
                        per_file=(4, 8)),
    "ipynb": Fmt(("notebooks/analysis_{n}.ipynb",), [], [], [], check=json.loads),
    "js": Fmt(("web/src/api{n}.js",), ["'use strict';", ""], [], [["const TIMEOUT_MS = 5000;"], ["export function ping() { return fetch('/health'); }"]]),
    "ts": Fmt(("web/src/client{n}.ts",), ["import axios from 'axios';", ""], [], [["export const RETRIES = 3;"]]),
    "requirements": Fmt(("deps/set{n}/requirements.txt",), ["# pinned by pip-compile"], [], [["certifi==2024.8.30"], ["idna==3.10"]]),
    "poetry_lock": Fmt(("svc/py{n}/poetry.lock",), ["# This file is automatically @generated by Poetry 1.8.3 and should not be changed by hand.", ""], [], [],
                       per_file=(2, 4), check=tomllib.loads if tomllib else None),
    "netrc": Fmt(("home/user{n}/.netrc",), [], [], [], (1, 3)),
    "wg": Fmt(("vpn/site{n}/wg0.conf",), [], [], [], (1, 1)),
}


def render_ipynb(cells: list[Block], fillers: list[dict]) -> tuple[str, list[tuple[Block, list[int]]]]:
    """A notebook written line by line (nbformat's own layout), so each label knows its line."""
    out = ["{", ' "cells": [']
    placed = []
    sequence = []
    for index, block in enumerate(cells):
        sequence.append(fillers[index % len(fillers)])
        sequence.append(block)
    for ci, item in enumerate(sequence):
        cell = item.cell if isinstance(item, Block) else item
        numbers: list[int] = []
        last = ci == len(sequence) - 1
        out.append("  {")
        if cell.get("markdown"):
            out += ['   "cell_type": "markdown",', '   "metadata": {},']
        else:
            out += ['   "cell_type": "code",', f'   "execution_count": {ci + 1},', '   "metadata": {},']
            outputs = cell.get("outputs") or []
            if outputs or cell.get("image"):
                out.append('   "outputs": [')
                if outputs:
                    out += ["    {", '     "name": "stdout",', '     "output_type": "stream",', '     "text": [']
                    output_numbers = []
                    for j, text in enumerate(outputs):
                        end = j == len(outputs) - 1
                        output_numbers.append(len(out) + 1)
                        out.append("      " + json.dumps(text + ("" if end else "\n")) + ("" if end else ","))
                    out += ["     ]", "    }" + ("," if cell.get("image") else "")]
                if cell.get("image"):
                    out += ["    {", '     "data": {', f'      "image/png": {json.dumps(cell["image"])},']
                    output_numbers = [len(out)]
                    out += ['      "text/plain": [', '       "<Figure size 640x480 with 1 Axes>"', "      ]", "     },",
                            '     "metadata": {},', '     "output_type": "display_data"', "    }"]
                out.append("   ],")
            else:
                out.append('   "outputs": [],')
        out.append('   "source": [')
        source_numbers = []
        for j, text in enumerate(cell["source"]):
            end = j == len(cell["source"]) - 1
            source_numbers.append(len(out) + 1)
            out.append("    " + json.dumps(text + ("" if end else "\n")) + ("" if end else ","))
        out.append("   ]")
        out.append("  }" + ("" if last else ","))
        if isinstance(item, Block):
            if cell.get("image"):
                numbers = source_numbers + output_numbers
            else:
                numbers = source_numbers + (output_numbers if cell.get("outputs") else [])
            placed.append((item, numbers))
    out += [" ],", ' "metadata": {', '  "kernelspec": {', '   "display_name": "Python 3",', '   "language": "python",', '   "name": "python3"',
            "  },", '  "language_info": {', '   "name": "python"', "  }", " },", ' "nbformat": 4,', ' "nbformat_minor": 5', "}"]
    return "\n".join(out) + "\n", placed


IPYNB_FILLERS = [{"source": ["import pandas as pd", "df = pd.read_csv('orders.csv')"], "outputs": []},
                 {"markdown": True, "source": ["## Orders by region"]},
                 {"source": ["df.groupby('region').size()"], "outputs": ["region", "eu    120", "us    340"]}]


def render(fmt: str, blocks: list[Block], rng: random.Random) -> tuple[str, list[tuple[Block, list[int]]]]:
    """The file's text, and for each block the 1-based file line of each of its lines."""
    if fmt == "ipynb":
        return render_ipynb(blocks, IPYNB_FILLERS)
    spec = FORMATS[fmt]
    elements: list[tuple[list[str], Block | None]] = []
    fillers = list(spec.filler)
    rng.shuffle(fillers)  # each filler at most once per file: keys stay unique
    for block in blocks:
        for _ in range(rng.randint(0, 2)):
            if fillers:
                elements.append((list(fillers.pop()), None))
        elements.append((list(block.lines), block))
    if spec.comma:
        for lines, _ in elements[:-1]:
            lines[-1] += ","
    out = list(spec.header)
    placed = []
    for lines, block in elements:
        start = len(out) + 1
        out.extend(lines)
        if block is not None:
            placed.append((block, list(range(start, start + len(lines)))))
    out.extend(spec.footer)
    return "\n".join(out) + "\n", placed


FILE_FORMATS: dict[str, str] = {}
FORMAT_NAMES = {
    "py": "Python", "py_test": "Python tests", "env": ".env", "sh": "shell", "yaml_k8s": "YAML: Kubernetes Secret",
    "yaml_k8s_data": "YAML: Kubernetes pull secret", "yaml_gha_env": "YAML: GitHub Actions env", "yaml_gha_steps": "YAML: GitHub Actions steps",
    "yaml_compose": "YAML: docker-compose", "yaml_config": "YAML: app config", "yaml_i18n": "YAML: locale", "json_config": "JSON: config",
    "json_i18n": "JSON: locale", "json_lock": "package-lock.json", "json_dockercfg": "JSON: Docker config.json",
    "json_sa": "JSON: service-account key", "toml_pyproject": "TOML: pyproject.toml", "toml_app": "TOML: app config", "ini": "INI / setup.cfg",
    "ini_aws": "AWS credentials (INI)", "ini_pypirc": ".pypirc", "dockerfile": "Dockerfile", "md": "Markdown", "md_changelog": "Markdown: changelog",
    "ipynb": "Jupyter notebook", "js": "JavaScript", "ts": "TypeScript", "requirements": "requirements.txt", "poetry_lock": "poetry.lock",
    "netrc": ".netrc", "wg": "WireGuard .conf",
}


def build_corpus(root: Path, seed: int, per_type: int) -> tuple[list[str], list[Label]]:
    def rng_for(kind: str, i: int) -> random.Random:
        return random.Random(f"{seed}:{kind}:{i}")

    rule_ids = {rule.id for rule in RULES}
    blocks = format_positives(rng_for, per_type, rule_ids) + special_positives(rng_for, per_type) + negatives(rng_for)
    by_fmt: dict[str, list[Block]] = defaultdict(list)
    for block in blocks:
        by_fmt[block.fmt].append(block)
    files: list[str] = []
    labels: list[Label] = []
    counter = Counter()
    for fmt in sorted(by_fmt):
        pending = by_fmt[fmt]
        random.Random(f"{seed}:shuffle:{fmt}").shuffle(pending)
        spec = FORMATS[fmt]
        rng = random.Random(f"{seed}:render:{fmt}")
        while pending:
            size = rng.randint(*spec.per_file)
            chosen, keys, rest = [], set(), []
            for block in pending:
                if len(chosen) < size and (block.key is None or block.key not in keys):
                    chosen.append(block)
                    if block.key is not None:
                        keys.add(block.key)
                else:
                    rest.append(block)
            pending = rest
            counter[fmt] += 1
            path = spec.paths[counter[fmt] % len(spec.paths)].format(n=counter[fmt])
            text, placed = render(fmt, chosen, rng)
            if spec.check is not None:
                try:
                    spec.check(text)
                except (SyntaxError, ValueError, yaml.YAMLError) as error:  # a generator bug, not a scanner's
                    raise SystemExit(f"generated {fmt} file {path} does not parse: {error}") from error
            target = root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            files.append(path)
            FILE_FORMATS[path] = fmt
            for block, numbers in placed:
                for label in block.labels:
                    label.path = path
                    label.line = numbers[label.index]
                    first, last = label.span or (label.index, label.index)
                    label.first, label.last = numbers[first], numbers[min(last, len(numbers) - 1)]
                    labels.append(label)
    seen = Counter((label.path, label.line) for label in labels)
    clash = [key for key, n in seen.items() if n > 1]
    if clash:
        raise SystemExit(f"two labels on one line: {clash[:5]}")
    return files, labels


# -- running the tools ------------------------------------------------------------------------
def run_stagewarden(root: Path, files: list[str], env: dict[str, str]) -> list[dict]:
    argv = [str(BIN / "stagewarden"), "check", "--select", "secrets", "--format", "json", "--no-cache", *files]
    completed = subprocess.run(argv, cwd=root, env=env, capture_output=True, text=True, check=False)
    if completed.returncode not in (0, 1):
        raise SystemExit(f"stagewarden failed ({completed.returncode}): {completed.stderr[-2000:]}")
    return json.loads(completed.stdout)["findings"]


def run_detect_secrets(root: Path, env: dict[str, str]) -> list[dict]:
    argv = [str(BIN / "detect-secrets"), "scan", "--all-files", "."]
    completed = subprocess.run(argv, cwd=root, env=env, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise SystemExit(f"detect-secrets failed ({completed.returncode}): {completed.stderr[-2000:]}")
    results = json.loads(completed.stdout)["results"]
    return [dict(item, path=path) for path, items in results.items() for item in items]


@dataclass
class Score:
    found: dict[int, bool]  # label id -> found
    tp_lines: set
    fp_lines: set
    mistyped_lines: set
    fp_by_label: dict[int, list]  # negative label id -> findings
    fp_neutral: list


def score(labels: list[Label], findings: list[tuple[str, int, str, str]], rules_generic: dict[str, bool]) -> Score:
    """findings: (path, line, rule or type, message). rule is None for detect-secrets (no type check)."""
    by_line: dict[tuple[str, int], list[int]] = defaultdict(list)
    for k, label in enumerate(labels):
        for line in range(label.first, label.last + 1):
            by_line[(label.path, line)].append(k)
    found = {k: False for k, label in enumerate(labels) if label.kind == "pos"}
    flagged: dict[tuple[str, int], list] = defaultdict(list)
    for finding in findings:
        flagged[(finding[0], finding[1])].append(finding)
    tp_lines, fp_lines, mistyped = set(), set(), set()
    fp_by_label: dict[int, list] = defaultdict(list)
    fp_neutral = []
    for key, items in flagged.items():
        owners = by_line.get(key, [])
        positives = [k for k in owners if labels[k].kind == "pos"]
        negatives_ = [k for k in owners if labels[k].kind == "neg"]
        if positives:
            hit = False
            for k in positives:
                wanted = labels[k].type
                generic = rules_generic.get(wanted, False)
                for item in items:
                    rule = item[2]
                    if rule is None or rule == wanted or (generic and (rule.startswith("SW39") or rules_generic.get(rule, False))):
                        found[k] = True
                        hit = True
            (tp_lines if hit else mistyped).add(key)
        elif negatives_:
            fp_lines.add(key)
            for k in negatives_:
                fp_by_label[k].extend(items)
        else:
            fp_lines.add(key)
            fp_neutral.extend(items)
    return Score(found, tp_lines, fp_lines, mistyped, fp_by_label, fp_neutral)


def pct(n: int, d: int) -> str:
    return f"{100 * n / d:.1f}%" if d else "n/a"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--per-type", type=int, default=PER_TYPE, help="positives per detector (at least)")
    parser.add_argument("--keep", type=Path, help="write the corpus here and keep it (it holds generated secrets: do not commit it)")
    parser.add_argument("--json", type=Path, help="also write the figures (no secret values) to this file")
    args = parser.parse_args()

    started = time.perf_counter()
    root = args.keep.resolve() if args.keep else Path(tempfile.mkdtemp(prefix="sw-secrets-eval-"))
    if args.keep:
        shutil.rmtree(root, ignore_errors=True)
        root.mkdir(parents=True)
    cache = Path(tempfile.mkdtemp(prefix="sw-secrets-eval-cache-"))
    try:
        files, labels = build_corpus(root, args.seed, args.per_type)
        env = dict(os.environ, STAGEWARDEN_CACHE_DIR=str(cache), NO_COLOR="1")
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        sw_raw = run_stagewarden(root, files, env)
        ds_raw = run_detect_secrets(root, env)
    finally:
        shutil.rmtree(cache, ignore_errors=True)
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)

    generic = {rule.id: bool(rule.generic) or rule.id.startswith("SW39") for rule in RULES}
    names = {rule.id: rule.name for rule in RULES}
    sw_findings = [(f["path"], f["line"], f["rule"], f["message"]) for f in sw_raw]
    ds_findings = [(f["path"], f["line_number"], None, f["type"]) for f in ds_raw]
    sw = score(labels, sw_findings, generic)
    ds = score(labels, ds_findings, generic)

    positives = [k for k, label in enumerate(labels) if label.kind == "pos"]
    negatives_ = [k for k, label in enumerate(labels) if label.kind == "neg"]
    print(f"Corpus: seed {args.seed}, {len(files)} files, {len(positives)} labelled secrets of {len({labels[k].type for k in positives})} kinds, "
          f"{len(negatives_)} labelled look-alikes in {len({labels[k].type for k in negatives_})} categories.\n")

    print("## Files\n")
    print("| file type | files | secrets | look-alikes |")
    print("| --- | ---: | ---: | ---: |")
    per_format = Counter(FILE_FORMATS[f] for f in files)
    pos_format = Counter(FILE_FORMATS[labels[k].path] for k in positives)
    neg_format = Counter(FILE_FORMATS[labels[k].path] for k in negatives_)
    for fmt in sorted(per_format, key=lambda f: FORMAT_NAMES.get(f, f).lower()):
        print(f"| {FORMAT_NAMES.get(fmt, fmt)} | {per_format[fmt]} | {pos_format[fmt]} | {neg_format[fmt]} |")
    print()

    print("## Recall by detector\n")
    print("| rule | detector | positives | file types | stagewarden | detect-secrets |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    by_type: dict[str, list[int]] = defaultdict(list)
    for k in positives:
        by_type[labels[k].type].append(k)
    registered = [rule.id for rule in RULES]
    missing_types = [rid for rid in registered if rid not in by_type]
    table = []
    for rid in sorted(by_type):
        ks = by_type[rid]
        s = sum(sw.found[k] for k in ks)
        d = sum(ds.found[k] for k in ks)
        table.append({"rule": rid, "name": names.get(rid, "?"), "positives": len(ks), "stagewarden": s, "detect_secrets": d})
        kinds = len({FILE_FORMATS[labels[k].path] for k in ks})
        print(f"| {rid} | {names.get(rid, '?')} | {len(ks)} | {kinds} | {s} ({pct(s, len(ks))}) | {d} ({pct(d, len(ks))}) |")
    sw_found = sum(sw.found[k] for k in positives)
    ds_found = sum(ds.found[k] for k in positives)
    print(f"| **all** | | **{len(positives)}** | | **{sw_found} ({pct(sw_found, len(positives))})** | **{ds_found} ({pct(ds_found, len(positives))})** |")
    if missing_types:
        print(f"\nRegistered detectors without positives in the corpus: {', '.join(missing_types)}.")

    print("\n## Overall\n")
    print("| | stagewarden | detect-secrets |")
    print("| --- | ---: | ---: |")
    print(f"| recall (secrets found / {len(positives)}) | {pct(sw_found, len(positives))} | {pct(ds_found, len(positives))} |")
    sw_prec = len(sw.tp_lines) / max(1, len(sw.tp_lines) + len(sw.fp_lines))
    ds_prec = len(ds.tp_lines) / max(1, len(ds.tp_lines) + len(ds.fp_lines))
    print(f"| precision (reported lines that hold a labelled secret) | {100 * sw_prec:.1f}% | {100 * ds_prec:.1f}% |")
    print(f"| reported lines: true / false | {len(sw.tp_lines)} / {len(sw.fp_lines)} | {len(ds.tp_lines)} / {len(ds.fp_lines)} |")
    print(f"| look-alikes reported (of {len(negatives_)}) | {len(sw.fp_by_label)} | {len(ds.fp_by_label)} |")
    print(f"| findings on neutral lines | {len(sw.fp_neutral)} | {len(ds.fp_neutral)} |")
    print(f"| lines holding a secret reported under another rule | {len(sw.mistyped_lines)} | n/a |")
    print(f"| findings (all) | {len(sw_findings)} | {len(ds_findings)} |")

    print("\n## Look-alikes reported, by category\n")
    print("| category | look-alikes | stagewarden | detect-secrets |")
    print("| --- | ---: | ---: | ---: |")
    by_cat: dict[str, list[int]] = defaultdict(list)
    for k in negatives_:
        by_cat[labels[k].type].append(k)
    categories = []
    for cat in sorted(by_cat):
        ks = by_cat[cat]
        s = sum(1 for k in ks if k in sw.fp_by_label)
        d = sum(1 for k in ks if k in ds.fp_by_label)
        categories.append({"category": cat, "lookalikes": len(ks), "stagewarden": s, "detect_secrets": d})
        print(f"| {cat} | {len(ks)} | {s} | {d} |")

    print("\n## stagewarden's false positives\n")
    fps = []
    for k, items in sorted(sw.fp_by_label.items(), key=lambda kv: (labels[kv[0]].type, labels[kv[0]].path, labels[kv[0]].line)):
        label = labels[k]
        for item in items:
            fps.append(f"- {item[2]} on {label.type} ({label.context}) `{redact(label.value)}` at {label.path}:{item[1]}")
    for item in sw.fp_neutral:
        fps.append(f"- {item[2]} on a neutral line at {item[0]}:{item[1]}: {item[3]}")
    print("\n".join(fps) if fps else "None.")

    print("\n## stagewarden's misses\n")
    sw_by_line = defaultdict(list)
    for f in sw_findings:
        sw_by_line[(f[0], f[1])].append(f[2])
    misses = []
    for k in positives:
        if sw.found[k]:
            continue
        label = labels[k]
        other = sorted({r for line in range(label.first, label.last + 1) for r in sw_by_line.get((label.path, line), [])})
        note = f" (reported as {', '.join(other)})" if other else ""
        misses.append(f"- {label.type} {names.get(label.type, '')} in {label.context}: `{redact(label.value)}` at {label.path}:{label.line}{note}")
    print("\n".join(misses) if misses else "None.")
    print(f"\n(evaluated in {time.perf_counter() - started:.1f} s)", file=sys.stderr)

    if args.json:
        args.json.write_text(json.dumps({
            "seed": args.seed, "files": len(files), "positives": len(positives), "negatives": len(negatives_),
            "by_type": table, "by_category": categories,
            "stagewarden": {"found": sw_found, "tp_lines": len(sw.tp_lines), "fp_lines": len(sw.fp_lines), "mistyped_lines": len(sw.mistyped_lines)},
            "detect_secrets": {"found": ds_found, "tp_lines": len(ds.tp_lines), "fp_lines": len(ds.fp_lines)},
        }, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
