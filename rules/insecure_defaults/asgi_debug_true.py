from __future__ import annotations

import libcst as cst

from stagewarden.rule import HIGH, Invalid, PythonRule, Valid
from stagewarden.rules.insecure_defaults.settings_module import instance_of, is_development_module

# Constructors that take `debug=True`.
_APPS = frozenset(
    [
        "fastapi.FastAPI", "fastapi.applications.FastAPI",
        "starlette.applications.Starlette",
        "litestar.Litestar", "litestar.app.Litestar",
    ]
)
# Apps whose `.run(debug=True)` starts a development server in debug mode.
_RUNNERS = ("quart.Quart", "quart.app.Quart", "sanic.Sanic", "sanic.app.Sanic")
_SANIC = ("sanic.Sanic", "sanic.app.Sanic")
# Apps with a `debug` attribute that turns on traceback pages.
_DEBUG_ATTRIBUTE = (*_APPS, "quart.Quart", "quart.app.Quart")


def _is_on(ctx, expr) -> bool:
    value = ctx.literal(expr)
    return value is True or (type(value) is int and value != 0)


class AsgiDebugTrue(PythonRule):
    """
    ## What it does
    Finds ASGI applications created or run in debug mode: `FastAPI(debug=True)`,
    Starlette's `Starlette(debug=True)`, `Litestar(debug=True)`, `app.debug = True` on those
    apps and on Quart, and `app.run(debug=True)` on a Quart or Sanic app (Sanic's
    `app.run(dev=True)` too). Test code and development scripts (`tests/`, `conftest.py`,
    `run_dev.py`, ...) are skipped.

    ## Why is this bad?
    In debug mode these frameworks answer any unhandled exception with a page showing the
    full stack trace and source lines (Sanic and Quart also auto-reload and log verbosely).
    That tells an attacker your code, file paths, library versions and sometimes data or
    secrets held in local variables.

    ## Example
    ```python
    from fastapi import FastAPI

    app = FastAPI(debug=True)
    ```

    ## Use instead
    ```python
    import os

    from fastapi import FastAPI

    app = FastAPI(debug=os.environ.get("APP_DEBUG") == "1")
    ```

    ## Options
    None.

    ## Fix safety
    No fix is offered: the flag is often wanted locally, so the switch belongs in your
    environment configuration.

    ## References
    - [CWE-489: Active Debug Code](https://cwe.mitre.org/data/definitions/489.html)
    - [CWE-215: Insertion of Sensitive Information Into Debugging Code](https://cwe.mitre.org/data/definitions/215.html)
    - [Starlette: Applications (debug)](https://www.starlette.io/applications/)
    - [FastAPI: FastAPI class reference](https://fastapi.tiangolo.com/reference/fastapi/)
    - [Sanic: Running Sanic (dev mode)](https://sanic.dev/en/guide/running/running.html)
    - [Quart: Deploying to production](https://quart.palletsprojects.com/en/latest/tutorials/deployment.html)
    """

    id = "SW115"
    name = "asgi-debug-true"
    summary = "ASGI application in debug mode"
    hint = "remove debug=True, or read it from an environment variable that is off in production"
    severity = HIGH
    confidence = HIGH
    cwe = (489, 215)
    tags = ("fastapi", "starlette", "quart", "sanic", "web", "debug")
    triggers = ("FastAPI", "Starlette", "Litestar", "Quart", "Sanic")

    VALID = [
        "from fastapi import FastAPI\napp = FastAPI(debug=False)\n",
        "from fastapi import FastAPI\napp = FastAPI(title='api')\n",
        "import os\nfrom fastapi import FastAPI\napp = FastAPI(debug=os.environ.get('APP_DEBUG') == '1')\n",
        "from starlette.applications import Starlette\nfrom .config import settings\napp = Starlette(debug=settings.DEBUG)\n",
        # asyncio.run, not an app.
        "import asyncio\nimport fastapi\nasyncio.run(main(), debug=True)\n",
        # A local function with the same name.
        "def FastAPI(**options):\n    return options\napp = FastAPI(debug=True)\n",
        # `.debug` on an unrelated object.
        "import fastapi\nconfig.debug = True\n",
        "from quart import Quart\napp = Quart(__name__)\napp.run(debug=False)\n",
        "from sanic import Sanic\napp = Sanic('api')\napp.run(host='0.0.0.0', port=8000)\n",
        Valid("from fastapi import FastAPI\napp = FastAPI(debug=True)\n", path="tests/conftest.py"),
    ]
    INVALID = [
        Invalid("from fastapi import FastAPI\napp = FastAPI(debug=True)\n", 2),
        Invalid("import fastapi as fa\napp = fa.FastAPI(title='api', debug=True)\n", 2),
        Invalid("from starlette.applications import Starlette as S\nDEBUG = True\napp = S(routes=routes, debug=DEBUG)\n", 3),
        Invalid("from fastapi import *\napp = FastAPI(**{'debug': True})\n", 2),
        Invalid("from fastapi import FastAPI\napp = FastAPI()\napp.debug = True\n", 3),
        Invalid("from fastapi import *\napp = FastAPI()\napp.debug = True\n", 3),
        Invalid("from quart import Quart\napp = Quart(__name__)\napp.run(\n    port=8000,\n    debug=True,\n)\n", 5),
        Invalid("from sanic import Sanic\napp = Sanic('api')\napp.run(host='0.0.0.0', debug=True)\napp.run(dev=True)\n", 3, 4),
        Invalid("import litestar\napp = litestar.Litestar(route_handlers=[index], debug=True)\n", 2),
        Invalid(
            "from fastapi import FastAPI\nclass Service:\n    def __init__(self):\n        self.app = FastAPI()\n"
            "    def enable(self):\n        self.app.debug = True\n",
            6,
        ),
    ]

    def visit_Call(self, node: cst.Call, ctx) -> None:
        if not node.args or is_development_module(ctx):
            return
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value == "run":
            value = ctx.keyword(node, "debug")
            spelling = "debug=True"
            if not _is_on(ctx, value) and instance_of(ctx, func.value, _SANIC) is not None:
                value, spelling = ctx.keyword(node, "dev"), "dev=True"
            if _is_on(ctx, value) and instance_of(ctx, func.value, _RUNNERS) is not None:
                self.report(ctx, value, f"ASGI application run in debug mode ({spelling})")
            return
        if ctx.match(func, _APPS) is not None:
            value = ctx.keyword(node, "debug")
            if _is_on(ctx, value):
                self.report(ctx, value, "ASGI application in debug mode (debug=True)")

    def visit_Assign(self, node: cst.Assign, ctx) -> None:
        for target in node.targets:
            target = target.target
            if (
                isinstance(target, cst.Attribute)
                and target.attr.value == "debug"
                and _is_on(ctx, node.value)
                and instance_of(ctx, target.value, _DEBUG_ATTRIBUTE) is not None
                and not is_development_module(ctx)
            ):
                self.report(ctx, node.value, "ASGI application in debug mode (app.debug = True)")
