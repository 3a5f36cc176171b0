"""Operations jobs: backups, deploy checks, invoice upload and monitoring."""

import ast
import ftplib
import logging.config
import os
import shlex
import subprocess

import paramiko
from pysnmp.hlapi import UsmUserData, usmAesCfb128Protocol, usmHMACSHAAuthProtocol


def git_revision(repository: str) -> str:
    result = subprocess.run(
        ["git", "-C", repository, "rev-parse", "HEAD"],
        check=True,
        capture_output=True,
        text=True,
        timeout=30,
    )
    return result.stdout.strip()


def dump_database(name: str, target: str) -> None:
    subprocess.run(["pg_dump", "--format=custom", "--file", target, name], check=True, timeout=3600)


def remote_uptime(host: str) -> str:
    client = paramiko.SSHClient()
    client.load_system_host_keys()
    client.set_missing_host_key_policy(paramiko.RejectPolicy())
    client.connect(host, username="deploy", timeout=10)
    try:
        _, stdout, _ = client.exec_command("uptime")
        return stdout.read().decode()
    finally:
        client.close()


def remote_log_tail(host: str, service: str, lines: int = 100) -> str:
    client = paramiko.SSHClient()
    client.load_system_host_keys()
    client.set_missing_host_key_policy(paramiko.RejectPolicy())
    client.connect(host, username="deploy", timeout=10)
    try:
        log_file = f"/var/log/shop/{service}.log"
        _, stdout, _ = client.exec_command(f"tail -n {int(lines)} {shlex.quote(log_file)}")
        return stdout.read().decode()
    finally:
        client.close()


def remote_disk_usage(client: paramiko.SSHClient, paths: list) -> str:
    _, stdout, _ = client.exec_command(shlex.join(["du", "-sh", "--", *paths]))
    return stdout.read().decode()


def check_job_script(path: str) -> ast.Module:
    """Syntax-check a scheduled job before it is deployed: parsed into a tree, never run."""
    with open(path, encoding="utf-8") as script:
        return compile(script.read(), path, "exec", flags=ast.PyCF_ONLY_AST | ast.PyCF_TYPE_COMMENTS)


def upload_invoice(host: str, user: str, password: str, path: str) -> None:
    with ftplib.FTP_TLS(host, timeout=30) as ftp:
        ftp.login(user, password)
        ftp.prot_p()
        with open(path, "rb") as invoice:
            ftp.storbinary(f"STOR {os.path.basename(path)}", invoice)


def start_logging_listener(port: int, verify):
    """`verify` checks the HMAC of each configuration before it is applied."""
    return logging.config.listen(port, verify=verify)


def snmp_credentials(user: str, auth_key: str, priv_key: str) -> UsmUserData:
    return UsmUserData(
        user,
        authKey=auth_key,
        privKey=priv_key,
        authProtocol=usmHMACSHAAuthProtocol,
        privProtocol=usmAesCfb128Protocol,
    )
