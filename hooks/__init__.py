"""pre-commit entry points: one module a hook id, each a thin call into stagewarden.cli."""
