"""``proxy=``, ``trust_env=`` and ``verify=`` reach both backends: every request, the token's
included, goes through a forward proxy on loopback; proxy variables of the environment count
only with ``trust_env=True``; proxy credentials never show."""

from __future__ import annotations

import base64
import logging
import ssl
from pathlib import Path

import certifi
import pytest

from scansource_async import APIConnectionError, ScanSourceClient, ValidationError
from scansource_async._http import create_backend
from scansource_async.testing import Simulator

from .forward_proxy import ForwardProxy

KEY = "network-subscription-key-0123"
SECRET = "network-client-secret-9876543210"
PROXY_USER = "proxy-user"
PROXY_PASSWORD = "proxy-pass-5ecret-4242"


def simulator() -> Simulator:
    return Simulator(
        seed=5, catalog_size=200, subscription_keys=(KEY,), clients={"network-client": SECRET}
    )


def _token_and_api(proxy: ForwardProxy, sim: Simulator) -> tuple[list[str], list[str]]:
    paths = [seen.path for seen in proxy.forwarded]
    token = [path for path in paths if path.endswith("oauth2/v2.0/token")]
    api = [path for path in paths if sim.customer_number in path or "customer" in path]
    return token, api


async def test_every_request_goes_through_the_proxy(
    backend: str, forward_proxy: ForwardProxy, proxy_env: pytest.MonkeyPatch
) -> None:
    sim = simulator()
    async with (
        sim.serve() as url,
        sim.client(url, http_backend=backend, proxy=forward_proxy.url) as client,
    ):
        customer = await client.customers.get()
        assert customer.customer_number == sim.customer_number
        assert client.pipeline.token_fetches == 1
    token, api = _token_and_api(forward_proxy, sim)
    assert len(token) == 1, forward_proxy.forwarded  # the token request took the proxy too
    assert len(api) == 1
    assert all(seen.url.startswith(url) for seen in forward_proxy.forwarded)
    assert len(forward_proxy.forwarded) == len(sim.requests)  # all the server saw came through it
    assert forward_proxy.refused == []


