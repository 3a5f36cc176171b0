"""Lazy imports for the heavy libraries (libcst, detect-secrets).

A commit whose files need no parse (or a run answered entirely from the cache) must not pay
the import time of libcst. `importlib.util.LazyLoader` gives a module object that loads itself on
first attribute access, after which it is the ordinary module, so rule files can keep a plain
`import libcst as cst` at the top.
"""

from __future__ import annotations

import importlib.util
import sys


def lazy_import(name: str) -> None:
    """Register `name` in sys.modules as a lazily loading module (no-op if already imported)."""
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        return  # the import will fail later with the usual, clear ImportError
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
