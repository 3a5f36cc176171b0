from __future__ import annotations

import libcst as cst

from stagewarden.rule import LOW, MEDIUM, Invalid, PythonRule

_ALL_HOSTS = frozenset(["0.0.0.0", "::"])
# In an address tuple, as for socket.bind, the empty string also means every interface.
_ALL_ADDRESSES = _ALL_HOSTS | {""}

# Servers taking the host to listen on as a string: qualified name -> (keyword, position or None).
_HOST_APIS = {
    "flask.Flask().run": ("host", 0),
    "flask_socketio.SocketIO().run": ("host", 1),
    "uvicorn.run": ("host", None),
    "uvicorn.Config": ("host", None),
    "uvicorn.config.Config": ("host", None),
    "aiohttp.web.run_app": ("host", None),
    "aiohttp.web.TCPSite": ("host", 1),
    "asyncio.start_server": ("host", 1),
    "werkzeug.serving.run_simple": ("hostname", 0),
    "werkzeug.run_simple": ("hostname", 0),
    "wsgiref.simple_server.make_server": ("host", 0),
    "waitress.serve": ("host", None),
}
# Servers taking an address tuple `(host, port)`: qualified name -> (keyword, position).
_ADDRESS_APIS = {
    f"{module}.{server}": ("server_address", 0)
    for module in ("socketserver", "SocketServer")
    for server in (
        "TCPServer", "UDPServer", "ThreadingTCPServer", "ThreadingUDPServer", "ForkingTCPServer", "ForkingUDPServer",
    )
}
_ADDRESS_APIS.update(
    {
        "http.server.HTTPServer": ("server_address", 0),
        "http.server.ThreadingHTTPServer": ("server_address", 0),
        "BaseHTTPServer.HTTPServer": ("server_address", 0),
        "xmlrpc.server.SimpleXMLRPCServer": ("addr", 0),
        "socket.create_server": ("address", 0),
        "gevent.pywsgi.WSGIServer": ("listener", 0),
    }
)
_KNOWN = {**_HOST_APIS, **_ADDRESS_APIS}
# Attribute names worth resolving: the last part of every known API, plus the any-receiver methods.
_ATTRIBUTES = frozenset(name.rsplit(".", 1)[-1] for name in _KNOWN) | {"bind", "create_server"}
_ZMQ_ALL = ("tcp://*:", "tcp://0.0.0.0:", "tcp://[::]:")


