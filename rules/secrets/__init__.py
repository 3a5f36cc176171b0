"""SW3xx: secrets, one detector per file (SW301-SW389 specific formats, SW390-SW399 generic)."""

from stagewarden.rules.secrets.github_token import GitHubToken
from stagewarden.rules.secrets.password_assignment import PasswordAssignment
from stagewarden.rules.secrets.private_key import PrivateKey

RULES = (PrivateKey, GitHubToken, PasswordAssignment)
