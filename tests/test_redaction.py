"""Secret scrubbing of log records."""

from __future__ import annotations

import logging

import pytest

from scansource_async._redaction import forget_secrets, register_secrets, scrub


def test_a_secret_is_scrubbed_as_written_and_url_encoded() -> None:
    secret = "ab+cd/ef=gh"
    register_secrets(secret)
    try:
        assert scrub(f"key={secret}") == "key=***"
        assert scrub("APIKey=ab%2Bcd%2Fef%3Dgh&x=1") == "APIKey=***&x=1"
    finally:
        forget_secrets(secret)
    assert scrub(f"key={secret}") == f"key={secret}"


def test_short_strings_are_not_treated_as_secrets() -> None:
    register_secrets("k")
    try:
        assert scrub("token ok") == "token ok"
    finally:
        forget_secrets("k")


def test_httpx_log_records_are_scrubbed(caplog: pytest.LogCaptureFixture) -> None:
    secret = "sub-key-for-logs-123"
    register_secrets(secret)
    try:
        with caplog.at_level(logging.INFO, logger="httpx"):
            logging.getLogger("httpx").info("HTTP Request: GET %s", f"https://x/p?APIKey={secret}")
        assert secret not in caplog.text
        assert "APIKey=***" in caplog.text
    finally:
        forget_secrets(secret)


def test_a_client_dropped_without_closing_forgets_its_secrets() -> None:
    import gc

    from scansource_async import ScanSourceClient

    secret = "never-closed-key-42"
    client = ScanSourceClient(subscription_key=secret)
    assert scrub(secret) == "***"
    del client
    gc.collect()
    assert scrub(secret) == secret


def test_forgetting_secrets_inside_a_registration_does_not_deadlock() -> None:
    # What the garbage collector does when it finalizes a dropped client mid-registration.
    import threading

    from scansource_async import _redaction

    def reenter() -> None:
        with _redaction._lock:
            _redaction.register_secrets("reentrant-secret-0123")
            _redaction.forget_secrets("reentrant-secret-0123")

    worker = threading.Thread(target=reenter, daemon=True)
    worker.start()
    worker.join(timeout=10)
    assert not worker.is_alive(), "re-entering the secrets lock deadlocked"