class BindAllInterfaces(PythonRule):
    """
    ## What it does
    Finds servers told to listen on every network interface: `"0.0.0.0"` or `"::"` as the host
    of `Flask().run`, Flask-SocketIO's `run`, `uvicorn.run` / `uvicorn.Config`,
    `aiohttp.web.run_app` / `TCPSite`, `asyncio.start_server`, `loop.create_server`,
    `werkzeug.serving.run_simple`, `wsgiref.simple_server.make_server` and `waitress.serve`;
    `("0.0.0.0", port)`, `("::", port)` or `("", port)` as the address of `socketserver` and
    `http.server` servers, `socket.create_server` and gevent's `WSGIServer`; the same address
    tuple passed to any `.bind(...)` (medium confidence); and ZeroMQ's `.bind("tcp://*:port")`.
    Module constants (`HOST = "0.0.0.0"`) are followed. An address with port `0` (a throw-away
    socket to find a free port, a test server) is not reported.

    `.run(host="0.0.0.0")` on an object the rule cannot trace to a known server (an app made
    by the project's own factory) is reported with low confidence. The string elsewhere
    (comparisons, log messages, argparse defaults) is not reported, and neither is a host read
    from the environment or settings.

    ## Why is this bad?
    A service bound to all interfaces is reachable from every network the machine is on, not
    just the one it was meant for: a development server, a debug console or an internal API
    ends up exposed on a public or shared network, often without authentication. Inside a
    container this is usually what you want; make it an explicit, configured choice.

    ## Example
    ```python
    from flask import Flask

    app = Flask(__name__)
    app.run(host="0.0.0.0", port=8000)
    ```

    ## Use instead
    ```python
    import os
    from flask import Flask

    app = Flask(__name__)
    app.run(host=os.environ.get("HOST", "127.0.0.1"), port=8000)
    ```

    ## Options
    None.

    ## Fix safety
    No fix is offered: listening on all interfaces is sometimes required (in a container), and
    which interface to use instead depends on the deployment.

    ## References
    - [CWE-200: Exposure of Sensitive Information to an Unauthorized Actor](https://cwe.mitre.org/data/definitions/200.html)
    - [CWE-605: Multiple Binds to the Same Port](https://cwe.mitre.org/data/definitions/605.html)
    - [Python docs: socket address families](https://docs.python.org/3/library/socket.html#socket-families)
    - [Flask: Externally visible server](https://flask.palletsprojects.com/en/latest/quickstart/#debug-mode)
    - [Uvicorn: settings (--host)](https://www.uvicorn.org/settings/#socket-binding)
    """

    id = "SW121"
    name = "bind-all-interfaces"
    summary = "Server listening on all network interfaces"
    hint = 'listen on 127.0.0.1 or a specific interface, and read the host from configuration'
    severity = MEDIUM
    confidence = MEDIUM
    cwe = (200, 605)
    tags = ("network",)
    bandit = ("B104",)
    ruff = ("S104",)
    # "0.0.0.0" and "::" hold no identifier, so the triggers name the calls: `host` for every API
    # taking it by keyword, `bind`, and the member name of each API taking the host by position.
    triggers = (
        "host", "bind", "Flask", "SocketIO", "TCPSite", "start_server", "create_server", "run_simple", "make_server",
        "TCPServer", "UDPServer", "ThreadingTCPServer", "ThreadingUDPServer", "ForkingTCPServer", "ForkingUDPServer",
        "HTTPServer", "ThreadingHTTPServer", "SimpleXMLRPCServer", "pywsgi",
    )

    VALID = [
        "from flask import Flask\napp = Flask(__name__)\napp.run(host='127.0.0.1')\n",
        "import os, uvicorn\nuvicorn.run(app, host=os.environ.get('HOST', '0.0.0.0'))\n",
        # The string elsewhere: a comparison, a log message, an argparse default.
        "import logging\nif host == '0.0.0.0':\n    logging.warning('listening on 0.0.0.0')\n",
        "import argparse\nparser = argparse.ArgumentParser()\nparser.add_argument('--host', default='0.0.0.0')\n",
        # Same method names on unrelated objects.
        "import subprocess\nsubprocess.run(['serve'], check=True)\n",
        "import sqlalchemy\nsession.bind(engine)\nsignal.bind('<Button-1>', callback)\n",
        "import socket\nsock = socket.socket()\nsock.bind(('127.0.0.1', 8080))\n",
        "import socket\nsock.connect(('0.0.0.0', 8080))\n",
        "import http.server\nserver = http.server.HTTPServer(('localhost', 8000), Handler)\n",
        # A local function called run.
        "def run(host):\n    print(host)\nrun(host='0.0.0.0')\n",
        "import zmq\nsocket.bind('tcp://127.0.0.1:5555')\n",
        # Port 0: the usual "find a free port" helper.
        "import socket\ndef free_port():\n    with socket.socket() as s:\n        s.bind(('', 0))\n        return s.getsockname()[1]\n",
    ]
    INVALID = [
        Invalid("from flask import Flask\napp = Flask(__name__)\napp.run(host='0.0.0.0', debug=True)\n", 3),
        Invalid("import flask as f\napp = f.Flask(__name__)\napp.run('0.0.0.0', 5000)\n", 3),
        Invalid("from uvicorn import run as serve\nHOST = '0.0.0.0'\nserve(app, host=HOST, port=8000)\n", 3),
        Invalid("import uvicorn\nuvicorn.run(app, **{'host': '::', 'port': 8000})\n", 2),
        Invalid("from http.server import *\nserver = HTTPServer(('', 8000), SimpleHTTPRequestHandler)\n", 2),
        Invalid("import socketserver\nADDRESS = ('0.0.0.0', 9000)\nwith socketserver.ThreadingTCPServer(ADDRESS, Handler) as server:\n    server.serve_forever()\n", 3),
        Invalid("import asyncio\nasync def main():\n    loop = asyncio.get_running_loop()\n    await loop.create_server(\n        Protocol,\n        '0.0.0.0',\n        8888,\n    )\n", 6),
        Invalid("import asyncio\nasync def main():\n    await asyncio.start_server(handle, host='0.0.0.0', port=8888)\n", 3),
        Invalid("from werkzeug.serving import run_simple\nrun_simple('0.0.0.0', 5000, app)\n", 2),
        Invalid("from aiohttp import web\nweb.run_app(app, host='0.0.0.0')\n", 2),
        Invalid("import socket\nsock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)\nsock.bind(('0.0.0.0', 31137))\n", 3),
        Invalid("import socket\ns = socket.socket(socket.AF_INET6)\ns.bind(('::', 8080, 0, 0))\n", 3),
        Invalid("import zmq\nsock = zmq.Context().socket(zmq.REP)\nsock.bind('tcp://*:5555')\n", 3),
        # An app made by a factory: low confidence.
        Invalid("from myapp import create_app\napp = create_app()\nif __name__ == '__main__':\n    app.run(host='0.0.0.0')\n", 4),
        Invalid(
            "from aiohttp import web\nimport waitress, uvicorn\nsite = web.TCPSite(runner, '0.0.0.0', 8080)\n"
            "waitress.serve(app, host='0.0.0.0')\nconfig = uvicorn.Config(app, host='::')\n",
            3, 4, 5,
        ),
        Invalid(
            "import socket\nfrom wsgiref.simple_server import make_server\nfrom gevent.pywsgi import WSGIServer\n"
            "from xmlrpc.server import SimpleXMLRPCServer\ns = socket.create_server(('0.0.0.0', 8080))\n"
            "w = make_server('0.0.0.0', 8000, app)\ng = WSGIServer(('0.0.0.0', 5000), app)\nx = SimpleXMLRPCServer(('', 8000))\n",
            5, 6, 7, 8,
        ),
        Invalid("from flask_socketio import SocketIO\nsocketio = SocketIO(app)\nsocketio.run(app, '0.0.0.0')\n", 3),
    ]

    def visit_Call(self, node: cst.Call, ctx) -> None:
        func = node.func
        if isinstance(func, cst.Attribute):
            attr = func.attr.value
            if attr not in _ATTRIBUTES:
                return
        elif not isinstance(func, cst.Name):
            return
        else:
            attr = None
        name = ctx.match(func, _KNOWN)
        if name is not None:
            keyword, index = _KNOWN[name]
            value = ctx.argument(node, keyword, index)
            if value is None:
                return
            if name in _HOST_APIS:
                self._check_host(ctx, value, keyword)
            else:
                self._check_address(ctx, value)
            return
        if attr == "bind" and len(node.args) == 1 and node.args[0].keyword is None and not node.args[0].star:
            self._check_address(ctx, node.args[0].value, zmq=True)
        elif attr == "create_server":
            value = ctx.argument(node, "host", 1)
            if value is not None:
                self._check_host(ctx, value, "host")
        elif attr == "run":
            # `app.run(host="0.0.0.0")` on an app we cannot trace to Flask (a factory's result).
            value = ctx.keyword(node, "host")
            if value is not None:
                self._check_host(ctx, value, "host", confidence=LOW)

    def _check_host(self, ctx, value: cst.BaseExpression, keyword: str, confidence=None) -> None:
        host = ctx.literal(value)
        if host in _ALL_HOSTS:
            self.report(ctx, value, f"server listens on all network interfaces ({keyword}={host!r})", confidence=confidence)

    def _check_address(self, ctx, value: cst.BaseExpression, zmq: bool = False) -> None:
        address = ctx.value_of(value)
        if isinstance(address, cst.Tuple) and len(address.elements) in (2, 4):
            first = address.elements[0]
            if isinstance(first, cst.StarredElement):
                return
            second = address.elements[1]
            if not isinstance(second, cst.StarredElement) and ctx.literal(second.value) == 0:
                return  # port 0: a throw-away socket to find a free port, or a test server
            host = ctx.literal(first.value)
            if host in _ALL_ADDRESSES:
                self.report(ctx, value, f"server listens on all network interfaces (address ({host!r}, ...))")
            return
        if zmq:
            endpoint = ctx.literal(value)
            if isinstance(endpoint, str) and endpoint.startswith(_ZMQ_ALL):
                self.report(ctx, value, f"server listens on all network interfaces ({endpoint!r})")
