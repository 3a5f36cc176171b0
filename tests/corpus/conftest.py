"""The files under tests/corpus are data for tests/rules/test_corpus.py, not tests: never
collect or import them."""

collect_ignore_glob = ["*"]
