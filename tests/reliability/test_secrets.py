"""Secrets: the subscription key, the client secret and every bearer token never appear in a
repr, a log line (every logger, DEBUG), an exception's text or traceback, or CLI output.

Every test of this directory runs under the ``watch`` fixture (see conftest), so the fault soak,
creates, cancellation, deadline, token and long-lived runs are all scanned too; these tests add
the error paths and the command line, and show that the watch does find a leak.
"""

from __future__ import annotations

import logging

import pytest

from .harness import CLIENT_SECRET, SUBSCRIPTION_KEY, SecretWatch, size
from .scenarios import cli_output, secrets_run


def test_the_watch_finds_a_secret_wherever_it_shows(watch: SecretWatch) -> None:
    watch.tokens.add("TOKEN-planted-0123456789")
    logging.getLogger("h11").debug("send_request_headers %s", SUBSCRIPTION_KEY)
    logging.getLogger("some.library").debug("secret=%s", CLIENT_SECRET)
    logging.getLogger("scansource_async").info("Bearer TOKEN-planted-0123456789")
    watch.exception(RuntimeError(f"oops {CLIENT_SECRET}"))
    watch.reprs({"key": SUBSCRIPTION_KEY})
    found = list(watch.findings)
    watch.findings.clear()  # planted on purpose: not a leak of the client's
    assert len(found) == 5, found
    # What the client logs itself is scrubbed before any handler sees it.
    assert not any("scansource_async" in finding for finding in found[:2])


@pytest.mark.slow
async def test_no_secret_on_any_error_path(watch: SecretWatch) -> None:
    figures = await secrets_run(watch, seed=8)

    assert figures.held, figures.summary()
    assert watch.found == 0, watch.findings
    assert watch.lines > 100 and watch.texts > 10  # DEBUG lines and error texts were seen
    assert len(watch.tokens) >= 2  # the first token and the one after the revocation


async def test_no_secret_in_cli_output(watch: SecretWatch) -> None:
    figures = await cli_output(watch, size(200, 2_000), seed=9)

    assert figures.held, figures.summary() + str(figures.notes)
    assert watch.found == 0, watch.findings
