"""Built-in rules, one class per file, grouped by family (the explicit list the registry reads)."""

from stagewarden.rules.dependencies import RULES as DEPENDENCIES
from stagewarden.rules.imports import RULES as IMPORTS
from stagewarden.rules.insecure_defaults import RULES as INSECURE_DEFAULTS
from stagewarden.rules.notices import RULES as NOTICES
from stagewarden.rules.secrets import RULES as SECRETS

BUILTIN_RULES = (*NOTICES, *INSECURE_DEFAULTS, *IMPORTS, *SECRETS, *DEPENDENCIES)
