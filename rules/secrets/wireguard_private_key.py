from __future__ import annotations

import base64
import binascii
import random

from stagewarden.rule import HIGH, Invalid, SecretRule, Valid


def _key(seed: int = 1) -> str:
    """A 32-byte Curve25519 key in base64, as `wg genkey` prints it."""
    return base64.b64encode(random.Random(f"wg:{seed}").getrandbits(256).to_bytes(32, "little")).decode()


class WireGuardPrivateKey(SecretRule):
    """
    ## What it does
    Finds WireGuard private keys and preshared keys written in a configuration: a
    `PrivateKey = ...` line (the `[Interface]` section of a `wg0.conf`, a `wg-quick` file, a
    heredoc in a provisioning script) or a `PresharedKey = ...` line (a `[Peer]` section),
    whose value is 44 characters of base64 that decode to 32 bytes. `PublicKey` lines are
    public and are not reported.

    ## Why is this bad?
    The interface's private key is the tunnel's identity: whoever holds it can impersonate
    the host to every peer that trusts its public key, and read the traffic sent to it. A
    preshared key is the symmetric layer peers add on top; leaking it removes that layer.

    ## Example
    ```ini
    [Interface]
    Address = 10.0.0.1/24
    PrivateKey = ...
    ```

    ## Use instead
    ```ini
    [Interface]
    Address = 10.0.0.1/24
    PostUp = wg set %i private-key /etc/wireguard/private.key
    ```
    Generate the key on the host (`wg genkey`) and keep it out of the repository.

    ## Options
    None.

    ## Fix safety
    No fix: generate a new key pair, replace the public key on every peer, then remove the
    old key from the history.

    ## References
    - [WireGuard: Quick start (key generation)](https://www.wireguard.com/quickstart/)
    - [wg(8): configuration file format](https://man7.org/linux/man-pages/man8/wg.8.html)
    - [CWE-321: Use of Hard-coded Cryptographic Key](https://cwe.mitre.org/data/definitions/321.html)
    """

    id = "SW367"
    name = "wireguard-private-key"
    summary = "WireGuard private key or preshared key"
    kind = "WireGuard private key"
    hint = "generate a new key pair with `wg genkey`, update the peers, and keep the key on the host or in a secret manager"
    severity = HIGH
    confidence = HIGH
    cwe = (321, 798)
    keywords = ("privatekey", "presharedkey")
    # 32 bytes: 42 base64 characters, one whose low two bits are zero, and "=".
    pattern = (r"(?<![A-Za-z0-9_])(?i:privatekey|presharedkey)[\"']?\s*=\s*[\"']?"
               r"(?P<secret>[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=)(?![A-Za-z0-9+/=])")

    def validate(self, secret, match, line):
        try:
            return len(base64.b64decode(secret, validate=True)) == 32
        except binascii.Error:
            return False

    VALID = [
        Valid(f"[Peer]\nPublicKey = {_key(1)}\nAllowedIPs = 10.0.0.2/32\n", path="wg0.conf"),
        Valid("[Interface]\nPrivateKey = <private key of this host>\n", path="wg0.conf"),
        Valid("[Interface]\nPrivateKey = ${WG_PRIVATE_KEY}\n", path="templates/wg0.conf"),
        Valid(f"PrivateKey = {_key(2)[:-2]}=\n", path="wg0.conf"),  # 43 characters
        Valid("[Interface]\nPostUp = wg set %i private-key /etc/wireguard/private.key\n", path="wg0.conf"),
    ]
    INVALID = [
        Invalid(f"[Interface]\nAddress = 10.0.0.1/24\nPrivateKey = {_key(3)}\nListenPort = 51820\n", 3, path="wg0.conf"),
        Invalid(f"[Interface]\nPrivateKey={_key(4)}\n\n[Peer]\nPublicKey = {_key(5)}\nPresharedKey = {_key(6)}\n",
                2, 6, path="vpn/client.conf"),
        Invalid(f"cat > /etc/wireguard/wg0.conf <<EOF\n[Interface]\nPrivateKey = {_key(7)}\nEOF\n", 3, path="deploy.sh"),
        Invalid(f"wireguard:\n  config: |\n    [Interface]\n    PrivateKey = {_key(8)}\n", 4, path="config.yaml"),
    ]
