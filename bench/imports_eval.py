"""Labelled evaluation of the import rules (SW201 unknown package, SW202 undeclared dependency,
SW203 suspicious package, SW204 nonexistent name, SW007 notice): recall on invented library
names and false positives on real imports, offline and against a simulated package index.

    .venv/bin/python bench/imports_eval.py [--rebuild] [--keep] [--json FILE]

The labelled set is bench/data/imports_labelled.tsv (committed). `--rebuild` makes it again
from its sources, deterministically:

- invented: library names invented by code models, from the public data of Twist, Zhang,
  Harman, Yannakoudakis, "Library Hallucinations in LLMs: Risk Analysis Grounded in Developer
  Queries" (itsluketwist/realistic-library-hallucinations, CC BY 4.0): `library_fabrication`
  rows absent from PyPI, a seeded sample. invented-on-pypi: the file's invented and misspelt
  library names that are PyPI projects. invented-wild: the imports GPT-5-mini wrote that no
  project provides.
- real: import names whose distribution is named differently (yaml/PyYAML), from the bundled
  import map plus a hand-written list (namespace packages such as google.cloud.storage).
- real-same: popular projects imported under their own name (requests, numpy).

Each variant writes a throwaway project (pyproject.toml and one file per import) to a
temporary folder and runs `stagewarden check --select imports --format json --no-cache` on it:
offline (`--offline`: the bundled data only) and online against a package index simulated on
127.0.0.1 (PEP 691 JSON; a project exists iff its PEP 503 name is in a snapshot list of PyPI
project names). The project either declares the distributions of the real rows or nothing. The
real PyPI is never contacted. Prints a Markdown report (docs/imports-evaluation.md quotes it).

Inputs (the upstream file is needed only by --rebuild; the PyPI list only online):
    --upstream FILE     libraryhallubench_names.tsv (default: ../shared/hallucinated-upstream/)
    --pypi-names FILE   a TSV with a `name` column listing every PyPI project
                        (default: $PYPI_NAMES_TSV or the workplace's package list)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from stagewarden import known_packages, stdlib
from stagewarden.importcheck import _affix_match, candidate_distributions

ROOT = Path(__file__).resolve().parents[1]
LABELLED = ROOT / "bench" / "data" / "imports_labelled.tsv"
DEFAULT_UPSTREAM = ROOT.parent / "shared" / "hallucinated-upstream" / "libraryhallubench_names.tsv"
DEFAULT_PYPI_NAMES = os.environ.get("PYPI_NAMES_TSV")  # a TSV with a `name` column; needed for the online mode
SEED = 2509_22202  # the paper's arXiv number
INVENTED_SAMPLE = 400
REAL_SAME_COUNT = 200
BATCH = 1  # one import per file: SW202 is reported once per file and distribution
RULES = ("SW201", "SW202", "SW203", "SW204", "SW007")
LABELS = ("invented", "invented-on-pypi", "invented-wild", "real", "real-same")
ATTRIBUTION = """\
# stagewarden import-rules evaluation set; written by `bench/imports_eval.py --rebuild` (seed {seed}).
# Columns: label, the imported module, a note (where the row comes from; for real rows the distribution
# the evaluation project declares).
# Rows labelled invented, invented-on-pypi and invented-wild are derived from the data of Twist, Zhang,
# Harman, Yannakoudakis, "Library Hallucinations in LLMs: Risk Analysis Grounded in Developer Queries"
# (arXiv:2509.22202), repository itsluketwist/realistic-library-hallucinations, licensed CC BY 4.0
# (https://creativecommons.org/licenses/by/4.0/). Changes: filtered, deduplicated and sampled.
# Rows labelled real and real-same come from stagewarden's bundled package data (PyPI snapshot {snapshot})
# and a hand-written list (source=hand-written).
"""

# Import name -> distribution: well-known imports named differently from their distribution,
# chosen by hand (many are namespace packages or absent from the bundled import map).
HAND_WRITTEN = (
    ("google.cloud.storage", "google-cloud-storage"),
    ("google.cloud.bigquery", "google-cloud-bigquery"),
    ("google.cloud.pubsub", "google-cloud-pubsub"),
    ("google.cloud.firestore", "google-cloud-firestore"),
    ("google.cloud.secretmanager", "google-cloud-secret-manager"),
    ("google.auth", "google-auth"),
    ("google.genai", "google-genai"),
    ("google.generativeai", "google-generativeai"),
    ("google.protobuf", "protobuf"),
    ("azure.storage.blob", "azure-storage-blob"),
    ("azure.identity", "azure-identity"),
    ("azure.core", "azure-core"),
    ("azure.keyvault.secrets", "azure-keyvault-secrets"),
    ("azure.cosmos", "azure-cosmos"),
    ("azure.mgmt.resource", "azure-mgmt-resource"),
    ("opentelemetry.sdk", "opentelemetry-sdk"),
    ("opentelemetry.exporter.otlp.proto.grpc", "opentelemetry-exporter-otlp-proto-grpc"),
    ("opentelemetry.instrumentation.requests", "opentelemetry-instrumentation-requests"),
    ("snowflake.connector", "snowflake-connector-python"),
    ("PIL.Image", "pillow"),
    ("dateutil.parser", "python-dateutil"),
    ("dns.resolver", "dnspython"),
    ("Crypto.Cipher", "pycryptodome"),
    ("serial.tools.list_ports", "pyserial"),
    ("fitz", "pymupdf"),
    ("magic", "python-magic"),
    ("jose", "python-jose"),
    ("pptx", "python-pptx"),
    ("telegram", "python-telegram-bot"),
    ("discord", "discord.py"),
    ("speech_recognition", "SpeechRecognition"),
    ("kafka", "kafka-python"),
    ("MySQLdb", "mysqlclient"),
    ("win32api", "pywin32"),
    ("umap", "umap-learn"),
    ("rest_framework", "djangorestframework"),
    ("corsheaders", "django-cors-headers"),
    ("debug_toolbar", "django-debug-toolbar"),
    ("environ", "django-environ"),
    ("airflow", "apache-airflow"),
    ("cassandra", "cassandra-driver"),
    ("osgeo", "GDAL"),
    ("community", "python-louvain"),
    ("factory", "factory-boy"),
    ("bluetooth", "PyBluez"),
    ("board", "adafruit-blinka"),
    ("pynvml", "nvidia-ml-py"),
    ("weaviate", "weaviate-client"),
    ("whisper", "openai-whisper"),
    ("haiku", "dm-haiku"),
    ("tree", "dm-tree"),
    ("usb", "pyusb"),
    ("Xlib", "python-xlib"),
    ("ldap", "python-ldap"),
    ("wx", "wxPython"),
    ("gi", "PyGObject"),
    ("cairo", "pycairo"),
    ("talib", "TA-Lib"),
    ("socketio", "python-socketio"),
    ("decouple", "python-decouple"),
    ("vcr", "vcrpy"),
    ("gitlab", "python-gitlab"),
    ("haystack", "haystack-ai"),
    ("slack", "slackclient"),
    ("cupy", "cupy-cuda12x"),
)

normalize = known_packages.normalize
_DOTTED = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")


# -- the labelled set -----------------------------------------------------------------------------
def read_tsv(path: Path) -> list[dict[str, str]]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"))) for line in lines[1:]]


def load_pypi_names(path: str) -> frozenset[str]:
    names = set()
    with open(path, encoding="utf-8", errors="replace") as handle:
        column = handle.readline().rstrip("\n").split("\t").index("name")
        for line in handle:
            fields = line.rstrip("\n").split("\t")
            if len(fields) > column and fields[column]:
                names.add(normalize(fields[column]))
    return frozenset(names)


def build(upstream: Path) -> list[tuple[str, str, str]]:
    """(label, import, note) rows, deterministic for a given upstream file and bundled data."""
    rows = read_tsv(upstream)
    stdlib_names = stdlib.all_modules()
    mapping, _namespaces = known_packages._import_map()

    def importable(name: str) -> str | None:
        module = name.replace("-", "_")
        if not _DOTTED.match(module) or module.split(".")[0] in stdlib_names:
            return None
        return module

    out: list[tuple[str, str, str]] = []
    # invented: library fabrications absent from PyPI, a seeded sample.
    first: dict[str, dict[str, str]] = {}
    for row in rows:
        module = importable(row["name"])
        if row["kind"] == "library_fabrication" and row["pypi_tsv_check"] == "absent" and module and module not in first:
            first[module] = row
    for module in sorted(random.Random(SEED).sample(sorted(first), min(INVENTED_SAMPLE, len(first)))):
        row = first[module]
        out.append(("invented", module, f"library_fabrication; base={row['base_library_or_member']}; {row['seed_id_or_prompt_type']}"))
    # invented-on-pypi: every invented or misspelt library name that is a PyPI project.
    on_pypi: dict[str, dict[str, str]] = {}
    for row in rows:
        module = importable(row["name"])
        if row["kind"].startswith("library_") and row["pypi_tsv_check"] == "on_pypi" and module and module not in on_pypi:
            on_pypi[module] = row
    for module in sorted(on_pypi):
        row = on_pypi[module]
        out.append(("invented-on-pypi", module, f"{row['kind']}; base={row['base_library_or_member']}"))
    # invented-wild: imports in GPT-5-mini answers that nothing provides (each import once in the set).
    taken = {module for _, module, _ in out}
    wild = sorted({m for row in rows if row["kind"] == "gpt5mini_response_import" for m in [importable(row["name"])] if m} - taken)
    out.extend(("invented-wild", module, "gpt5mini_response_import") for module in wild)
    # real: import-map keys no provider of which has the key's name, then the hand-written list.
    real: dict[str, tuple[str, str]] = {}
    for key in sorted(mapping):
        parts = key.split(".")
        if any(p.startswith("_") or p.endswith("__mypyc") for p in parts) or parts[0] in stdlib_names:
            continue
        dists = known_packages.providers(key)
        if dists and all(normalize(d) != normalize(key) for d in mapping[key]):
            real[key] = (dists[0], "import-map")
    for module, dist in HAND_WRITTEN:
        real.setdefault(module, (dist, "hand-written"))
    out.extend(("real", module, f"dist={dist}; source={source}") for module, (dist, source) in real.items())
    # real-same: the most downloaded projects the import map shows imported under their own name.
    count = 0
    for dist in known_packages.popular_names():
        if count == REAL_SAME_COUNT:
            break
        if dist.isidentifier() and dist not in stdlib_names and dist not in real and dist in mapping.get(dist, ()):
            out.append(("real-same", dist, f"dist={dist}; rank={known_packages.rank(dist)}"))
            count += 1
    return out


def write_labelled(rows: list[tuple[str, str, str]]) -> None:
    LABELLED.parent.mkdir(parents=True, exist_ok=True)
    text = ATTRIBUTION.format(seed=SEED, snapshot=known_packages.snapshot()) + "label\timport\tnote\n"
    text += "".join(f"{label}\t{module}\t{note}\n" for label, module, note in rows)
    LABELLED.write_text(text, encoding="utf-8")


def note_dist(note: str) -> str | None:
    match = re.search(r"(?:^|; )dist=([^;]+)", note)
    return match.group(1).strip() if match else None


# -- the simulated index --------------------------------------------------------------------------
class SimulatedIndex:
    """PEP 691 pages on 127.0.0.1 for every name in `names` (normalized), 404 for the rest."""

    def __init__(self, names: frozenset[str]):
        index = self
        self.names = names
        self.requests = 0
        self._lock = threading.Lock()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                with index._lock:
                    index.requests += 1
                match = re.fullmatch(r"/simple/([^/]+)/", urlsplit(self.path).path)
                name = normalize(unquote(match.group(1))) if match else None
                if name is None or name not in index.names:
                    self.send_error(404)
                    return
                body = json.dumps({
                    "meta": {"api-version": "1.1"}, "name": name, "versions": ["1.0", "1.1", "2.0"],
                    "files": [{"filename": "x-1.0.tar.gz", "url": "x", "hashes": {}, "upload-time": "2019-01-01T00:00:00Z"}],
                }).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/vnd.pypi.simple.v1+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/simple/"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


# -- one measured run -----------------------------------------------------------------------------
def write_project(folder: Path, rows: list[dict[str, str]], declare: bool) -> dict[tuple[str, int], int]:
    """The throwaway project; returns (file, line) -> row index."""
    dists = sorted({note_dist(r["note"]) for r in rows if r["label"] in ("real", "real-same")} - {None}) if declare else []
    deps = ",\n".join(f"    {json.dumps(d)}" for d in dists)
    (folder / "pyproject.toml").write_text(
        f'[project]\nname = "evalproj"\nversion = "0"\nrequires-python = ">=3.9"\ndependencies = [\n{deps}\n]\n', encoding="utf-8")
    where: dict[tuple[str, int], int] = {}
    for start in range(0, len(rows), BATCH):
        name = f"m_{start // BATCH + 1:04d}.py"
        chunk = rows[start : start + BATCH]
        (folder / name).write_text("".join(f"import {r['import']}\n" for r in chunk), encoding="utf-8")
        for offset in range(len(chunk)):
            where[(name, offset + 1)] = start + offset
    return where


_NOTICE = re.compile(r"^(\d+) imported names? could not be checked against the package index \((.*?)\): (.*)$")


def stagewarden(project: Path, folder: Path, index_url: str | None) -> tuple[float, dict]:
    """One `stagewarden check` of `project`: (wall seconds, the JSON report). The environment
    names no virtualenv, index or stagewarden setting, so only the bundled data, the project's
    manifests and `index_url` are consulted."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("VIRTUAL_ENV", "PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "PYTHONPATH") and not k.startswith("STAGEWARDEN_")}
    env["XDG_CACHE_HOME"] = str(folder / "cache")
    argv = [sys.executable, "-m", "stagewarden", "check", "--select", "imports", "--format", "json", "--no-cache", "--exit-zero"]
    argv += ["--index-url", index_url] if index_url else ["--offline"]
    start = time.perf_counter()
    done = subprocess.run([*argv, "."], cwd=project, env=env, capture_output=True, text=True, timeout=600, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"stagewarden failed ({done.returncode}): {done.stderr[-2000:]}")
    return seconds, json.loads(done.stdout)


