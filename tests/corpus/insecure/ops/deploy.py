"""Deploy script: build, package and roll out to the app servers."""

import os
import shlex
import subprocess
import subprocess as sp
import tarfile
import tempfile
from subprocess import check_output as run_output

import paramiko

DEPLOY_HOST = "app01.internal"
USE_SHELL = True


class Deployer:
    def __init__(self, host=DEPLOY_HOST):
        self.ssh = paramiko.SSHClient()
        self.ssh.set_missing_host_key_policy(paramiko.AutoAddPolicy())  # expect: SW134
        self.ssh.connect(host, username="deploy")

    def run(self, command):
        _, stdout, _ = self.ssh.exec_command(command)  # expect: SW148
        return stdout.read().decode()

    def restart(self, service):
        self.ssh.exec_command(f"sudo systemctl restart {service}")  # expect: SW148

    def run_as_app_user(self, script):
        self.ssh.exec_command(f"sudo -u app sh -c '{shlex.quote(script)}'")  # expect: SW148


def run_cmd(cmd, shell=False):
    return subprocess.run(cmd, shell=shell, check=True)


def build(branch):
    subprocess.run(f"git checkout {branch} && make build", shell=True, check=True)  # expect: SW110


def package(version):
    sp.call("tar czf release-%s.tgz dist/" % version, shell=USE_SHELL)  # expect: SW110


def tag_release(tag):
    subprocess.run(f"git tag -a {shlex.quote(tag)} -m release && git push --tags", shell=True, check=True)  # expect: SW110


def archive_logs(path):
    os.system("tar czf logs.tgz " + shlex.quote(path))  # expect: SW111


def disk_usage(path):
    return run_output("du -sh " + path, shell=True)  # expect: SW110


def migrate(settings_module):
    run_cmd(f"python manage.py migrate --settings={settings_module}", shell=True)  # expect: SW110


def cleanup(path):
    os.system(f"rm -rf {path}")  # expect: SW111


def service_logs(service):
    return os.popen("journalctl -u " + service).read()  # expect: SW111


def unpack_release(archive, target):
    with tarfile.open(archive, "r:gz") as tar:
        tar.extractall(target)  # expect: SW130


def unpack_bundle(bundle, target):
    with tarfile.open(bundle) as tar:
        tar.extractall(target, members=tar.getmembers())  # expect: SW130


def stage_upload(data):
    path = tempfile.mktemp(suffix=".tgz")  # expect: SW127
    with open(path, "wb") as fh:
        fh.write(data)
    os.chmod(path, 0o777)  # expect: SW129
    return path


def write_release_notes(notes):
    with open("/tmp/release_notes.txt", "w") as fh:  # expect: SW128
        fh.write(notes)


def ensure_shared_dir():
    os.makedirs("/srv/portal/shared", mode=0o777, exist_ok=True)  # expect: SW129
