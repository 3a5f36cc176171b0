from __future__ import annotations

import libcst as cst

from stagewarden.rule import HIGH, MEDIUM, Invalid, PythonRule, Valid
from stagewarden.rules.insecure_defaults.settings_module import (
    flask_config_items,
    imports_module,
    instance_of,
    is_development_module,
    is_project_receiver,
)

_FLASK = ("flask.Flask", "flask.app.Flask")
# Objects whose `.run(debug=True)` starts the Werkzeug development server with its debugger.
_RUNNERS = (*_FLASK, "flask_socketio.SocketIO", "dash.Dash", "dash.dash.Dash")
_RUN_METHODS = ("run", "run_server")
_FLASK_CONFIG = frozenset([f"{c}().config" for c in _FLASK] + ["flask.current_app.config"])
_RUN_SIMPLE = frozenset(["werkzeug.serving.run_simple", "werkzeug.run_simple"])
_DEBUGGED_APPLICATION = frozenset(["werkzeug.debug.DebuggedApplication"])
_ATTRIBUTES = frozenset([*_RUN_METHODS, "update", "from_mapping", "run_simple", "DebuggedApplication"])
# An application made by the project's factory (`app = create_app()`), or imported from the
# project (`from admin.app import app`), in a file that need not import flask itself.
_APP_FACTORIES = frozenset(["create_app", "make_app", "build_app", "get_app"])
_APP_NAMES = frozenset(["app", "application"])
# Packages whose `run(..., debug=True)` or `app` is not a Flask application's.
_NOT_FLASK = frozenset(
    [
        "asyncio", "trio", "anyio", "unittest", "uvicorn", "gunicorn", "celery", "pytest", "doctest",
        "subprocess", "threading", "multiprocessing", "sanic", "quart", "fastapi", "starlette", "aiohttp",
        "dash", "streamlit", "gradio", "tornado", "bottle", "cherrypy",
    ]
)


def _is_on(ctx, expr: cst.BaseExpression | None) -> bool:
    value = ctx.literal(expr)
    return value is True or (type(value) is int and value != 0)


