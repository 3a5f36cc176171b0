"""Configuration files, and a few helpers whose names sound more dangerous than they are."""

import logging
import random
from dataclasses import dataclass

import yaml

log = logging.getLogger(__name__)


@dataclass
class UpstreamConfig:
    url: str
    verify: bool = True
    timeout: float = 10.0


class ConfigParser:
    def __init__(self, defaults: dict):
        self.defaults = defaults

    def load(self, path: str) -> dict:
        with open(path, encoding="utf-8") as stream:
            return {**self.defaults, **(yaml.safe_load(stream) or {})}


def load(path: str) -> dict:
    """Our own `load`: YAML through the safe loader."""
    with open(path, encoding="utf-8") as stream:
        return yaml.safe_load(stream)


def upstream_from(raw: dict) -> UpstreamConfig:
    config = UpstreamConfig(url=raw["url"], timeout=float(raw.get("timeout", 10)))
    if raw.get("lab_without_tls"):
        # Only ever used against the local mock server, never with a real certificate.
        config.verify = False
    return config


def listen_address(host: str) -> str:
    if host == "0.0.0.0":
        log.warning("listening on 0.0.0.0: put the service behind the reverse proxy")
    return host


def shuffle_playlist(tracks: list) -> list:
    order = list(tracks)
    random.shuffle(order)
    return order


def retry_delay(attempt: int) -> float:
    return min(30.0, 2.0 ** attempt) + random.uniform(0, 1)


class Job:
    def run(self, debug: bool = False) -> None:
        log.debug("job %s started (debug=%s)", type(self).__name__, debug)


def run_nightly_jobs(jobs) -> None:
    for job in jobs:
        job.run(debug=True)


parser = ConfigParser({"currency": "EUR"})
settings = parser.load("config/shop.yaml")
