from __future__ import annotations

import libcst as cst

from stagewarden.rule import HIGH, MEDIUM, Invalid, PythonRule

# Where pysnmp's high-level API lives across versions (4.x, 5.x, 6.x/7.x): used to resolve
# names brought in by `from <module> import *`. Explicit imports resolve from any pysnmp module.
_PYSNMP_MODULES = (
    "pysnmp.hlapi", "pysnmp.hlapi.auth", "pysnmp.hlapi.asyncio", "pysnmp.hlapi.asyncore",
    "pysnmp.hlapi.asyncore.sync", "pysnmp.hlapi.twisted", "pysnmp.hlapi.v1arch", "pysnmp.hlapi.v1arch.asyncio",
    "pysnmp.hlapi.v1arch.asyncore", "pysnmp.hlapi.v3arch", "pysnmp.hlapi.v3arch.asyncio",
    "pysnmp.hlapi.v3arch.asyncore", "pysnmp.hlapi.v3arch.auth", "pysnmp.entity.config",
)
_VERSIONS = {0: "SNMPv1", 1: "SNMPv2c"}


class SnmpInsecure(PythonRule):
    """
    ## What it does
    Finds pysnmp credentials that travel unprotected: `CommunityData(...)` (SNMPv1 with
    `mpModel=0`, SNMPv2c with `mpModel=1`, which is also the default), and SNMPv3
    `UsmUserData(user)` without an `authKey` (noAuthNoPriv) or without a `privKey`
    (authNoPriv), including `authProtocol=usmNoAuthProtocol` / `privProtocol=usmNoPrivProtocol`.
    Names are resolved from any pysnmp module (`pysnmp.hlapi`, `pysnmp.hlapi.asyncio`,
    `pysnmp.hlapi.v3arch.asyncio`, ...). A call that passes `*args` / `**kwargs`, or an
    `mpModel` the rule cannot read, is not reported.

    ## Why is this bad?
    SNMPv1 and v2c authenticate with a community string sent in cleartext with every request:
    anyone who sees one packet can read (and, with a write community, reconfigure) the device.
    SNMPv3 without authentication has no identity check at all, and without privacy every
    value, configuration included, crosses the network unencrypted.

    ## Example
    ```python
    from pysnmp.hlapi import CommunityData, UsmUserData

    credentials = CommunityData("public", mpModel=1)
    v3 = UsmUserData("monitor", "auth-secret")
    ```

    ## Use instead
    ```python
    from pysnmp.hlapi import UsmUserData, usmAesCfb128Protocol, usmHMACSHAAuthProtocol

    credentials = UsmUserData(
        "monitor", auth_key, priv_key,
        authProtocol=usmHMACSHAAuthProtocol, privProtocol=usmAesCfb128Protocol,
    )
    ```

    ## Options
    None.

    ## Fix safety
    No fix is offered: moving to SNMPv3 authPriv needs keys configured on the devices.

    ## References
    - [CWE-319: Cleartext Transmission of Sensitive Information](https://cwe.mitre.org/data/definitions/319.html)
    - [PySNMP (CommunityData, UsmUserData)](https://github.com/lextudio/pysnmp)
    - [RFC 3414: User-based Security Model for SNMPv3](https://www.rfc-editor.org/rfc/rfc3414)
    - [CISA: Reducing the Risk of SNMP Abuse](https://www.cisa.gov/news-events/alerts/2017/06/05/reducing-risk-snmp-abuse)
    """

    id = "SW147"
    name = "snmp-insecure"
    summary = "SNMP credentials sent without protection"
    hint = "use SNMPv3 UsmUserData(user, authKey, privKey) with SHA authentication and AES privacy"
    severity = MEDIUM
    confidence = HIGH
    cwe = (319,)
    tags = ("network", "snmp")
    bandit = ("B508", "B509")
    ruff = ("S508", "S509")
    triggers = ("pysnmp",)

    VALID = [
        "from pysnmp.hlapi import UsmUserData\ncreds = UsmUserData('monitor', auth_key, priv_key)\n",
        (
            "from pysnmp.hlapi import UsmUserData, usmHMACSHAAuthProtocol, usmAesCfb128Protocol\n"
            "creds = UsmUserData('monitor', authKey=a, privKey=p, authProtocol=usmHMACSHAAuthProtocol, privProtocol=usmAesCfb128Protocol)\n"
        ),
        # Same class names elsewhere, and our own.
        "from mymonitoring.auth import CommunityData\ncreds = CommunityData('public', mpModel=0)\n",
        "class UsmUserData:\n    pass\ncreds = UsmUserData('monitor')\n",
        # Cannot tell: arguments from **kwargs, or an mpModel read from settings.
        "from pysnmp.hlapi import UsmUserData\ncreds = UsmUserData('monitor', **settings.SNMP_KEYS)\n",
        "from pysnmp.hlapi import CommunityData\ncreds = CommunityData('public', mpModel=settings.SNMP_MODEL)\n",
        "import pysnmp.hlapi\nassert isinstance(creds, pysnmp.hlapi.CommunityData)\n",
    ]
    INVALID = [
        Invalid("from pysnmp.hlapi import CommunityData\ncreds = CommunityData('public', mpModel=0)\n", 2),
        Invalid("import pysnmp.hlapi as snmp\ncreds = snmp.CommunityData('public', mpModel=1)\n", 2),
        Invalid("from pysnmp.hlapi.asyncio import CommunityData as Community\nMODEL = 0\ncreds = Community('public', mpModel=MODEL)\n", 3),
        Invalid("from pysnmp.hlapi import *\ncreds = CommunityData('public')\n", 2),
        Invalid("from pysnmp.hlapi.v3arch.asyncio import CommunityData\ncreds = CommunityData('public', **{'mpModel': 0})\n", 2),
        Invalid("from pysnmp.hlapi import UsmUserData\ncreds = UsmUserData('monitor')\n", 2),
        Invalid("from pysnmp.hlapi import UsmUserData\ncreds = UsmUserData('monitor', 'authkey123')\n", 2),
        Invalid("from pysnmp.hlapi import *\ncreds = UsmUserData('monitor', k1, k2, privProtocol=usmNoPrivProtocol)\n", 2),
        Invalid("from pysnmp import hlapi\ncreds = hlapi.UsmUserData(\n    'monitor',\n    authKey='authkey123',\n    privKey=None,\n)\n", 2),
        Invalid("from pysnmp.hlapi import *\ndef walk(host):\n    return getCmd(\n        SnmpEngine(),\n        CommunityData('public', mpModel=1),\n        UdpTransportTarget((host, 161)),\n    )\n", 5),
    ]

    def visit_Call(self, node: cst.Call, ctx) -> None:
        func = node.func
        if isinstance(func, cst.Attribute):
            if func.attr.value not in ("CommunityData", "UsmUserData"):
                return
        elif not isinstance(func, cst.Name):
            return
        if _is_pysnmp(ctx, func, "CommunityData"):
            self._check_community(node, ctx)
        elif _is_pysnmp(ctx, func, "UsmUserData"):
            self._check_usm(node, ctx)

    def _check_community(self, call: cst.Call, ctx) -> None:
        model = ctx.argument(call, "mpModel", 2)
        if model is None:
            if ctx.has_star_args(call):
                return
            self.report(ctx, call, "SNMPv2c sends the community string in cleartext (CommunityData, default mpModel=1)")
            return
        version = _VERSIONS.get(ctx.literal(model))
        if version is not None:
            self.report(ctx, call, f"{version} sends the community string in cleartext (CommunityData(mpModel={ctx.literal(model)}))")

    def _check_usm(self, call: cst.Call, ctx) -> None:
        star = ctx.has_star_args(call)
        auth_key = ctx.argument(call, "authKey", 1)
        auth_protocol = ctx.argument(call, "authProtocol", 3)
        if _disabled(ctx, auth_key, auth_protocol, "usmNoAuthProtocol", star):
            self.report(ctx, call, "SNMPv3 without authentication or encryption (UsmUserData noAuthNoPriv)")
            return
        priv_key = ctx.argument(call, "privKey", 2)
        priv_protocol = ctx.argument(call, "privProtocol", 4)
        if _disabled(ctx, priv_key, priv_protocol, "usmNoPrivProtocol", star):
            self.report(ctx, call, "SNMPv3 without encryption (UsmUserData authNoPriv)",
                        hint="pass privKey=... with privProtocol=usmAesCfb128Protocol")


def _is_pysnmp(ctx, expr: cst.BaseExpression, leaf: str) -> bool:
    name = ctx.qualname(expr)
    if name is not None:
        return name.startswith("pysnmp.") and name.endswith(f".{leaf}")
    return ctx.match(expr, [f"{module}.{leaf}" for module in _PYSNMP_MODULES]) is not None


def _disabled(ctx, key, protocol, none_protocol: str, star: bool) -> bool:
    """True when a UsmUserData key is visibly missing/None or its protocol is the `usmNo...` one."""
    if protocol is not None and _is_pysnmp(ctx, protocol, none_protocol):
        return True
    if key is None:
        return not star
    return ctx.literal(key) is None
