from __future__ import annotations

from stagewarden.rule import HIGH, MEDIUM, Invalid, SecretRule, Valid
from stagewarden.rules.secrets.common import looks_random
from stagewarden.rules.secrets.fake import base62

# The test-mode key printed throughout Stripe's documentation (a shared sandbox, not
# anybody's account): only its first characters are kept here, enough to recognize it,
# written in two parts so that no scanner reads a key in this file.
_DOCUMENTED_TEST_KEY = "sk_test_" + "4eC39HqLyjWD"


def _key(prefix: str = "sk_live_", seed: int = 1, length: int = 99) -> str:
    return prefix + base62(length, seed)


class StripeKey(SecretRule):
    """
    ## What it does
    Finds Stripe secret keys (`sk_live_`, `sk_test_`) and restricted keys (`rk_live_`,
    `rk_test_`) followed by 24 to 99 letters and digits. Publishable keys (`pk_live_`,
    `pk_test_`) are meant to ship in web pages and are never reported, nor is the test
    key printed in Stripe's documentation.

    Test-mode keys are reported too, at MEDIUM severity: they move no money, but a test key
    is still a credential to the account's test data, webhooks and test-mode settings.

    ## Why is this bad?
    A live secret key moves money: it creates charges and refunds, reads customers and
    payment details and changes payouts. A restricted key does whatever its permissions
    allow. Attackers scan public repositories for `sk_live_` within minutes of a push.

    ## Example
    ```python
    stripe.api_key = "sk_live_..."
    ```

    ## Use instead
    ```python
    stripe.api_key = os.environ["STRIPE_SECRET_KEY"]
    ```

    ## Options
    None.

    ## Fix safety
    No fix: roll the key in the Stripe Dashboard (Developers > API keys), then remove it
    from the history.

    ## References
    - [Stripe: API keys](https://docs.stripe.com/keys)
    - [Stripe: Restricted API keys](https://docs.stripe.com/keys#limit-access)
    - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    """

    id = "SW339"
    name = "stripe-key"
    summary = "Stripe secret or restricted API key (live or test mode)"
    kind = "Stripe secret key"
    hint = "roll the key in the Stripe Dashboard, then load it from the environment or a secret manager"
    severity = HIGH
    confidence = HIGH
    keywords = ("sk_live_", "rk_live_", "sk_test_", "rk_test_")
    pattern = r"(?<![A-Za-z0-9_])(?P<secret>[rs]k_(?:live|test)_[A-Za-z0-9]{24,99})(?![A-Za-z0-9_])"

    def validate(self, secret, match, line):
        if secret.startswith(_DOCUMENTED_TEST_KEY):
            return False
        return looks_random(secret[8:])

    def severity_for(self, secret):
        return MEDIUM if secret[3:8] == "test_" else None

    VALID = [
        Valid(f'STRIPE_PUBLISHABLE_KEY = "{_key("pk_live_")}"\n'),  # publishable: public by design
        Valid(f'stripe.api_key = "{_DOCUMENTED_TEST_KEY}{base62(12, 2)}"\n'),  # Stripe's documentation key
        Valid('if key.startswith("sk_live_"):\n    mode = "live"\n'),
        Valid("STRIPE_SECRET_KEY=sk_test_your_key_here\n", path=".env"),
        Valid(f'key = "{_key(length=23)}"\n'),  # too short
        Valid('stripe.api_key = os.environ["STRIPE_SECRET_KEY"]\n'),
    ]
    INVALID = [
        Invalid(f"STRIPE_SECRET_KEY={_key()}\n", 1, path=".env"),
        Invalid(f"payments:\n  stripe_key: {_key('rk_live_', 2, 99)}\n", 2, path="config.yaml"),
        Invalid(f'{{\n  "stripe": {{"secret": "{_key("sk_test_", 3, 99)}"}}\n}}\n', 2, path="settings.json"),
        Invalid(f"#!/bin/sh\ncurl https://api.stripe.com/v1/charges -u {_key('sk_live_', 4, 24)}:\n", 2, path="deploy.sh"),
        Invalid(f"FROM node:20\nENV STRIPE_KEY={_key('rk_test_', 5, 40)}\n", 2, path="Dockerfile"),
        Invalid(f'import stripe\n\nstripe.api_key = "{_key(seed=6)}"\n', 3, path="app.py"),
        Invalid(f"Use `{_key('sk_test_', 7, 99)}` for the staging account.\n", 1, path="notebook.md"),
    ]
