#!/usr/bin/python3
"""tests/conntrack: an anonymous, read-only FTP server (python3-pyftpdlib).

usage: ftp_server.py ADDRESS ROOT
Passive mode data ports are 60000-60099.
"""
import logging
import sys

from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import FTPHandler
from pyftpdlib.servers import FTPServer

logging.basicConfig(level=logging.INFO, stream=sys.stderr)
auth = DummyAuthorizer()
auth.add_anonymous(sys.argv[2])
FTPHandler.authorizer = auth
FTPHandler.passive_ports = range(60000, 60100)
FTPServer((sys.argv[1], 21), FTPHandler).serve_forever()
