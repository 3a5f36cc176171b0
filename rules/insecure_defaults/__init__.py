"""SW1xx: insecure defaults, one rule per file."""

from stagewarden.rules.insecure_defaults.tls_verification_disabled import TlsVerificationDisabled

RULES = (
    TlsVerificationDisabled,
)
