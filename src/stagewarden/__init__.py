"""stagewarden: pre-commit hooks that stop insecure defaults, hallucinated imports,
exposed secrets and unvetted dependencies before they reach a pull request."""

from stagewarden.lazy import lazy_import

__version__ = "0.1.0"

lazy_import("libcst")
