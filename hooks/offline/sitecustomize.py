"""No network for notebooks the build executes: loaded by every Python process they start.

hooks/notebooks.py starts each notebook's kernel with this folder first on ``PYTHONPATH``, so
Python imports this module at start-up in the kernel and in every Python program the notebook
runs (a training script, pip). It adds an audit hook (PEP 578) that refuses any connection, and
any name lookup, that leaves this machine: the site builds offline, so a download in a notebook
fails the build at once, naming the host, instead of working on a machine with a network and
failing on one without. Connections to this machine itself (the kernel's own, a local TensorBoard
or a two-process training run on localhost) are allowed.

What it cannot see: network code in C or C++ that bypasses Python's ``socket`` module. The
convention tests (tests/test_notebook_conventions.py) also refuse the usual download calls by name.
"""

from __future__ import annotations

import ipaddress
import socket
import sys

LOCAL_NAMES = {None, "", "localhost", "ip6-localhost", socket.gethostname()}


class NetworkBlocked(RuntimeError):
    """Not an OSError, so no library mistakes it for a passing network failure and retries."""


def is_local(host) -> bool:
    if isinstance(host, bytes):
        host = host.decode(errors="replace")
    if host in LOCAL_NAMES:
        return True
    try:
        address = ipaddress.ip_address(str(host).split("%")[0])
    except ValueError:
        return False  # a name that is not this machine's
    return address.is_loopback or address.is_unspecified


def refuse_network(event: str, args: tuple) -> None:
    if event in ("socket.connect", "socket.sendto"):
        sock, address = args[0], args[-1]
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not is_local(address[0]):
            host = f"{address[0]}:{address[1]}"
        else:
            return
    elif event in ("socket.getaddrinfo", "socket.gethostbyname"):
        if is_local(args[0]):
            return
        host = f"{args[0]!s}" + (f":{args[1]}" if len(args) > 1 and args[1] else "")
    else:
        return
    raise NetworkBlocked(
        f"no network while the build executes notebooks: this tried to reach {host}. Use data that "
        "is generated or ships with an installed package (CONTRIBUTING.md, 'Adding a notebook')"
    )


sys.addaudithook(refuse_network)
