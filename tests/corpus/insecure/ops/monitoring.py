"""Switch polling, router maintenance and the metrics endpoint."""

import logging.config
import socket
import socketserver
import telnetlib
from logging.config import listen as config_server

import paramiko
from pysnmp.hlapi import *

COMMUNITY = "public"


def poll_switch(host):
    return getCmd(
        SnmpEngine(),
        CommunityData(COMMUNITY, mpModel=0),  # expect: SW147
        UdpTransportTarget((host, 161)),
        ContextData(),
        ObjectType(ObjectIdentity("SNMPv2-MIB", "sysUpTime", 0)),
    )


def v3_credentials(user, auth_key):
    return UsmUserData(user, auth_key)  # expect: SW147


def reboot_router(host, password):
    tn = telnetlib.Telnet(host, 23, timeout=10)  # expect: SW135
    tn.read_until(b"Password: ")
    tn.write(password.encode() + b"\n")
    tn.write(b"reload\n")


def check_router_ssh(host):
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.WarningPolicy)  # expect: SW134
    client.connect(host, username="monitor")
    return client


def start_log_config_server():
    thread = logging.config.listen(9030)  # expect: SW138
    thread.start()
    return thread


def start_secondary_config_server(port):
    return config_server(port, verify=None)  # expect: SW138


class MetricsHandler(socketserver.BaseRequestHandler):
    def handle(self):
        self.request.sendall(b"up 1\n")


def serve_metrics():
    server = socketserver.ThreadingTCPServer(("0.0.0.0", 9100), MetricsHandler)  # expect: SW121
    server.serve_forever()


def heartbeat_listener():
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("", 9999))  # expect: SW121
    return sock
