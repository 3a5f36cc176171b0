from __future__ import annotations

from stagewarden.rule import LOW, MEDIUM, ImportRule, Invalid, Report, Valid


class UndeclaredDependency(ImportRule):
    """
    ## What it does
    Finds imports of third-party packages that exist but that the project does not declare:
    in pyproject.toml (PEP 621 `dependencies` and `optional-dependencies`, PEP 735
    `dependency-groups`, Poetry, PDM and uv tables), requirements files, setup.cfg, setup.py
    or Pipfile. The import is mapped to the distribution that provides it through the
    project's environment, the `package-map` setting, the bundled import-name map (`cv2` is
    provided by opencv-python, `yaml` by PyYAML) and the package index. Imports under
    `try: ... except ImportError:` are optional and not reported. A project with no manifest
    at all (no `[project]` table, requirements file, setup.cfg, setup.py or Pipfile), or one
    that declares its dependencies in a way that cannot be read statically (computed in
    setup.py), is not checked. When only a project *named* like the import is known (from the
    index), the finding is low-confidence and says so: that project may not be the one that
    provides the module.

    ## Why is this bad?
    The code works on the author's machine because the package happens to be installed, and
    fails for everyone else. Worse, `pip install` of the import's name may install an
    unrelated or malicious project with that name (`import sklearn` is scikit-learn, and
    the `sklearn` project is a different one).

    ## Example
    ```python
    # pyproject.toml declares dependencies = ["requests"]
    import requests
    import yaml
    ```

    ## Use instead
    ```toml
    [project]
    dependencies = ["requests", "PyYAML"]
    ```

    ## Options
    None.

    ## Fix safety
    No fix: which manifest and version range to use is the project's choice.

    ## References
    - [PEP 621: Storing project metadata in pyproject.toml](https://peps.python.org/pep-0621/)
    - [PEP 735: Dependency Groups in pyproject.toml](https://peps.python.org/pep-0735/)
    - [deptry: DEP003 transitive dependency](https://deptry.com/rules-violations/)
    """

    id = "SW202"
    name = "undeclared-dependency"
    summary = "Import of a third-party package the project does not declare"
    hint = "add the distribution to the project's dependencies"
    severity = MEDIUM
    confidence = MEDIUM
    cwe = (1104,)
    tags = ("imports",)

    def check(self, fact, verdict):
        if verdict.status != "undeclared" or not verdict.declares or fact.guard in {"try", "sys-path"}:
            return None
        dists = verdict.distributions
        named = f"`{dists[0]}`" + (f" (or {', '.join(f'`{d}`' for d in dists[1:3])})" if len(dists) > 1 else "")
        where = f" in {verdict.manifest}" if verdict.manifest else ""
        if verdict.evidence in {"index", "snapshot"}:
            # Only a project *named* like the import is known: it may not be the one that provides it.
            message = (f"`{verdict.module}` is imported but no declared distribution is known to provide it{where}; "
                       f"a project named {named} exists on the index, but check which distribution provides this module")
            return Report(message, hint="declare the distribution that provides this module (map it in "
                          "[tool.stagewarden.imports] package-map if it is declared under another name)", confidence=LOW)
        message = f"`{verdict.module}` is imported but not declared{where}: it is provided by {named}"
        return Report(message, hint=f"declare {dists[0]} in the project's dependencies (or a dependency group)")

    VALID = [
        Valid("import requests\nimport yaml\n"),
        Valid("import dateutil\n", files={"pyproject.toml": '[project]\nname = "x"\ndependencies = ["python-dateutil>=2"]\n'}),
        Valid("import cv2\n", files={"requirements.txt": "opencv-python-headless==4.10.0.84\n"}),
        Valid("import umap\nimport environ\n", files={"requirements.txt": "umap-learn\ndjango-environ\n"}),
        Valid("import psycopg2\n", files={"requirements.txt": "psycopg2\n"}),
        Valid("import pytest\n", files={"pyproject.toml": '[project]\nname = "x"\n[dependency-groups]\ntest = ["pytest>=8"]\n'}),
        Valid("import rich\n", files={"pyproject.toml": '[project]\nname = "x"\n[project.optional-dependencies]\ncli = ["rich"]\n'}),
        Valid("import httpx\n", files={"pyproject.toml": '[tool.poetry]\nname = "x"\n[tool.poetry.dependencies]\npython = "^3.9"\nhttpx = "^0.27"\n'}),
        Valid("import httpx\n", files={"requirements-dev.txt": "-r requirements/base.txt\n", "requirements/base.txt": "httpx  # client\n"}),
        Valid("try:\n    import ujson as json\nexcept ImportError:\n    import json\n", index={"ujson": "found"}),
        Valid("import undeclared_pkg\n", files={"setup.py": "from setuptools import setup\nsetup(install_requires=get_requirements())\n"}, index={"undeclared-pkg": "found"}),
        Valid("import undeclared_pkg\n", files={"README.md": "no manifest at all\n"}, index={"undeclared-pkg": "found"}),
        Valid("import mct\n", files={"pyproject.toml": '[project]\nname = "x"\ndependencies = ["mycompany-tools"]\n[tool.stagewarden.imports]\npackage-map = { mct = "mycompany-tools" }\n'}),
    ]
    INVALID = [
        Invalid("import requests\nimport undeclared_pkg\n", 2, index={"undeclared-pkg": "found"}),
        Invalid("from undeclared_pkg.sub import thing\n", 1, index={"undeclared-pkg": "found"}),
        Invalid("import sklearn\n", 1),  # scikit-learn, from the bundled map
        Invalid("import cv2\n", 1, files={"requirements.txt": "numpy\n"}),
        Invalid("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import undeclared_pkg\n", 3, index={"undeclared-pkg": "found"}),
    ]
