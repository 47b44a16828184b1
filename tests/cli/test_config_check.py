"""The doctor's configuration check: what it shows of each variable."""

from __future__ import annotations

from scansource_async.cli._config_check import config_check

KEY = "config-check-key-0123456789"
PASSWORD = "proxy-password-7777"


def test_a_proxy_is_shown_without_its_credentials() -> None:
    environ = {
        "SCANSOURCE_SUBSCRIPTION_KEY": KEY,
        "SCANSOURCE_CUSTOMER_NUMBER": "1000001",
        "SCANSOURCE_PROXY": f"http://proxy-user:{PASSWORD}@proxy.test.invalid:3128",
    }
    check, config = config_check(environ)
    assert check.ok, check.detail
    assert config is not None and config.proxy == environ["SCANSOURCE_PROXY"]
    assert "PROXY=http://***@proxy.test.invalid:3128" in check.detail
    assert PASSWORD not in check.detail
    assert KEY not in check.detail
    assert "CUSTOMER_NUMBER=1000001" in check.detail


def test_a_bad_proxy_is_refused_without_quoting_it() -> None:
    environ = {
        "SCANSOURCE_SUBSCRIPTION_KEY": KEY,
        "SCANSOURCE_CUSTOMER_NUMBER": "1000001",
        "SCANSOURCE_PROXY": f"ftp://proxy-user:{PASSWORD}@proxy.test.invalid:21",
    }
    check, config = config_check(environ)
    assert not check.ok
    assert config is None
    assert "proxy must be an http" in check.detail
    assert PASSWORD not in check.detail
