"""DNS, TCP and TLS checks of one host, without leaving loopback."""

from __future__ import annotations

import socket

from scansource_async.cli._net_checks import Host, host_checks, hosts_of


def test_one_host_serving_both_roles_is_checked_once() -> None:
    hosts = hosts_of([("API", "http://127.0.0.1:8000/"), ("token", "http://127.0.0.1:8000/t")])
    assert hosts == [Host("http", "127.0.0.1", 8000, ("API", "token"))]
    two = hosts_of([("API", "https://api.example/"), ("token", "https://login.example/x")])
    assert [(h.name, h.port, h.roles) for h in two] == [
        ("api.example", 443, ("API",)),
        ("login.example", 443, ("token",)),
    ]


async def test_a_closed_port_fails_at_tcp_and_skips_tls() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    checks = await host_checks(Host("https", "127.0.0.1", port, ("API",)), timeout=5)
    assert [(c.name, c.ok) for c in checks] == [
        ("dns 127.0.0.1", True),
        (f"tcp 127.0.0.1:{port}", False),
    ]
    assert "cannot connect" in checks[1].detail


async def test_plain_http_passes_on_loopback_only() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        checks = await host_checks(Host("http", "127.0.0.1", port, ("API",)), timeout=5)
    assert [c.ok for c in checks] == [True, True, True]
    assert checks[2].detail == "API host: skipped: http:// on loopback, no TLS"


async def test_a_tls_handshake_with_a_plain_server_fails() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        checks = await host_checks(Host("https", "127.0.0.1", port, ("API",)), timeout=1)
    assert [c.ok for c in checks] == [True, True, False]
    assert "TLS handshake failed" in checks[2].detail
