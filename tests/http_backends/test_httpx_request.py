"""The httpx backend's requests are the very requests ``httpx.Request`` would build."""

from __future__ import annotations

import itertools
from typing import Any

import httpx
import pytest

from scansource_async._http._httpx import _parsed, build_request

URLS = [
    "http://127.0.0.1:8000/scsc/product/v2/pricing?customerNumber=1000001",
    "https://api.example.com/path/with%20space?a=1&b=%C3%A9",
    "https://api.example.com:443/default-port",
    "http://[::1]:9000/ipv6",
    "https://bücher.example/idna",
]
HEADERS: list[dict[str, str]] = [
    {"user-agent": "scansource-async/0.1", "authorization": "Bearer t", "accept": "*/*"},
    {"host": "elsewhere.example", "content-type": "application/json"},
    {"content-length": "2"},
    {"transfer-encoding": "chunked"},
]
BODIES = [None, b"", b"{}", b'{"Lines": []}']
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "post"]


def described(request: httpx.Request) -> tuple[Any, ...]:
    return (
        request.method,
        str(request.url),
        (request.url.raw_scheme, request.url.raw_host, request.url.port, request.url.raw_path),
        request.headers.raw,
        request.content,
        b"".join(request.stream),  # type: ignore[arg-type]
        request.extensions,
    )


@pytest.mark.parametrize(
    ("url", "headers"), list(itertools.product(URLS, HEADERS)), ids=lambda value: str(value)[:40]
)
def test_the_same_request_as_httpx_builds(url: str, headers: dict[str, str]) -> None:
    for method, body in itertools.product(METHODS, BODIES):
        extensions = {"timeout": {"read": 1.0}, "marker": object()}
        expected = httpx.Request(method, url, content=body, headers=headers, extensions=extensions)
        assert described(build_request(method, url, headers, body, extensions)) == described(
            expected
        ), (method, body)


def test_a_url_is_parsed_once_and_the_cache_is_bounded() -> None:
    url = "http://127.0.0.1:8000/once?x=1"
    first = build_request("GET", url, {}, None, {})
    hits = _parsed.cache_info().hits
    second = build_request("GET", url, {}, None, {})
    assert _parsed.cache_info().hits == hits + 1
    assert first.url == second.url == httpx.URL(url)
    assert _parsed.cache_info().maxsize == 256


def test_a_url_httpx_refuses_is_refused_each_time() -> None:
    for _ in range(2):
        with pytest.raises(httpx.InvalidURL):
            build_request("GET", "http://example.com/\x00", {}, None, {})
