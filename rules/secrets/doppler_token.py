from __future__ import annotations

from stagewarden.rule import HIGH, Invalid, SecretRule, Valid
from stagewarden.rules.secrets.fake import base62
from stagewarden.secrets import entropy


def _doppler(kind: str = "pt", seed: int = 1, length: int = 43) -> str:
    return f"dp.{kind}.{base62(length, seed)}"


class DopplerToken(SecretRule):
    """
    ## What it does
    Finds Doppler tokens by their prefixes: personal (`dp.pt.`), service (`dp.st.`, with
    or without the config's name after it, as in `dp.st.prd.`), service account
    (`dp.sa.`), CLI (`dp.ct.`), SCIM (`dp.scim.`) and audit (`dp.audit.`) tokens, followed
    by 40 to 44 letters and digits.

    ## Why is this bad?
    Doppler holds the secrets of other systems: a service token reads every secret of its
    config, a personal or CLI token every project its user can see, and a service account
    token whatever its role allows. One leaked token is all of those credentials at once.

    ## Example
    ```sh
    DOPPLER_TOKEN=dp.st.prd....
    ```

    ## Use instead
    Inject `DOPPLER_TOKEN` from the deployment platform's secret store (or use a Doppler
    integration that syncs secrets without a token in the repository), and run the
    application with `doppler run`.

    ## Options
    None.

    ## Fix safety
    No fix: revoke the token in the Doppler dashboard (or `doppler configs tokens revoke`),
    then remove it from the history.

    ## References
    - [Doppler: API authentication and token formats](https://docs.doppler.com/reference/api#authentication)
    - [Doppler: Service tokens](https://docs.doppler.com/docs/service-tokens)
    - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    """

    id = "SW318"
    name = "doppler-token"
    summary = "Doppler personal, service, service account, CLI, SCIM or audit token"
    kind = "Doppler token"
    hint = "revoke the token in Doppler, then inject it from the deployment platform's secret store"
    severity = HIGH
    confidence = HIGH
    keywords = ("dp.pt.", "dp.st.", "dp.sa.", "dp.ct.", "dp.scim.", "dp.audit.")
    pattern = (r"(?<![A-Za-z0-9_.])(?P<secret>dp\.(?:pt|st(?:\.[a-z0-9_-]{2,35})?|sa|ct|scim|audit)\.[A-Za-z0-9]{40,44})"
               r"(?![A-Za-z0-9_])")

    def validate(self, secret, match, line):
        return entropy(secret.rsplit(".", 1)[1]) >= 3.5

    VALID = [
        Valid('if not token.startswith("dp.st."):\n    raise ValueError("expected a service token")\n'),
        Valid(f'TOKEN = "{_doppler("st", length=39)}"\n'),  # too short
        Valid(f'TOKEN = "{_doppler("pt", length=45)}"\n'),  # too long
        Valid(f'TOKEN = "dp.pt.{"x" * 43}"\n'),  # a placeholder
        Valid("DOPPLER_TOKEN=${DOPPLER_TOKEN}\n", path=".env"),
    ]
    INVALID = [
        Invalid(f"DOPPLER_TOKEN=dp.st.prd.{base62(40, 1)}\n", 1, path=".env"),
        Invalid(f"FROM node:20\nENV DOPPLER_TOKEN={_doppler('st', 2, 40)}\nCMD doppler run -- node server.js\n", 2,
                path="Dockerfile"),
        Invalid(f"#!/bin/sh\ndoppler secrets download --token {_doppler('pt', 3)} --no-file\n", 2, path="deploy.sh"),
        Invalid(f"doppler:\n  service_account: {_doppler('sa', 4, 44)}\n  cli: {_doppler('ct', 5)}\n", 2, 3,
                path="config.yaml"),
        Invalid(f'SCIM = "{_doppler("scim", 6)}"\nAUDIT = "{_doppler("audit", 7)}"\n', 1, 2, path="app.py"),
    ]