def run_stagewarden(folder: Path, rows: list[dict[str, str]], declare: bool, index_url: str | None, repeat: int) -> dict:
    """The median wall time of `repeat` identical runs, and the per-row findings (which must
    not change between runs)."""
    project = folder / ("declared" if declare else "empty") / ("online" if index_url else "offline")
    project.mkdir(parents=True)
    where = write_project(project, rows, declare)
    samples = []
    report = None
    for _ in range(repeat):
        seconds, got = stagewarden(project, folder, index_url)
        samples.append(seconds)
        if report is not None and got["findings"] != report["findings"]:
            raise SystemExit(f"findings differ between two identical runs of {project}")
        report = got
    seconds = statistics.median(samples)
    per_row: list[dict[str, str]] = [{} for _ in rows]
    notice = None
    by_module = {r["import"]: i for i, r in enumerate(rows)}
    for finding in report["findings"]:
        if finding["rule"] == "SW007":
            match = _NOTICE.match(finding["message"])
            shown = match.group(3) if match else ""
            more = re.search(r" and (\d+) more$", shown)
            names = shown[: more.start()] if more else shown
            listed = [n for n in names.split(", ") if n]
            notice = {"count": int(match.group(1)) if match else 0, "reason": match.group(2) if match else "",
                      "shown": listed, "message": finding["message"]}
            for module in listed:
                if module in by_module:
                    per_row[by_module[module]]["SW007"] = "named in the SW007 notice"
            continue
        index = where.get((finding["path"], finding["line"]))
        if index is None:
            raise SystemExit(f"finding outside the generated files: {finding}")
        per_row[index][finding["rule"]] = finding["message"]
    return {"seconds": seconds, "findings": per_row, "notice": notice, "total": len(report["findings"])}


