"""When the dashboard may hand its SMTP password to a mail server (issue 21 point 3).

A password sent over a plain connection can be read by anyone on the way, so the login needs
TLS (STARTTLS or SMTPS, with the server's certificate checked) unless the server is this
machine itself (a local relay), where nothing travels over a network.
"""

from __future__ import annotations

import ipaddress

LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain"})


def is_loopback(host: str) -> bool:
    """True for this machine: 'localhost' or a loopback address (127.0.0.0/8, ::1)."""
    name = host.strip().strip("[]").lower()
    if name in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def login_allowed(host: str, *, logs_in: bool, uses_tls: bool) -> bool:
    """A login goes only over TLS, or to a server on this machine; no login is always fine."""
    return not logs_in or uses_tls or is_loopback(host)
