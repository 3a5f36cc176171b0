from __future__ import annotations

import libcst as cst

from stagewarden.rule import HIGH, MEDIUM, Invalid, PythonRule

# Qualified name -> (protocol, what to use instead).
_CLEARTEXT = {
    "telnetlib.Telnet": ("Telnet", "use SSH (paramiko, asyncssh or fabric) instead of Telnet"),
    "ftplib.FTP": ("FTP", "use ftplib.FTP_TLS (and call prot_p()) or SFTP instead of FTP"),
}


class CleartextProtocol(PythonRule):
    """
    ## What it does
    Finds connections made with cleartext remote-access protocols: `telnetlib.Telnet(...)` and
    `ftplib.FTP(...)`. `ftplib.FTP_TLS` is fine.

    ## Why is this bad?
    Telnet and FTP send everything, user name and password included, unencrypted. Anyone who
    can see the traffic (a shared Wi-Fi, a compromised router, a cloud neighbour on the same
    network) can read the credentials and the data, and change the data in transit.

    ## Example
    ```python
    import ftplib

    ftp = ftplib.FTP("files.example.com")
    ftp.login("deploy", password)
    ```

    ## Use instead
    ```python
    import ftplib

    ftp = ftplib.FTP_TLS("files.example.com")
    ftp.login("deploy", password)
    ftp.prot_p()  # encrypt the data channel too
    ```

    ## Options
    None.

    ## Fix safety
    No fix is offered: the server must support FTPS (or SSH), and the calls that follow differ.

    ## References
    - [CWE-319: Cleartext Transmission of Sensitive Information](https://cwe.mitre.org/data/definitions/319.html)
    - [Python docs: ftplib.FTP_TLS](https://docs.python.org/3/library/ftplib.html#ftplib.FTP_TLS)
    - [Python docs: telnetlib (deprecated, removed in 3.13)](https://docs.python.org/3.12/library/telnetlib.html)
    """

    id = "SW135"
    name = "cleartext-protocol"
    summary = "Connection over a cleartext protocol (Telnet, FTP)"
    hint = "use an encrypted protocol: SSH/SFTP, or ftplib.FTP_TLS"
    severity = MEDIUM
    confidence = HIGH
    cwe = (319,)
    tags = ("network",)
    bandit = ("B312", "B321", "B401", "B402")
    ruff = ("S312", "S321", "S401", "S402")
    triggers = ("telnetlib", "ftplib")

    VALID = [
        "import ftplib\nftp = ftplib.FTP_TLS('files.example.com')\nftp.prot_p()\n",
        "from ftplib import FTP_TLS\nwith FTP_TLS('files.example.com') as ftp:\n    ftp.login(user, password)\n",
        # Imported or mentioned, not connected with.
        "import ftplib\ntry:\n    pass\nexcept ftplib.all_errors:\n    pass\n",
        "import telnetlib\nclass FakeTelnet(telnetlib.Telnet):\n    pass\n",
        # Same names, other modules or our own.
        "class FTP:\n    pass\nclient = FTP('host')\n",
        "from mylib.transports import Telnet\nconn = Telnet(host)\n",
        "import ftplib\nfrom pyftpdlib.servers import FTPServer\nserver = FTPServer(('127.0.0.1', 21), handler)\n",
    ]
    INVALID = [
        Invalid("import ftplib\nftp = ftplib.FTP('files.example.com')\n", 2),
        Invalid("import telnetlib\ntn = telnetlib.Telnet(host, 23, timeout=5)\n", 2),
        Invalid("import ftplib as f\nftp = f.FTP()\nftp.connect(host)\n", 2),
        Invalid("from ftplib import FTP as Client\nwith Client('files.example.com') as ftp:\n    ftp.login()\n", 2),
        Invalid("from telnetlib import *\ntn = Telnet(host)\n", 2),
        # A module constant holding the class, and a multi-line call.
        Invalid("import ftplib\nFTP_CLASS = ftplib.FTP\nftp = FTP_CLASS(\n    'files.example.com',\n    timeout=30,\n)\n", 3),
        Invalid("import ftplib\nclass Uploader:\n    def __init__(self, host):\n        self.ftp = ftplib.FTP(host, **{'timeout': 10})\n", 4),
    ]

    def visit_Call(self, node: cst.Call, ctx) -> None:
        name = ctx.match_call(node, _CLEARTEXT)
        if name is None:
            return
        protocol, hint = _CLEARTEXT[name]
        self.report(ctx, node, f"{protocol} sends credentials in cleartext ({name})", hint=hint)