# -- explanations ---------------------------------------------------------------------------------
def explain(module: str, declared: frozenset[str], pypi: frozenset[str] | None, online: bool) -> str:
    """Why stagewarden judged `module` as it did, from the same data it uses."""
    reasons = []
    providers = known_packages.providers(module)
    if providers:
        reasons.append(f"bundled import map: provided by {', '.join(providers[:3])}")
    else:
        reasons.append("not in the bundled import map")
    candidates = candidate_distributions(module)
    hits = [d for d in candidates if d in declared]
    if hits or (declared and _affix_match(module.split(".")[0], declared)):
        reasons.append(f"matches a declared distribution by name ({', '.join(hits) or 'affix rule'})")
    if online and pypi is not None:
        existing = [d for d in candidates if d in pypi]
        reasons.append(f"index has {', '.join(existing)}" if existing else f"index has none of {', '.join(candidates)}")
    else:
        present = [d for d in candidates if known_packages.may_exist(d)]
        if present and pypi is not None:
            collide = [d for d in present if d not in pypi]
            real = [d for d in present if d in pypi]
            if real:
                reasons.append(f"on PyPI: {', '.join(real)}")
            if collide:
                reasons.append(f"bundled name set answers present for {', '.join(collide)} (hash collision, not on PyPI)")
        elif present:
            reasons.append(f"bundled name set has {', '.join(present)}")
        else:
            reasons.append(f"bundled name set has none of {', '.join(candidates)}")
    return "; ".join(reasons)


