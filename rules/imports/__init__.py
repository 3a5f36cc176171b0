"""SW2xx: imports, one rule per file."""

from stagewarden.rules.imports.stdlib_module_unavailable import StdlibModuleUnavailable

RULES = (StdlibModuleUnavailable,)
