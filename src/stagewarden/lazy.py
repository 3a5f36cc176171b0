"""Lazy imports for the heavy libraries (libcst now, detect-secrets later).

A commit whose files need no parse (or a run answered entirely from the cache) must not pay
the import time of libcst (about 0.2 s). Rule files keep a plain `import libcst as cst` at the
top: `lazy_import` puts a placeholder module in `sys.modules` that imports the real library on
first attribute access and then takes over its namespace, so later accesses are ordinary
module-dictionary lookups.

importlib.util.LazyLoader does not do here: on Python 3.11 a plain `import libcst` of a lazily
loaded module reads `__spec__` to check initialisation, and that read loads the module.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types


class _Placeholder(types.ModuleType):
    def __getattr__(self, attribute: str):
        real = _load(self)
        return getattr(real, attribute)


def _load(placeholder: types.ModuleType) -> types.ModuleType:
    name = placeholder.__name__
    if sys.modules.get(name) is placeholder:
        del sys.modules[name]
    real = importlib.import_module(name)
    placeholder.__dict__.update(real.__dict__)
    placeholder.__class__ = types.ModuleType  # no more __getattr__ detour
    return real


def lazy_import(name: str) -> None:
    """Register `name` in sys.modules as a placeholder that loads on first use."""
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is None:
        return  # the import will fail later with the usual, clear ImportError
    placeholder = _Placeholder(name)
    placeholder.__spec__ = spec
    sys.modules[name] = placeholder


def is_loaded(name: str) -> bool:
    module = sys.modules.get(name)
    return module is not None and not isinstance(module, _Placeholder)