def first_named(row: dict[str, str], got: dict[str, str]) -> bool | None:
    """Whether the row's SW202 names the row's distribution first (None: no SW202)."""
    message = got.get("SW202")
    match = re.search(r"provided by `([^`]+)`", message or "")
    if not match:
        return None
    return normalize(match.group(1)) == normalize(note_dist(row["note"]) or "")


# -- the report -----------------------------------------------------------------------------------
def pct(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.1f}%)" if whole else "0/0"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rebuild", action="store_true", help="rebuild the labelled set from its sources")
    parser.add_argument("--upstream", default=str(DEFAULT_UPSTREAM), help="libraryhallubench_names.tsv")
    parser.add_argument("--pypi-names", default=DEFAULT_PYPI_NAMES, help="TSV of PyPI project names (column `name`)")
    parser.add_argument("--offline-only", action="store_true", help="skip the simulated-index runs")
    parser.add_argument("--keep", action="store_true", help="keep the generated projects (prints where)")
    parser.add_argument("--json", help="also write the per-row results to this file")
    parser.add_argument("--repeat", type=int, default=3, help="runs per variant; the median time is reported")
    args = parser.parse_args()

    if args.rebuild or not LABELLED.exists():
        write_labelled(build(Path(args.upstream)))
    rows = read_tsv(LABELLED)
    counts = Counter(r["label"] for r in rows)

    started = time.perf_counter()
    if not args.offline_only and not args.pypi_names:
        parser.error("the online mode needs a list of PyPI names: pass --pypi-names FILE (or set PYPI_NAMES_TSV), or use --offline-only")
    pypi = None if args.offline_only else load_pypi_names(args.pypi_names)
    load_seconds = time.perf_counter() - started

    folder = Path(tempfile.mkdtemp(prefix="sw-imports-eval-"))
    results: dict[tuple[str, str], dict] = {}
    requests: dict[str, int] = {}
    try:
        warm = folder / "warm-up"
        warm.mkdir()
        write_project(warm, rows[:1], False)
        stagewarden(warm, folder, None)  # bytecode and disk caches, so the first timed run is not the slowest
        for declare in (True, False):
            variant = "declared" if declare else "empty"
            results[(variant, "offline")] = run_stagewarden(folder, rows, declare, None, args.repeat)
            if pypi is not None:
                with SimulatedIndex(pypi) as index:
                    results[(variant, "online")] = run_stagewarden(folder, rows, declare, index.url, args.repeat)
                    requests[variant] = index.requests // args.repeat
    finally:
        if args.keep:
            print(f"kept {folder}", file=sys.stderr)
        else:
            shutil.rmtree(folder, ignore_errors=True)

    declared_dists = frozenset(normalize(d) for d in (note_dist(r["note"]) for r in rows if r["label"] in ("real", "real-same")) if d)
    modes = [m for m in ("offline", "online") if ("declared", m) in results]
    out = print
    out(f"Labelled set: {', '.join(f'{label} {counts[label]}' for label in LABELS)} "
        f"({sum(1 for r in rows if r['label'] == 'real' and 'hand-written' in r['note'])} real rows hand-written). "
        f"Bundled PyPI snapshot {known_packages.snapshot()}; stagewarden {__import__('stagewarden').__version__}; "
        f"Python {sys.version.split()[0]}.")
    if pypi is not None:
        out(f"Simulated index: {len(pypi):,} project names (loaded in {load_seconds:.1f} s).")
    out()
    out("| project declares | mode | label | rows | SW201 | SW202 | SW203 | SW204 | SW007 | no finding |")
    out("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for (variant, mode), result in results.items():
        for label in LABELS:
            idx = [i for i, r in enumerate(rows) if r["label"] == label]
            got = [result["findings"][i] for i in idx]
            cells = [str(sum(1 for g in got if rule in g)) for rule in RULES]
            out(f"| {'real dists' if variant == 'declared' else 'nothing'} | {mode} | {label} | {len(idx)} | "
                + " | ".join(cells) + f" | {sum(1 for g in got if not g)} |")
    out()
    out("| figure | " + " | ".join(modes) + " |")
    out("| --- | " + " | ".join("---:" for _ in modes) + " |")

    def figure(title, variant, labels, test):
        idx = [i for i, r in enumerate(rows) if r["label"] in labels]
        cells = [pct(sum(1 for i in idx if test(results[(variant, m)]["findings"][i])), len(idx)) for m in modes]
        out(f"| {title} | " + " | ".join(cells) + " |")

    figure("recall: invented reported SW201 (real dists declared)", "declared", ("invented",), lambda g: "SW201" in g)
    figure("recall: invented reported SW201 (nothing declared)", "empty", ("invented",), lambda g: "SW201" in g)
    figure("invented-wild reported SW201 (nothing declared)", "empty", ("invented-wild",), lambda g: "SW201" in g)
    figure("invented-on-pypi reported SW201 (nothing declared)", "empty", ("invented-on-pypi",), lambda g: "SW201" in g)
    figure("invented-on-pypi reported SW202 or SW203 (nothing declared)", "empty", ("invented-on-pypi",),
           lambda g: "SW202" in g or "SW203" in g)
    figure("false positives: real with any finding (declared)", "declared", ("real",), bool)
    hand = {i for i, r in enumerate(rows) if "source=hand-written" in r["note"]}
    for title, keep in (("  of which import-map rows", lambda i: i not in hand), ("  of which hand-written rows", lambda i: i in hand)):
        idx = [i for i, r in enumerate(rows) if r["label"] == "real" and keep(i)]
        out(f"| {title} | " + " | ".join(pct(sum(1 for i in idx if results[("declared", m)]["findings"][i]), len(idx)) for m in modes) + " |")
    figure("false positives: real-same with any finding (declared)", "declared", ("real-same",), bool)
    figure("real + real-same reported SW202 (nothing declared)", "empty", ("real", "real-same"), lambda g: "SW202" in g)
    figure("false positives: real + real-same reported SW201 (nothing declared)", "empty", ("real", "real-same"),
           lambda g: "SW201" in g)
    idx = [i for i, r in enumerate(rows) if r["label"] in ("real", "real-same")]
    out("| SW202 names the row's distribution first (nothing declared) | " + " | ".join(
        pct(sum(1 for i in idx if first_named(rows[i], results[("empty", m)]["findings"][i]) is True),
            sum(1 for i in idx if "SW202" in results[("empty", m)]["findings"][i])) for m in modes) + " |")
    out()
    out("| run | wall time (s) | findings | index requests |")
    out("| --- | ---: | ---: | ---: |")
    for (variant, mode), result in results.items():
        reqs = str(requests.get(variant, "")) if mode == "online" else "-"
        out(f"| declares {'real dists' if variant == 'declared' else 'nothing'}, {mode} | {result['seconds']:.2f} | {result['total']} | {reqs} |")
    for (variant, mode), result in results.items():
        if result["notice"]:
            n = result["notice"]
            out(f"\nSW007 ({variant}, {mode}): {n['count']} names, {len(n['shown'])} shown ({n['reason']}).")

    def listing(title, variant, labels, test, deps):
        for mode in modes:
            result = results[(variant, mode)]
            idx = [i for i, r in enumerate(rows) if r["label"] in labels and test(result["findings"][i])]
            out(f"\n### {title}, {mode} ({len(idx)})\n")
            for i in idx:
                r = rows[i]
                got = result["findings"][i]
                said = "; ".join(f"{rule}: {msg}" for rule, msg in sorted(got.items())) or "no finding"
                out(f"- `{r['import']}` [{r['label']}; {r['note']}] -> {said}  \n  why: {explain(r['import'], deps, pypi, mode == 'online')}")

    listing("False positives, real dists declared", "declared", ("real", "real-same"), bool, declared_dists)
    listing("Missed invented names (no SW201), real dists declared", "declared", ("invented", "invented-wild"),
            lambda g: "SW201" not in g, declared_dists)
    listing("Missed invented names (no SW201), nothing declared", "empty", ("invented", "invented-wild"),
            lambda g: "SW201" not in g, frozenset())
    listing("Real imports reported SW201, nothing declared", "empty", ("real", "real-same"), lambda g: "SW201" in g, frozenset())
    listing("Real imports not reported SW202, nothing declared", "empty", ("real", "real-same"),
            lambda g: "SW202" not in g, frozenset())
    for mode in modes:
        wrong = [(rows[i], results[("empty", mode)]["findings"][i]) for i in idx
                 if first_named(rows[i], results[("empty", mode)]["findings"][i]) is False]
        out(f"\n### SW202 names another distribution first, nothing declared, {mode} ({len(wrong)})\n")
        for r, got in wrong:
            out(f"- `{r['import']}` (declares {note_dist(r['note'])}; {r['note'].split('source=')[-1] if 'source=' in r['note'] else r['label']}): "
                f"{got['SW202']}")
    listing("invented-on-pypi, nothing declared", "empty", ("invented-on-pypi",), lambda g: True, frozenset())
    out(f"\nTotal time {time.perf_counter() - started:.1f} s.")

    if args.json:
        Path(args.json).write_text(json.dumps({
            "rows": rows,
            "results": {f"{v}/{m}": {**r, "findings": r["findings"]} for (v, m), r in results.items()},
        }, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
