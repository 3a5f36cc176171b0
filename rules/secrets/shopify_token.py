from __future__ import annotations

from stagewarden.rule import HIGH, Invalid, SecretRule, Valid
from stagewarden.rules.secrets.common import looks_random
from stagewarden.rules.secrets.fake import hexdigits


def _token(prefix: str = "shpat_", seed: int = 1, length: int = 32) -> str:
    return prefix + hexdigits(length, seed)


class ShopifyToken(SecretRule):
    """
    ## What it does
    Finds Shopify tokens by their prefixes, each followed by 32 lowercase hex digits:
    Admin API access tokens (`shpat_`), custom app tokens (`shpca_`), private app
    passwords (`shppa_`) and app shared secrets (`shpss_`).

    ## Why is this bad?
    An Admin API token reads and changes the store with the app's scopes: orders,
    customers' names and addresses, products, prices, discounts, themes. A shared secret
    signs webhooks and OAuth requests, so whoever has it can forge them.

    ## Example
    ```python
    session = shopify.Session(shop_url, "2024-07", "shpat_...")
    ```

    ## Use instead
    ```python
    session = shopify.Session(shop_url, "2024-07", os.environ["SHOPIFY_ACCESS_TOKEN"])
    ```

    ## Options
    None.

    ## Fix safety
    No fix: rotate the token or secret (uninstall and reinstall the app, or rotate the
    API secret in the Partner Dashboard), then remove it from the history.

    ## References
    - [Shopify: About authentication and authorization](https://shopify.dev/docs/apps/build/authentication-authorization)
    - [Shopify: Access tokens for custom apps in the Shopify admin](https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/generate-app-access-tokens-admin)
    - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    """

    id = "SW341"
    name = "shopify-token"
    summary = "Shopify access token, private app password or shared secret"
    kind = "Shopify token"
    hint = "rotate the token or secret in Shopify, then load it from the environment or a secret manager"
    severity = HIGH
    confidence = HIGH
    keywords = ("shpat_", "shpca_", "shppa_", "shpss_")
    pattern = r"(?<![A-Za-z0-9_])(?P<secret>shp(?:at|ca|pa|ss)_[0-9a-f]{32})(?![A-Za-z0-9_])"

    def validate(self, secret, match, line):
        return looks_random(secret[6:])

    VALID = [
        Valid('PREFIXES = ("shpat_", "shpca_", "shppa_", "shpss_")\n'),
        Valid("SHOPIFY_ACCESS_TOKEN=shpat_your_token_here\n", path=".env"),
        Valid(f'token = "{_token(length=31)}"\n'),  # too short
        Valid(f'token = "{_token(seed=2).upper()}"\n'),  # not the lowercase alphabet Shopify uses
        Valid(f'token = "shpat_{"0" * 32}"\n'),
        Valid('session = shopify.Session(shop_url, "2024-07", os.environ["SHOPIFY_ACCESS_TOKEN"])\n'),
    ]
    INVALID = [
        Invalid(f"SHOPIFY_ACCESS_TOKEN={_token()}\n", 1, path=".env"),
        Invalid(f"shopify:\n  shop: demo.myshopify.com\n  api_secret: {_token('shpss_', 2)}\n", 3, path="config.yaml"),
        Invalid(f'{{"shopify": {{"password": "{_token("shppa_", 3)}"}}}}\n', 1, path="settings.json"),
        Invalid(f"#!/bin/sh\ncurl -H 'X-Shopify-Access-Token: {_token('shpca_', 4)}' \\\n"
                "  https://demo.myshopify.com/admin/api/2024-07/shop.json\n",
                2, path="deploy.sh"),
        Invalid(f"FROM node:20\nENV SHOPIFY_TOKEN={_token(seed=5)}\n", 2, path="Dockerfile"),
        Invalid(f'import shopify\n\nsession = shopify.Session("demo.myshopify.com", "2024-07", "{_token(seed=6)}")\n', 3, path="app.py"),
        Invalid(f"Admin token: {_token(seed=7)}\n", 1, path="notebook.md"),
    ]
