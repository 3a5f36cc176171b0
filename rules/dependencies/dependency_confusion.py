from __future__ import annotations

from stagewarden.rule import HIGH, MEDIUM, DependencyRule, Invalid, Report, Valid
from stagewarden.rules.dependencies.common import host_of, shown_url

_PRIVATE = '[tool.stagewarden.dependencies]\nprivate-packages = ["acme-*", "billing-core"]\n'
_PUBLIC_HOSTS = ("pypi.org", "pypi.python.org", "files.pythonhosted.org", "test.pypi.org")


class DependencyConfusion(DependencyRule):
    """
    ## What it does
    Two ways a private package can be swapped for a public one:
    - a dependency the project declares private (`private-packages`, names or globs such as
      `acme-*`) also exists on the public index, where anyone could have registered it;
    - a change adds an internal index as an *extra* index (`--extra-index-url` in a
      requirements file, `[tool.uv] extra-index-url`, a uv index under
      `index-strategy = "unsafe-best-match"`, a Poetry source with priority `supplemental`
      or `secondary`, a second Pipfile source), or the public index as an extra beside an
      internal primary one. pip and these modes take the best version from every index, so a
      public package with the private name and a higher version wins.

    ## Why is this bad?
    This is dependency confusion (Birsan, 2021): attackers publish internal package names on
    PyPI with a high version number, and build machines install them.

    ## Example
    ```text
    --extra-index-url https://pypi.internal.example.com/simple/
    acme-billing==3.2.0
    ```

    ## Use instead
    ```text
    # one index that serves the internal packages and proxies PyPI
    --index-url https://pypi.internal.example.com/simple/
    acme-billing==3.2.0
    ```

    ## Options
    Set in `[tool.stagewarden.dependencies]`: `private-packages` (names or globs),
    `public-index-url` (default PyPI: where private names must not exist).

    ## Fix safety
    No fix: register (or reserve) the names on the public index, and make the internal index
    the only one, proxying the public one; or use uv's `explicit = true` indexes.

    ## References
    - [Dependency Confusion (Alex Birsan)](https://medium.com/@alex.birsan/dependency-confusion-4a5d60fec610)
    - [pip: --extra-index-url is not a security boundary](https://pip.pypa.io/en/stable/cli/pip_install/#cmdoption-extra-index-url)
    - [uv: index strategy](https://docs.astral.sh/uv/configuration/indexes/#searching-across-multiple-indexes)
    """

    id = "SW408"
    name = "dependency-confusion"
    summary = "A private package name exists on the public index, or an internal index is an extra index"
    hint = "make the internal index the only index (proxying the public one), and reserve the private names publicly"
    severity = HIGH
    confidence = HIGH
    cwe = (427,)
    tags = ("dependencies", "supply-chain")
    statuses = ("added", "changed")
    needs = frozenset({"public"})

    def check(self, subject):
        pattern = subject.private
        if not pattern or subject.requirement.source in ("vcs", "url", "path"):
            return None
        public = subject.public
        if public is None or public.status not in ("found", "not-found"):
            subject.could_not(self.id, subject.why("public"))
            return None
        if public.status != "found":
            return None
        return Report(f"`{subject.name}` is private (private-packages: `{pattern}`) but a project with that name exists on "
                      f"the public index: an installer that also looks there can install the public one")

    def check_index_option(self, option, policy, siblings=()):
        url = option.url.strip()
        if not url or option.primary or option.explicit:
            return None
        if _public(url, policy):
            # The public index as an extra beside an internal primary one is the same mix.
            internal = next((o for o in siblings if o.primary and o.url and not _public(o.url, policy)), None)
            if internal is None:
                return None
            if option.option in ("--extra-index-url", "tool.uv.extra-index-url") or option.strategy.startswith("unsafe"):
                return Report(f"the public index `{shown_url(url)}` is added as an extra index beside the internal index "
                              f"`{shown_url(internal.url)}`: pip takes the best version from both, so a public package with "
                              "an internal name wins (dependency confusion)")
            return None
        kind = option.option
        if kind in ("--extra-index-url", "tool.uv.extra-index-url") or option.strategy.startswith("unsafe"):
            return Report(f"`{shown_url(url)}` is added as an extra index: pip takes the best version from every index, so a "
                          "public package with an internal name wins (dependency confusion)")
        if kind == "tool.poetry.source" or kind == "pipfile.source":
            return Report(f"`{shown_url(url)}` is added as a secondary package source searched beside the public index, "
                          "so a public package with an internal name can be installed instead", severity=MEDIUM)
        return None

    VALID = [
        Valid("acme-billing==3.2.0\n", path="requirements.txt", files={"pyproject.toml": _PRIVATE},
              index={"acme-billing": "not-found"}),
        Valid("--index-url https://pypi.internal.example.com/simple/\nrequests\n", path="requirements.txt"),
        Valid("--extra-index-url https://pypi.org/simple/\nrequests\n", path="requirements.txt"),
        # The first source of a Pipfile is its primary index.
        Valid('[[source]]\nurl = "https://pypi.internal.example.com/simple"\nname = "internal"\n\n[packages]\nrequests = "*"\n',
              path="Pipfile", index={"requests": "found"}),
        Valid('[[tool.uv.index]]\nname = "internal"\nurl = "https://pypi.internal.example.com/simple/"\nexplicit = true\n',
              path="pyproject.toml"),
        # uv's default strategy takes a name from the first index that has it.
        Valid('[[tool.uv.index]]\nname = "internal"\nurl = "https://pypi.internal.example.com/simple/"\n', path="pyproject.toml"),
        # Already there at the base commit.
        Valid("--extra-index-url https://pypi.internal.example.com/simple/\nrequests\n", path="requirements.txt",
              files={"requirements.txt": "--extra-index-url https://pypi.internal.example.com/simple/\n"}),
    ]
    INVALID = [
        Invalid("acme-billing==3.2.0\n", 1, path="requirements.txt", files={"pyproject.toml": _PRIVATE},
                index={"acme-billing": "found"}),
        Invalid("requests\nbilling_core\n", 2, path="requirements.txt", files={"pyproject.toml": _PRIVATE},
                index={"billing-core": "found", "requests": "found"}),
        Invalid("--extra-index-url https://pypi.internal.example.com/simple/\nacme-billing==3.2.0\n", 1,
                path="requirements.txt"),
        Invalid('[tool.uv]\nindex-strategy = "unsafe-best-match"\n\n[[tool.uv.index]]\nname = "internal"\n'
                'url = "https://pypi.internal.example.com/simple/"\n', 6, path="pyproject.toml"),
        Invalid('[[tool.poetry.source]]\nname = "internal"\nurl = "https://pypi.internal.example.com/simple/"\n'
                'priority = "supplemental"\n', 3, path="pyproject.toml"),
        # Birsan's setup: the internal index as the primary one, PyPI beside it.
        Invalid("--index-url https://pypi.internal.example.com/simple/\n--extra-index-url https://pypi.org/simple/\n"
                "acme-billing==3.2.0\n", 2, path="requirements.txt"),
        Invalid('[[source]]\nurl = "https://pypi.org/simple"\nname = "pypi"\n\n[[source]]\n'
                'url = "https://pypi.internal.example.com/simple"\nname = "internal"\n', 6, path="Pipfile"),
    ]



def _public(url: str, policy) -> bool:
    return host_of(url) in _PUBLIC_HOSTS or url.rstrip("/") == policy.public_index_url.rstrip("/")
