"""The bundled PyPI data (stagewarden.known_packages) and the wheel reader that builds it.

The data tests read the shipped files. The reader tests build wheels with zipfile in tmp_path
and serve them from http.server on 127.0.0.1: no test reaches the network.
"""

from __future__ import annotations

import importlib.util
import random
import re
import string
import struct
import threading
import time
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from stagewarden import known_packages as kp

ROOT = Path(__file__).resolve().parents[2]
PYPI_TSV = Path("/work/.library/env/packages/pypi.tsv")


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


gen = _load("generate_package_data", ROOT / "scripts" / "generate_package_data.py")


# -- import map -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("module", "dist"),
    [
        ("yaml", "pyyaml"),
        ("PIL", "pillow"),
        ("PIL.Image", "pillow"),
        ("sklearn", "scikit-learn"),
        ("sklearn.linear_model", "scikit-learn"),
        ("bs4", "beautifulsoup4"),
        ("dateutil", "python-dateutil"),
        ("dateutil.parser", "python-dateutil"),
        ("jwt", "pyjwt"),
    ],
)
def test_providers_of_well_known_imports(module, dist):
    assert dist in kp.providers(module)


def test_cv2_is_provided_by_the_opencv_wheels():
    found = kp.providers("cv2")
    assert {"opencv-python", "opencv-python-headless"} <= set(found)
    assert all(dist.startswith("opencv-") for dist in found)
    assert kp.providers("cv2.data") == found


def test_namespace_packages_map_by_their_specific_prefix():
    # No google-cloud-* wheel is in the sources: google.protobuf and google.auth stand in.
    assert kp.providers("google.protobuf") == ("protobuf",)
    assert kp.providers("google.protobuf.json_format") == ("protobuf",)
    assert kp.providers("google.auth.transport.requests") == ("google-auth",)
    assert kp.providers("google.api_core.exceptions") == ("google-api-core",)
    assert kp.providers("sphinxcontrib.applehelp") == ("sphinxcontrib-applehelp",)
    assert kp.providers("jaraco.text") == ("jaraco-text",)


def test_a_namespace_alone_is_not_one_arbitrary_distribution():
    google = kp.providers("google")
    assert {"protobuf", "google-auth", "google-api-core"} <= set(google)
    # A module below a namespace that no known distribution ships is unknown, not the
    # namespace's first distribution.
    assert kp.providers("google.cloud.storage") == ()
    assert kp.providers("google.not_a_module") == ()


def test_providers_are_ordered_by_popularity():
    found = kp.providers("google")
    ranks = [kp.rank(dist) or 10**9 for dist in found]
    assert ranks == sorted(ranks)


def test_unknown_modules_have_no_providers():
    assert kp.providers("surely_no_such_module_xyz") == ()
    assert kp.providers("surely_no_such_module_xyz.sub") == ()


# -- popularity ---------------------------------------------------------------------------------
def test_rank_and_popular_names():
    assert kp.rank("requests") <= 20
    assert kp.rank("Requests") == kp.rank("requests")
    assert kp.rank("surely-no-such-project-xyz") is None
    names = kp.popular_names()
    assert len(names) > 14_000
    assert kp.rank(names[0]) == 1
    assert [kp.rank(name) for name in names[:100]] == sorted(kp.rank(name) for name in names[:100])
    assert all(name == kp.normalize(name) for name in names)


def test_snapshot_is_a_date():
    assert re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", kp.snapshot())


def test_nothing_is_read_at_import():
    fresh = _load("known_packages_fresh", ROOT / "src" / "stagewarden" / "known_packages.py")
    assert fresh._import_map.cache_info().currsize == 0
    assert fresh._popular.cache_info().currsize == 0
    assert fresh._name_set.cache_info().currsize == 0


# -- every PyPI name ------------------------------------------------------------------------------
def test_may_exist_for_real_projects():
    assert kp.may_exist("requests")
    assert kp.may_exist("Requests_OAuthlib")
    sample = random.Random(3).sample(kp.popular_names(), 2000)
    assert [name for name in sample if not kp.may_exist(name)] == []


@pytest.mark.skipif(not PYPI_TSV.is_file(), reason="the PyPI name list is not on this machine")
def test_no_false_negatives_on_a_sample_of_pypi():
    with PYPI_TSV.open(encoding="utf-8") as handle:
        next(handle)
        names = [line.split("\t", 1)[0] for line in handle]
    sample = random.Random(20261122).sample(names, 200)
    assert [name for name in sample if not kp.may_exist(name)] == []


def test_false_positive_rate_is_under_one_percent():
    generator = random.Random(7)
    nonsense = {"zq" + "".join(generator.choices(string.ascii_lowercase + "-", k=14)) + "x" for _ in range(2000)}
    false_positives = sum(kp.may_exist(name) for name in nonsense)
    assert false_positives / len(nonsense) < 0.01


