from __future__ import annotations

from stagewarden.rule import HIGH, DependencyRule, Invalid, Report, Valid
from stagewarden.rules.dependencies.common import host_of, shown_url

_LOCAL_HOSTS = ("localhost", "127.0.0.1", "[::1]")


class InsecurePackageSource(DependencyRule):
    """
    ## What it does
    Finds package sources a change adds that turn off transport security: an index or
    find-links URL over plain `http://` (`--index-url`, `--extra-index-url`, `-f`, uv and
    Poetry indexes, Pipfile sources), a host exempted from certificate checks
    (`--trusted-host`, uv's `allow-insecure-host`), or a Pipfile source with
    `verify_ssl = false`. Sources on the local machine (`localhost`, `127.0.0.1`) are not
    reported.

    ## Why is this bad?
    Every package installed from such a source can be swapped on the way by anyone on the
    network path, and installing a package runs its code. Hashes in a lock file protect only
    the packages they cover, and only if the installer checks them.

    ## Example
    ```text
    --index-url http://pypi.internal.example.com/simple/
    --trusted-host pypi.internal.example.com
    ```

    ## Use instead
    ```text
    --index-url https://pypi.internal.example.com/simple/
    # and give pip the internal CA: PIP_CERT=/etc/ssl/certs/internal-ca.pem
    ```

    ## Options
    None.

    ## Fix safety
    No fix: serve the index over HTTPS with a certificate the installer trusts.

    ## References
    - [pip: --trusted-host](https://pip.pypa.io/en/stable/cli/pip/#cmdoption-trusted-host)
    - [uv: allow-insecure-host](https://docs.astral.sh/uv/reference/settings/#allow-insecure-host)
    - [CWE-319: Cleartext Transmission of Sensitive Information](https://cwe.mitre.org/data/definitions/319.html)
    - [CWE-295: Improper Certificate Validation](https://cwe.mitre.org/data/definitions/295.html)
    """

    id = "SW410"
    name = "insecure-package-source"
    summary = "A package source over plain HTTP or without certificate checks was added"
    hint = "serve the index over HTTPS and give the installer its CA certificate instead of turning checks off"
    severity = HIGH
    confidence = HIGH
    cwe = (319, 295)
    tags = ("dependencies", "supply-chain")
    statuses = ()

    def check(self, subject):
        return None  # judges package-source settings only (check_index_option)

    def check_index_option(self, option, policy, siblings=()):
        url = option.url.strip()
        if host_of(url) in _LOCAL_HOSTS:
            return None
        if option.option in ("--trusted-host", "tool.uv.allow-insecure-host"):
            return Report(f"TLS certificate checks are turned off for `{url}` ({option.option}): packages from it can be "
                          "replaced by anyone on the network path")
        if option.option == "pipfile.verify_ssl":
            return Report(f"the source `{url}` is used with verify_ssl = false: packages from it can be replaced by "
                          "anyone on the network path")
        if url.lower().startswith("http://"):
            return Report(f"packages are fetched from `{shown_url(url)}` over plain HTTP ({option.option}): anyone on the "
                          "network path can replace them")
        return None

    VALID = [
        Valid("--index-url https://pypi.internal.example.com/simple/\nrequests\n", path="requirements.txt",
              index={"requests": "found"}),
        Valid("--find-links http://localhost:8080/wheels/\n", path="requirements.txt"),
        Valid('[[source]]\nurl = "https://pypi.org/simple"\nverify_ssl = true\nname = "pypi"\n', path="Pipfile"),
        # Already there at the base commit.
        Valid("--trusted-host pypi.internal.example.com\nrich\n", path="requirements.txt",
              files={"requirements.txt": "--trusted-host pypi.internal.example.com\n"}, index={"rich": "found"}),
    ]
    INVALID = [
        Invalid("--index-url http://pypi.internal.example.com/simple/\n--trusted-host pypi.internal.example.com\n", 1, 2,
                path="requirements.txt"),
        Invalid("-f http://wheels.example.com/\n", 1, path="requirements.txt"),
        Invalid('[[source]]\nurl = "https://pypi.internal.example.com/simple"\nverify_ssl = false\nname = "internal"\n', 2,
                path="Pipfile"),
        Invalid('[tool.uv]\nallow-insecure-host = ["pypi.internal.example.com"]\n', 2, path="pyproject.toml"),
        Invalid('[[tool.uv.index]]\nname = "internal"\nurl = "http://pypi.internal.example.com/simple/"\n', 3,
                path="pyproject.toml"),
    ]

