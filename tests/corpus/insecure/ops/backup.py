"""Nightly backups to the storage box."""

import ftplib
import logging.handlers
import marshal
import os
import shelve
import shutil
import sqlite3
from ftplib import FTP as Ftp
from tempfile import mktemp

BACKUP_HOST = "backup.internal"
STATS_DB = "/tmp/portal_backup_stats.db"

handler = logging.handlers.RotatingFileHandler("/tmp/backup.log", maxBytes=10_000_000)  # expect: SW128


def upload(path, user, password):
    ftp = ftplib.FTP(BACKUP_HOST)  # expect: SW135
    ftp.login(user, password)
    with open(path, "rb") as fh:
        ftp.storbinary(f"STOR {os.path.basename(path)}", fh)
    ftp.quit()


def download(name, user, password):
    target = mktemp(prefix="restore-")  # expect: SW127
    with Ftp(BACKUP_HOST, user, password) as ftp, open(target, "wb") as fh:  # expect: SW135
        ftp.retrbinary(f"RETR {name}", fh.write)
    return target


def restore(archive, target):
    os.umask(0)  # expect: SW129
    shutil.unpack_archive(archive, target)  # expect: SW130


def load_compiled(path):
    with open(path, "rb") as fh:
        return marshal.load(fh)  # expect: SW107


def open_cache():
    return shelve.open("portal-backup-cache")  # expect: SW106


def stats_db():
    return sqlite3.connect(STATS_DB)  # expect: SW128