# -- suggestions ----------------------------------------------------------------------------------
def test_suggestions_for_typos_and_near_names():
    assert kp.suggestions("reqeusts")[0] == ("requests", "requests")
    assert ("requests_oauthlib", "requests-oauthlib") in kp.suggestions("requests_oauth")
    assert kp.suggestions("sklern")[0] == ("sklearn", "scikit-learn")
    assert kp.suggestions("beautifulsoup")[0] == ("bs4", "beautifulsoup4")
    assert kp.suggestions("PyYAML")[0] == ("yaml", "pyyaml")
    assert kp.suggestions("opencv")[0][1] == "opencv-python"


def test_suggestions_need_real_similarity():
    assert kp.suggestions("fastjson_utils") == []
    assert kp.suggestions("x") == []
    assert kp.suggestions("a_long_and_completely_invented_module_name") == []
    assert len(kp.suggestions("reqeusts", limit=1)) == 1


# -- import names from file lists -------------------------------------------------------------------
def test_module_paths_from_a_file_list():
    files = [
        "pkg/__init__.py",
        "pkg/core.py",
        "pkg/_speedups.cpython-311-x86_64-linux-gnu.so",
        "pkg/lib/libhelper.so",
        "pkg/__pycache__/core.cpython-311.pyc",
        "single.py",
        "fast.abi3.so",
        "stubs_only/__init__.pyi",
        "tests/test_pkg.py",
        "dist-1.0.dist-info/RECORD",
        "dist-1.0.data/purelib/extra/__init__.py",
        "dist-1.0.data/scripts/tool.py",
        "not-a-package/mod.py",
    ]
    assert gen.module_paths(files) == {
        ("pkg", "__init__"),
        ("pkg", "core"),
        ("pkg", "_speedups"),
        ("single",),
        ("fast",),
        ("extra", "__init__"),
    }


def test_import_map_namespaces_and_alternatives():
    mapping, namespaces = gen.import_map(
        {
            # PEP 420: no google/__init__.py
            "google-cloud-storage": {
                ("google", "cloud", "storage", "__init__"),
                ("google", "cloud", "storage", "blob"),
            },
            "protobuf": {("google", "protobuf", "__init__"), ("google", "protobuf", "message")},
            # pkgutil style: each ships the same boilerplate __init__.py, beside disjoint modules
            "zope-interface": {("zope", "__init__"), ("zope", "interface", "__init__")},
            "zope-component": {("zope", "__init__"), ("zope", "component", "__init__")},
            # alternatives shipping the same package
            "opencv-python": {("cv2", "__init__"), ("cv2", "data", "__init__")},
            "opencv-python-headless": {("cv2", "__init__"), ("cv2", "data", "__init__")},
            "pyyaml": {("yaml", "__init__"), ("yaml", "composer"), ("_yaml", "__init__")},
        }
    )
    assert mapping["google.cloud.storage"] == {"google-cloud-storage"}
    assert mapping["google.protobuf"] == {"protobuf"}
    assert mapping["google"] == {"google-cloud-storage", "protobuf"}
    assert mapping["zope.interface"] == {"zope-interface"}
    assert mapping["cv2"] == {"opencv-python", "opencv-python-headless"}
    assert mapping["yaml"] == {"pyyaml"}
    assert "cv2.data" not in mapping and "yaml.composer" not in mapping
    assert {"google", "google.cloud", "zope"} <= namespaces and "cv2" not in namespaces


# -- the zip central directory reader ---------------------------------------------------------------
def _wheel(path: Path, names: list[str], comment: bytes = b"") -> list[str]:
    with zipfile.ZipFile(path, "w") as archive:
        for name in names:
            archive.writestr(name, f"# {name}\n")
        archive.comment = comment
    return names


def _local(path: Path) -> list[str]:
    return gen.wheel_files(gen.LocalFile(path))


def test_reads_a_plain_wheel(tmp_path):
    names = _wheel(
        tmp_path / "demo-1.0-py3-none-any.whl", ["demo/__init__.py", "demo/core.py", "demo-1.0.dist-info/RECORD"]
    )
    assert _local(tmp_path / "demo-1.0-py3-none-any.whl") == names


def test_reads_a_wheel_with_a_comment(tmp_path):
    path = tmp_path / "demo.whl"
    # The comment holds a fake end-of-directory signature, and is as long as a comment can be.
    comment = (b"PK\x05\x06" + b"x" * 100) * 600
    names = _wheel(path, ["a.py", "b/__init__.py"], comment[:0xFFFF])
    assert _local(path) == names  # (zipfile itself trips over the fake signature)


