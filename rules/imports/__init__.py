"""SW2xx: imports, one rule per file."""

from stagewarden.rules.imports.nonexistent_name import NonexistentName
from stagewarden.rules.imports.stdlib_module_unavailable import StdlibModuleUnavailable
from stagewarden.rules.imports.suspicious_package import SuspiciousPackage
from stagewarden.rules.imports.undeclared_dependency import UndeclaredDependency
from stagewarden.rules.imports.unknown_package import UnknownPackage

RULES = (UnknownPackage, UndeclaredDependency, SuspiciousPackage, NonexistentName, StdlibModuleUnavailable)
