"""Every dependency rule, on garbled manifests and with an index that answers with odd but
well-typed data: no exception ever leaves the phase (seeded, so a failure reproduces)."""

from __future__ import annotations

import random
from pathlib import Path

from stagewarden.config import Config
from stagewarden.depcheck import DependencyChecker
from stagewarden.depdiff import DependencyChange, DependencyDiff
from stagewarden.dependency_manifests import parse_manifest
from stagewarden.dependency_policy import DependencyPolicy
from stagewarden.index.model import ProjectAnswer, ProjectDetails, Release, Vulnerability
from stagewarden.registry import builtin_rules

SAMPLES = {
    "requirements.txt": "requests==2.31.0\nhttpx>=0.27,<1 ; python_version >= '3.9'\n-e git+https://github.com/o/r@main#egg=r\n"
                        "pkg @ https://h.example/pkg-1.0.tar.gz#sha256=" + "a" * 64 + "\nrich===13.x\nfoo[bar]~=1.2\n",
    "pyproject.toml": '[project]\nname = "x"\ndependencies = ["requests>=2", "attrs==23.1.0"]\n'
                      '[tool.poetry.dependencies]\nflask = "^2.0"\n',
    "uv.lock": 'version = 1\n[[package]]\nname = "idna"\nversion = "3.10"\nsource = { registry = "https://pypi.org/simple" }\n',
}
VERSIONS = ["1.0", "2.31.0", "0.0.1.dev1", "3!1.0", "1.0+local", "not a version", "", "13.x", "9" * 30]


def _lying_client(rng: random.Random):
    class Client:
        def lookup(self, names):
            return {n: ProjectAnswer(n, rng.choice(["found", "not-found", "error", "offline", "skipped"]),
                                     versions=tuple(rng.sample(VERSIONS, 3)), first_upload=rng.choice(["", "2020-01-01", "garbage", "9999-99-99"]))
                    for n in names}

        def details(self, wanted):
            out = {}
            for name, version in wanted:
                releases = tuple(Release(v, rng.choice(["", "2019-01-01T00:00:00Z", "x"]), rng.random() < 0.3, "", rng.randint(0, 2))
                                 for v in rng.sample(VERSIONS, 4))
                vulns = tuple(Vulnerability(f"V-{i}", fixed_in=tuple(rng.sample(VERSIONS, 2)), withdrawn=rng.random() < 0.2)
                              for i in range(rng.randint(0, 3)))
                out[(name, version)] = ProjectDetails(
                    name, rng.choice(["found", "not-found", "error", "unsupported"]), version,
                    described=rng.choice(VERSIONS), releases=releases,
                    license_expression=rng.choice(["", "MIT", "GPL-3.0-only OR", "((", "Apache-2.0 WITH LLVM-exception"]),
                    license=rng.choice(["", "BSD", "UNKNOWN", "x" * 500]), classifiers=("License :: OSI Approved :: MIT License",),
                    vulnerabilities=vulns, yanked=rng.random() < 0.2)
            return out
    return Client()


def _garble(text: str, rng: random.Random) -> str:
    chars = list(text)
    for _ in range(rng.randint(0, 8)):
        position = rng.randrange(len(chars) + 1)
        choice = rng.random()
        if choice < 0.4 and chars:
            del chars[min(position, len(chars) - 1)]
        elif choice < 0.8:
            chars.insert(position, rng.choice("=<>~!;@#[]{}\"' \n\\*,.^0123456789abcXYZ-_/:"))
        else:
            chars.insert(position, "\n")
    return "".join(chars)


def test_rules_never_raise_on_garbled_input_and_lying_answers(tmp_path):
    rng = random.Random(20261122)
    rules = [rule({}) for rule in builtin_rules(("dependencies",))]
    policy = DependencyPolicy(allowed_licenses=("MIT",), private_packages=("acme-*", "r"), denied_packages=("foo",),
                              unknown_license="fail")
    config = Config(root=Path(tmp_path), dependencies=policy, cache=False)
    for _ in range(300):
        path, text = rng.choice(sorted(SAMPLES.items()))
        manifest = parse_manifest(path, _garble(text, rng))
        changes = [DependencyChange(r.name or r.url, rng.choice(["added", "changed"]), r, r.kind == "direct",
                                    rng.choice([None, *VERSIONS]), None)
                   for r in manifest.requirements if r.name or r.url]
        diff = DependencyDiff("", changes=changes, manifests={path: manifest}, texts={path: text},
                              added_indexes=list(manifest.indexes))
        checker = DependencyChecker(config, rules, {}, client_factory=lambda url: _lying_client(rng), environ={})
        for subject in checker.gather(diff):
            checker.judge(subject, diff, Path(tmp_path))
        for option in diff.added_indexes:
            checker.judge_index_option(option, diff, Path(tmp_path))
