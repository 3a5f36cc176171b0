from __future__ import annotations

from stagewarden.rule import HIGH, Invalid, SecretRule, Valid
from stagewarden.rules.secrets.common import crc32_base62
from stagewarden.rules.secrets.fake import base62, with_crc32_base62


def _npm(seed: int = 1, valid: bool = True) -> str:
    return with_crc32_base62("npm_", base62(30, seed), valid)


class NpmToken(SecretRule):
    """
    ## What it does
    Finds npm access tokens in the current format (classic and granular tokens alike):
    `npm_` followed by 36 letters and digits, the last six of which are a CRC32 checksum
    of the first thirty in base62, the same scheme as GitHub's tokens. The checksum is
    verified, so a random string with the prefix is not reported.

    ## Why is this bad?
    An npm token with publish rights lets anyone publish a new version of every package
    its owner maintains: a supply-chain attack on everyone who installs them. Read-only
    tokens still expose private packages. npm revokes tokens found in public GitHub
    repositories, not elsewhere.

    ## Example
    ```ini
    //registry.npmjs.org/:_authToken=npm_...
    ```

    ## Use instead
    ```ini
    //registry.npmjs.org/:_authToken=${NPM_TOKEN}
    ```
    Publish from CI with trusted publishing (OIDC) or a granular, short-lived token from
    the CI system's secret store.

    ## Options
    None.

    ## Fix safety
    No fix: revoke the token (`npm token revoke` or npmjs.com > Access Tokens), then remove
    it from the history.

    ## References
    - [npm Docs: About access tokens](https://docs.npmjs.com/about-access-tokens)
    - [GitHub: npm's new access token format](https://github.blog/changelog/2021-09-23-npm-has-a-new-access-token-format/)
    - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    """

    id = "SW320"
    name = "npm-token"
    summary = "npm access token"
    kind = "npm access token"
    hint = "revoke the token on npmjs.com, then use ${NPM_TOKEN} from the CI secret store or trusted publishing"
    severity = HIGH
    confidence = HIGH
    keywords = ("npm_",)
    pattern = r"(?<![A-Za-z0-9_])(?P<secret>npm_[A-Za-z0-9]{36})(?![A-Za-z0-9_])"

    def validate(self, secret, match, line):
        body = secret[4:]
        return crc32_base62(body[:30]) == body[30:]

    VALID = [
        Valid(f"//registry.npmjs.org/:_authToken={_npm(valid=False)}\n", path=".npmrc"),  # the checksum does not match
        Valid("//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n", path=".npmrc"),
        Valid(f'TOKEN = "{_npm()[:-1]}"\n'),  # too short
        Valid('if (token.startsWith("npm_")) { kind = "npm"; }\nconst cfg = process.env.npm_config_registry;\n',
              path="src/auth.js"),
    ]
    INVALID = [
        Invalid(f"registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken={_npm()}\n", 2, path=".npmrc"),
        Invalid(f"NPM_TOKEN={_npm(2)}\n", 1, path=".env"),
        Invalid(f"env:\n  NODE_AUTH_TOKEN: {_npm(3)}\n", 2, path=".github/workflows/publish.yml"),
        Invalid(f'FROM node:20\nRUN echo "//registry.npmjs.org/:_authToken={_npm(4)}" > .npmrc && npm ci\n', 2,
                path="Dockerfile"),
        Invalid(f'subprocess.run(["npm", "publish"], env={{"NODE_AUTH_TOKEN": "{_npm(5)}"}})\n', 1, path="app.py"),
    ]