async def test_proxy_credentials_are_sent_and_never_shown(
    backend: str,
    forward_proxy: ForwardProxy,
    proxy_env: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    sim = simulator()
    port = forward_proxy.url.rsplit(":", 1)[1]
    proxy = f"http://{PROXY_USER}:{PROXY_PASSWORD}@127.0.0.1:{port}"
    caplog.set_level(logging.DEBUG)
    async with (
        sim.serve() as url,
        sim.client(url, http_backend=backend, proxy=proxy) as client,
    ):
        await client.customers.get()
        shown = repr(client.config)
        assert PROXY_PASSWORD not in shown
        assert f"proxy='http://***@127.0.0.1:{port}'" in shown
    expected = "Basic " + base64.b64encode(f"{PROXY_USER}:{PROXY_PASSWORD}".encode()).decode()
    assert forward_proxy.forwarded
    assert all(
        seen.headers.get("proxy-authorization") == expected for seen in forward_proxy.forwarded
    )
    assert PROXY_PASSWORD not in caplog.text


async def test_an_unreachable_proxy_fails_without_showing_its_credentials(
    backend: str, proxy_env: pytest.MonkeyPatch
) -> None:
    sim = simulator()
    async with ForwardProxy() as gone:
        address = gone.url.removeprefix("http://")
    proxy = f"http://{PROXY_USER}:{PROXY_PASSWORD}@{address}"  # nothing listens there now
    async with (
        sim.serve() as url,
        sim.client(url, http_backend=backend, proxy=proxy, max_retries=0) as client,
    ):
        with pytest.raises(APIConnectionError) as caught:
            await client.customers.get()
    assert PROXY_PASSWORD not in str(caught.value)
    assert PROXY_PASSWORD not in repr(caught.value)


@pytest.mark.parametrize("variable", ["HTTP_PROXY", "ALL_PROXY"])
async def test_trust_env_decides_whether_proxy_variables_count(
    backend: str, forward_proxy: ForwardProxy, proxy_env: pytest.MonkeyPatch, variable: str
) -> None:
    if backend == "aiohttp" and variable == "ALL_PROXY":
        pytest.skip("aiohttp reads HTTP_PROXY and HTTPS_PROXY only, not ALL_PROXY")
    proxy_env.setenv(variable, forward_proxy.url)
    sim = simulator()
    async with sim.serve() as url:
        async with sim.client(url, http_backend=backend, trust_env=False) as client:
            await client.customers.get()
        assert forward_proxy.forwarded == []  # ignored: straight to the server

        async with sim.client(url, http_backend=backend) as client:  # trust_env=True by default
            assert client.config.trust_env is True
            await client.customers.get()
        token, api = _token_and_api(forward_proxy, sim)
        assert len(token) == 1
        assert len(api) == 1


async def test_an_explicit_proxy_wins_over_the_environment(
    backend: str, forward_proxy: ForwardProxy, proxy_env: pytest.MonkeyPatch
) -> None:
    async with ForwardProxy() as from_env:
        proxy_env.setenv("HTTP_PROXY", from_env.url)
        sim = simulator()
        async with (
            sim.serve() as url,
            sim.client(url, http_backend=backend, proxy=forward_proxy.url) as client,
        ):
            await client.customers.get()
        assert from_env.forwarded == []
        assert len(forward_proxy.forwarded) == 2


async def test_a_netrc_entry_for_the_host_changes_nothing(
    backend: str, proxy_env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The client authenticates itself: a ~/.netrc entry for the API host is not sent (with
    aiohttp's own trust_env it became an Authorization clashing with ours)."""
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login someone password netrc-password-123\n")
    netrc.chmod(0o600)
    proxy_env.setenv("NETRC", str(netrc))
    sim = simulator()
    async with sim.serve() as url, sim.client(url, http_backend=backend) as client:
        customer = await client.customers.get()
    assert customer.customer_number == sim.customer_number


# -- verify= reaches the backend (unit level: the simulator serves no TLS) -------------------


def _httpx_context(backend: object) -> ssl.SSLContext:
    return backend._client._transport._pool._ssl_context  # type: ignore[attr-defined, no-any-return]


async def test_verify_reaches_the_httpx_backend(tmp_path: object) -> None:
    context = ssl.create_default_context()
    own = create_backend("httpx", max_connections=1, headers={}, verify=context)
    assert _httpx_context(own) is context
    off = create_backend("httpx", max_connections=1, headers={}, verify=False)
    assert _httpx_context(off).verify_mode is ssl.CERT_NONE
    assert _httpx_context(off).check_hostname is False
    bundle = create_backend("httpx", max_connections=1, headers={}, verify=certifi.where())
    assert _httpx_context(bundle).verify_mode is ssl.CERT_REQUIRED
    default = create_backend("httpx", max_connections=1, headers={})
    assert _httpx_context(default).verify_mode is ssl.CERT_REQUIRED
    proxied = create_backend(
        "httpx", max_connections=1, headers={}, verify=context, proxy="http://127.0.0.1:9"
    )
    assert _httpx_context(proxied) is context
    for backend in (own, off, bundle, default, proxied):
        await backend.aclose()


async def test_verify_reaches_the_aiohttp_backend() -> None:
    pytest.importorskip("aiohttp")
    context = ssl.create_default_context()
    for verify, expected in ((context, context), (False, False), (True, True)):
        backend = create_backend("aiohttp", max_connections=1, headers={}, verify=verify)
        session = backend._open()  # type: ignore[attr-defined]
        assert session.connector._ssl is expected
        await backend.aclose()
    backend = create_backend("aiohttp", max_connections=1, headers={}, verify=certifi.where())
    session = backend._open()  # type: ignore[attr-defined]
    assert isinstance(session.connector._ssl, ssl.SSLContext)
    assert session.connector._ssl.verify_mode is ssl.CERT_REQUIRED
    await backend.aclose()


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"proxy": "ftp://127.0.0.1:21"}, "proxy must be an http"),
        ({"proxy": f"socks5://u:{PROXY_PASSWORD}@127.0.0.1:1080"}, "proxy must be an http"),
        ({"proxy": f"http://u:{PROXY_PASSWORD}@127.0.0.1:notaport"}, "proxy is not a valid URL"),
        ({"proxy": 8080}, "proxy must be"),
        ({"verify": 1}, "verify must be"),
        ({"verify": "/no/such/ca-bundle.pem"}, "no CA certificates"),
        ({"trust_env": "yes"}, "trust_env must be"),
    ],
)
def test_bad_network_settings_are_refused_without_quoting_credentials(
    settings: dict[str, object], message: str
) -> None:
    with pytest.raises(ValidationError, match=message) as caught:
        ScanSourceClient(subscription_key=KEY, **settings)  # type: ignore[arg-type]
    assert PROXY_PASSWORD not in str(caught.value)


def test_the_proxy_is_read_from_the_environment() -> None:
    proxy = f"http://{PROXY_USER}:{PROXY_PASSWORD}@127.0.0.1:3128"
    client = ScanSourceClient.from_env(
        environ={"SCANSOURCE_SUBSCRIPTION_KEY": KEY, "SCANSOURCE_PROXY": proxy}
    )
    assert client.config.proxy == proxy
    assert PROXY_PASSWORD not in repr(client.config)
    assert "proxy='http://***@127.0.0.1:3128'" in repr(client.config)