class FlaskDebugMode(PythonRule):
    """
    ## What it does
    Finds Flask applications started or configured in debug mode: `app.run(debug=True)` on a
    `flask.Flask` (also Flask-SocketIO's `socketio.run(app, debug=True)` and Dash), `app.debug =
    True`, `app.config["DEBUG"] = True`, `app.config.update(DEBUG=True)`, and the Werkzeug
    debugger switched on directly: `run_simple(..., use_debugger=True)` and
    `DebuggedApplication(app, evalex=True)`.

    A `.run(debug=True)` on an object the rule cannot trace (a parameter, the result of a
    local `create_app()`, a relative import) is reported with medium confidence when the file
    imports flask. So is the app-factory pattern in a file that does not import flask: a
    `.run(debug=True)` on an application made by a function named `create_app`, `make_app`,
    `build_app` or `get_app` (`from admin import create_app` then `create_app().run(...)`), or
    on a name `app` / `application` imported from the project (`from admin.app import app`,
    `from . import app`). Names that lead to packages that are not Flask (asyncio, uvicorn,
    sanic, fastapi, bottle, ...) are left alone. Test code and development scripts (`tests/`,
    `conftest.py`, `run_dev.py`, `settings/local.py`, ...) are skipped: debug mode is their
    purpose.

    ## Why is this bad?
    Debug mode turns on the Werkzeug interactive debugger: any exception shows a page with a
    Python console that runs arbitrary code on the server, guarded only by a PIN that is
    derived from guessable machine data and printed in the logs. Debug mode that reaches a
    reachable host is remote code execution; it is also how stack traces, settings and
    source code leak.

    ## Example
    ```python
    from flask import Flask

    app = Flask(__name__)

    if __name__ == "__main__":
        app.run(debug=True)
    ```

    ## Use instead
    ```python
    from flask import Flask

    app = Flask(__name__)

    if __name__ == "__main__":
        app.run()  # locally: `flask --app app run --debug`, never in production
    ```

    ## Options
    None.

    ## Fix safety
    No fix is offered: whether a run is meant for local development only is for you to decide;
    the usual fix is to drop the flag and enable debugging with `flask run --debug`.

    ## References
    - [CWE-489: Active Debug Code](https://cwe.mitre.org/data/definitions/489.html)
    - [CWE-94: Improper Control of Generation of Code ('Code Injection')](https://cwe.mitre.org/data/definitions/94.html)
    - [Flask: Debug Mode](https://flask.palletsprojects.com/en/stable/quickstart/#debug-mode)
    - [Flask: Deploying to Production](https://flask.palletsprojects.com/en/stable/deploying/)
    - [Werkzeug: Debugging Applications](https://werkzeug.palletsprojects.com/en/stable/debug/)
    """

    id = "SW113"
    name = "flask-debug-mode"
    summary = "Flask application in debug mode"
    hint = "turn debug mode off; enable it only on your machine with `flask run --debug`"
    severity = HIGH
    confidence = HIGH
    cwe = (489, 94)
    tags = ("flask", "web", "debug")
    bandit = ("B201",)
    ruff = ("S201",)
    triggers = (
        "flask", "SocketIO", "Dash", "run_simple", "DebuggedApplication",
        *sorted(_APP_FACTORIES), *sorted(_APP_NAMES),
    )
    # Every finding is on a debug flag (`debug=`, `{"debug": ...}`, `DEBUG`, `use_debugger`,
    # `DebuggedApplication`) or a `run_simple()` given it by position: `app` alone is in most
    # web files, and `log.debug(...)` in most of the rest.
    requires = rb"debug\s*=|[\"']debug[\"']|DEBUG|Debug|use_debugger|run_simple"

    VALID = [
        "from flask import Flask\napp = Flask(__name__)\napp.run(debug=False)\n",
        "import os\nfrom flask import Flask\napp = Flask(__name__)\napp.run(debug=os.environ.get('FLASK_DEBUG') == '1')\n",
        "from flask import Flask\napp = Flask(__name__)\napp.run()\n",
        "from flask import Flask\napp = Flask(__name__)\napp.run(host='127.0.0.1', port=5000)\n",
        # asyncio.run resolves to the standard library, not to a Flask app.
        "import asyncio\nimport flask\nasyncio.run(main(), debug=True)\n",
        # No flask import: an unrelated runner with the same method name.
        "class Job:\n    def run(self, debug=False):\n        pass\nJob().run(debug=True)\n",
        "from flask import Flask\napp = Flask(__name__)\napp.config['DEBUG'] = False\napp.config.update(TESTING=True)\n",
        "import os\nfrom flask import Flask\napp = Flask(__name__)\napp.config.update(DEBUG=os.environ.get('FLASK_DEBUG') == '1')\n",
        "from werkzeug.serving import run_simple\nrun_simple('localhost', 5000, app, use_reloader=True)\n",
        "from werkzeug.debug import DebuggedApplication\napp = DebuggedApplication(app, evalex=False)\n",
        # `.debug` on some other object.
        "import logging\nsettings.debug = True\n",
        # A development script: debug mode is its purpose.
        Valid("from myapp import create_app\nimport flask\napp = create_app()\napp.run(debug=True)\n", path="scripts/run_dev.py"),
        Valid("import pytest\n@pytest.fixture\ndef app(app):\n    app.config.update(TESTING=True, DEBUG=True)\n    return app\n", path="tests/conftest.py"),
        # Runners that are not a Flask application, next to the factory and the imported app.
        "import asyncio\nfrom admin import create_app\napp = create_app()\nasyncio.run(main(), debug=True)\n",
        "import uvicorn\nfrom admin.app import app\nuvicorn.run(app, debug=True)\n",
        "from sanic import Sanic\napp = Sanic.get_app()\napp.run(debug=True)\n",
        "from fastapi import FastAPI\napp = FastAPI()\napp.run(debug=True)\n",
        "from bottle import app\napp.run(debug=True)\n",
        "from admin import create_app\napp = create_app()\napp.run(debug=False)\n",
        # A parameter named `app` in a file that does not import flask: cannot tell.
        "def serve(app):\n    app.run(debug=True)\n",
        "import app\napp.run(debug=True)\n",
        Valid("from admin import create_app\napp = create_app()\napp.run(debug=True)\n", path="run_dev.py"),
    ]
    INVALID = [
        Invalid("from flask import Flask\napp = Flask(__name__)\napp.run(debug=True)\n", 3),
        Invalid("import flask as fl\napp = fl.Flask(__name__)\napp.run(host='0.0.0.0', debug=True)\n", 3),
        Invalid("from flask import Flask as F\napp = F(__name__)\nDEBUG = True\napp.run(debug=DEBUG)\n", 4),
        Invalid("from flask import *\napp = Flask(__name__)\napp.run(**{'debug': True, 'port': 8000})\n", 3),
        Invalid(
            "from flask import Flask\napp = Flask(__name__)\nif __name__ == '__main__':\n"
            "    app.run(\n        port=5000,\n        debug=True,\n    )\n",
            6,
        ),
        Invalid(
            "import flask\nclass Server:\n    def __init__(self):\n        self.app = flask.Flask(__name__)\n"
            "    def start(self):\n        self.app.run(debug=True)\n",
            6,
        ),
        # Receiver not traceable (a parameter, a local factory, a relative import): medium confidence.
        Invalid("import flask\ndef main(app):\n    app.run(debug=True)\n", 3),
        Invalid("import flask\nfrom .factory import create_app\napp = create_app()\napp.run(debug=True)\n", 4),
        Invalid(
            "from flask import Flask\napp = Flask(__name__)\napp.debug = True\napp.config['DEBUG'] = True\n"
            "app.config.update(DEBUG=True)\napp.config.from_mapping({'DEBUG': True})\n",
            3, 4, 5, 6,
        ),
        Invalid("from flask import current_app\ncurrent_app.config['DEBUG'] = True\n", 2),
        Invalid("from flask import Flask\nfrom flask_socketio import SocketIO\napp = Flask(__name__)\nsocketio = SocketIO(app)\nsocketio.run(app, debug=True)\n", 5),
        Invalid("from werkzeug.serving import run_simple as serve\nserve('0.0.0.0', 5000, app, use_debugger=True)\n", 2),
        Invalid("import werkzeug.debug\napp = werkzeug.debug.DebuggedApplication(app, evalex=True)\nother = werkzeug.debug.DebuggedApplication(app, True)\n", 2, 3),
        Invalid("import dash\napp = dash.Dash(__name__)\napp.run_server(debug=True)\n", 3),
        # The app-factory pattern in a file that does not import flask: medium confidence.
        Invalid("from admin import create_app\napp = create_app()\napp.run(debug=True)\n", 3),
        Invalid("from .admin import create_app\napp = create_app()\nif __name__ == '__main__':\n    app.run(host='0.0.0.0', debug=True)\n", 4),
        Invalid("from admin.factory import make_app as factory\nfactory('production').run(debug=True)\n", 2),
        Invalid("def build_app():\n    return load_app()\nbuild_app().run(use_debugger=True)\n", 3),
        Invalid("from admin.app import app\napp.run(debug=True)\n", 2),
        Invalid("from . import application\nDEBUG = True\napplication.run(port=8000, debug=DEBUG)\n", 3),
    ]

    def visit_Call(self, node: cst.Call, ctx) -> None:
        if not node.args:
            return
        func = node.func
        if isinstance(func, cst.Attribute):
            attr = func.attr.value
            if attr not in _ATTRIBUTES or is_development_module(ctx):
                return
            if attr in _RUN_METHODS:
                self._check_run(node, func, ctx)
                return
            if attr in ("update", "from_mapping"):
                self._check_config(node, ctx)
                return
        elif not isinstance(func, cst.Name) or is_development_module(ctx):
            return
        if ctx.match(func, _RUN_SIMPLE) is not None:
            value = ctx.argument(node, "use_debugger", 4)
            if _is_on(ctx, value):
                self.report(ctx, value, "Werkzeug debugger enabled (use_debugger=True)",
                            hint="remove use_debugger=True; never expose the debugger outside localhost")
        elif ctx.match(func, _DEBUGGED_APPLICATION) is not None:
            value = ctx.argument(node, "evalex", 1)
            if _is_on(ctx, value):
                self.report(ctx, value, "Werkzeug debugger console enabled (evalex=True)",
                            hint="remove DebuggedApplication from anything but local development")

    def visit_Assign(self, node: cst.Assign, ctx) -> None:
        if is_development_module(ctx):
            return
        for target in node.targets:
            target = target.target
            if (
                isinstance(target, cst.Attribute)
                and target.attr.value == "debug"
                and _is_on(ctx, node.value)
                and instance_of(ctx, target.value, _FLASK) is not None
            ):
                self.report(ctx, node.value, "Flask application in debug mode (app.debug = True)")
        self._check_config(node, ctx)

    def _check_run(self, node: cst.Call, func: cst.Attribute, ctx) -> None:
        value = ctx.keyword(node, "debug")
        spelling = "debug=True"
        if not _is_on(ctx, value):
            value = ctx.keyword(node, "use_debugger")
            spelling = "use_debugger=True"
            if not _is_on(ctx, value):
                return
        if instance_of(ctx, func.value, _RUNNERS) is not None:
            self.report(ctx, value, f"Flask application run in debug mode ({spelling})")
        elif self._untraced_flask_object(func.value, ctx) or _project_app(func.value, ctx):
            self.report(ctx, value, f"Flask application run in debug mode ({spelling})", confidence=MEDIUM)

    def _check_config(self, node: cst.CSTNode, ctx) -> None:
        for config, key, value in flask_config_items(ctx, node):
            if key != "DEBUG" or not _is_on(ctx, value):
                continue
            spelling = 'app.config["DEBUG"] = True' if isinstance(node, cst.Assign) else "DEBUG=True"
            if ctx.match(config, _FLASK_CONFIG) is not None or instance_of(ctx, config.value, _FLASK) is not None:
                self.report(ctx, value, f"Flask application in debug mode ({spelling})")
            elif self._untraced_flask_object(config.value, ctx):
                self.report(ctx, value, f"Flask application in debug mode ({spelling})", confidence=MEDIUM)

    @staticmethod
    def _untraced_flask_object(receiver: cst.BaseExpression, ctx) -> bool:
        """An object we cannot trace, in a file that imports flask (so most likely the app)."""
        return is_project_receiver(ctx, receiver) and imports_module(ctx, "flask")


def _project_app(receiver: cst.BaseExpression, ctx) -> bool:
    """The receiver is the project's application: made by a factory named `create_app`,
    `make_app`, `build_app` or `get_app` (`app = create_app()`, whatever module it comes from
    and under any alias), or a name `app` / `application` imported from the project
    (`from admin.app import app`, `from .wsgi import application`). Not when the name leads
    to a package that is not Flask (asyncio, uvicorn, sanic, ...)."""
    name = ctx.qualname(receiver)
    if name is None:
        # A factory defined in this file (`def create_app(): ...`) is not an import.
        made = ctx.value_of(receiver)
        if isinstance(made, cst.Call):
            func = made.func
            spelled = func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) else ""
            return spelled in _APP_FACTORIES
        return False
    if name.split(".", 1)[0] in _NOT_FLASK:
        return False
    if name.endswith("()"):
        return name[:-2].rsplit(".", 1)[-1] in _APP_FACTORIES
    # `from admin.app import app`, `from . import app`: imported from a module, not `import app`.
    return "(" not in name and "." in name and name.rsplit(".", 1)[-1] in _APP_NAMES