def test_reads_a_zip64_wheel(tmp_path, monkeypatch):
    path = tmp_path / "big.whl"
    monkeypatch.setattr(zipfile, "ZIP_FILECOUNT_LIMIT", 1)  # zipfile then writes zip64 records
    names = _wheel(path, [f"big/module_{index}.py" for index in range(50)])
    data = bytearray(path.read_bytes())
    # Mark the classic record's fields as "in the zip64 record", as a real zip64 archive does.
    end = data.rindex(b"PK\x05\x06")
    struct.pack_into("<HHHHII", data, end + 4, 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF)
    path.write_bytes(bytes(data))
    assert b"PK\x06\x06" in data
    assert zipfile.ZipFile(path).namelist() == names
    assert _local(path) == names


def test_reads_a_central_directory_beyond_the_tail(tmp_path):
    path = tmp_path / "many.whl"
    names = _wheel(path, [f"many/{'sub_' * 12}{index}.py" for index in range(2000)])
    assert path.stat().st_size > gen.TAIL
    assert _local(path) == names


def test_refuses_what_is_not_a_zip(tmp_path):
    path = tmp_path / "fake.whl"
    path.write_bytes(b"not a zip" * 1000)
    with pytest.raises(gen.ZipError):
        _local(path)


# -- the HTTP range backend -----------------------------------------------------------------------
class Mirror(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, files: dict[str, bytes], honour_range: bool = True, length: int | None = None):
        super().__init__(("127.0.0.1", 0), RangeHandler)
        self.files = files
        self.honour_range = honour_range
        self.length = length  # a body to stream instead of the file (the ignoring server's)
        self.requests: list[tuple[str, str]] = []
        self.sent = 0
        self.done = threading.Event()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"


class RangeHandler(BaseHTTPRequestHandler):
    server: Mirror

    def log_message(self, *args):
        pass

    def do_HEAD(self):
        self.server.requests.append(("HEAD", ""))
        self.send_response(200)
        self.send_header("Content-Length", str(self.server.length or len(self.server.files[self.path])))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()

    def do_GET(self):
        wanted = self.headers.get("Range", "")
        self.server.requests.append(("GET", wanted))
        body = self.server.files[self.path]
        match = re.fullmatch(r"bytes=(\d+)-(\d+)", wanted)
        if self.server.honour_range and match:
            start, end = int(match.group(1)), int(match.group(2))
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{end}/{len(body)}")
            self.send_header("Content-Length", str(end - start + 1))
            self.end_headers()
            self.wfile.write(body[start : end + 1])
            return
        self._stream_everything()

    def _stream_everything(self):
        self.send_response(200)
        self.send_header("Content-Length", str(self.server.length))
        self.end_headers()
        chunk = b"\0" * 65536
        try:
            while self.server.sent < self.server.length:
                self.wfile.write(chunk)
                self.server.sent += len(chunk)
        except OSError:
            pass  # the client hung up, as it should
        finally:
            self.server.done.set()


@pytest.fixture
def mirror_factory():
    servers = []

    def start(files, **options):
        server = Mirror(files, **options)
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def test_http_backend_reads_only_the_central_directory(tmp_path, mirror_factory):
    small = tmp_path / "small.whl"
    large = tmp_path / "large.whl"
    small_names = _wheel(small, ["demo/__init__.py", "demo-1.0.dist-info/RECORD"])
    large_names = _wheel(large, [f"many/{'sub_' * 12}{index}.py" for index in range(2000)])
    mirror = mirror_factory({"/small.whl": small.read_bytes(), "/large.whl": large.read_bytes()})

    assert gen.wheel_files(gen.HttpRangeFile(mirror.url("/small.whl"), timeout=5)) == small_names
    assert [method for method, _ in mirror.requests] == ["HEAD", "GET"]  # the tail holds it all
    mirror.requests.clear()
    assert gen.wheel_files(gen.HttpRangeFile(mirror.url("/large.whl"), timeout=5)) == large_names
    assert [method for method, _ in mirror.requests] == ["HEAD", "GET", "GET"]
    assert all(wanted.startswith("bytes=") for method, wanted in mirror.requests if method == "GET")


def test_http_backend_refuses_a_server_that_ignores_range(mirror_factory):
    total = 256 * 1024 * 1024
    mirror = mirror_factory({"/huge.whl": b""}, honour_range=False, length=total)
    started = time.monotonic()
    with pytest.raises(gen.ZipError, match="ignored the Range header"):
        gen.wheel_files(gen.HttpRangeFile(mirror.url("/huge.whl"), timeout=5))
    assert mirror.done.wait(10)
    assert time.monotonic() - started < 10
    assert mirror.sent < 16 * 1024 * 1024  # the client hung up instead of downloading the body


def test_http_backend_takes_only_http_urls():
    with pytest.raises(ValueError):
        gen.HttpRangeFile("file:///etc/passwd")
