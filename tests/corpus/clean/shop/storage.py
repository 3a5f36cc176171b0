"""Files on disk: private by default, written atomically, archives unpacked safely."""

import logging
import os
import tarfile
import tempfile
import zipfile
from pathlib import Path

log = logging.getLogger(__name__)

MEDIA_ROOT = Path(os.environ.get("SHOP_MEDIA_ROOT", "/srv/shop/media"))


def write_private(path: str, data: bytes) -> None:
    """Write `data` to `path` atomically, readable by the service user only."""
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def ensure_media_dirs() -> None:
    for name in ("products", "invoices"):
        os.makedirs(MEDIA_ROOT / name, mode=0o750, exist_ok=True)


def unpack_theme(archive: str, destination: str) -> None:
    with tarfile.open(archive) as tar:
        tar.extractall(destination, filter="data")


def unpack_catalogue(archive: str, destination: str) -> None:
    with zipfile.ZipFile(archive) as bundle:
        bundle.extractall(destination)


def export_csv(rows, upload) -> None:
    with tempfile.TemporaryDirectory(prefix="shop-export-") as workdir:
        target = Path(workdir) / "orders.csv"
        target.write_text("\n".join(",".join(map(str, row)) for row in rows), encoding="utf-8")
        upload(target)
    log.info("export uploaded; nothing is left behind in /tmp/ or the media root")
