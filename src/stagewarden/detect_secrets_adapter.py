"""The one place stagewarden uses detect-secrets: its heuristic filters for generic
candidates (a value assigned to `password`, not a token with a known format).

detect-secrets keeps process-wide settings (plugins, filters, their options) that its own
scan functions read; stagewarden never runs those scans, only these filter functions, which
read no settings, so nothing here changes detect-secrets' state for other code in the same
process. Its import costs about 0.1 s (it pulls in requests), so it happens on the first
generic candidate, never for files without one. Its plugins call out to vendors to verify
secrets; stagewarden never does.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _heuristic():
    from detect_secrets.filters import heuristic

    return heuristic


def is_false_positive(secret: str, line: str) -> bool:
    """detect-secrets' judgement that a candidate is not a secret: a sequential string
    (`abcdef`, `123456`), a UUID, a template (`{{ x }}`, `<x>`, `${x}`), a `$VAR`, or an id
    (`user_id = "..."`). Its indirect-reference filter is not used: it rejects any line with
    a call on it (`Client(api_key="...")`), and stagewarden's own patterns already accept
    only literal values."""
    heuristic = _heuristic()
    return (
        heuristic.is_sequential_string(secret)
        or heuristic.is_potential_uuid(secret)
        or heuristic.is_templated_secret(secret)
        or heuristic.is_prefixed_with_dollar_sign(secret)
        or heuristic.is_likely_id_string(secret, line)
    )


__all__ = ["is_false_positive"]
