"""One doctor run: every check in order, each step only when the ones it needs passed.

Configuration, then DNS/TCP/TLS to the API host and the token host, then the token, then the
product operations and the layout (when the chosen layout's routes are unknown and the other
layout's answer, the rest is skipped and the layout suggested), then every other read-only
operation of the route table (through a client that never retries, one request at a time,
paced below the configured rate), optionally the largest pricing request, and last what the
answers said about the rate limit. Nothing is created, changed, deleted or cancelled.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

import attrs

from .. import ScanSourceClient
from .._config import ClientConfig
from .._redaction import scrub
from ._checks import Check, Report, redact_report
from ._config_check import config_check
from ._doctor_http import Pacer, RecordingTransport
from ._layout_check import LAYOUT_VARIABLE, layout_check
from ._net_checks import host_checks, network_hosts
from ._op_probes import PRODUCT_PROBES, Samples, read_only_operations, route_probe, run_probe
from ._probe_lines import GROWTH, probe_lines
from ._rate_signals import rate_check
from ._token_check import token_check

__all__ = ["diagnose"]

_NET_TIMEOUT: Final = 10.0


async def diagnose(environ: Mapping[str, str], *, lines: bool = False) -> Report:
    """Run the doctor against the API ``environ`` configures; returns the scrubbed report."""
    report = Report(environ.get(LAYOUT_VARIABLE, "").strip() or "gateway")
    check, config = config_check(environ)
    report.add(check)
    if config is None:
        return report
    report.layout = config.api_layout
    secrets = (config.subscription_key, config.client_secret)
    reachable = await _network(report, config)
    if reachable:
        token = await token_check(config)
        report.add(token)
        # Without OAuth configured the operations still run: they show what a key alone gets.
        token_ok = token.ok or not config.uses_oauth
    else:
        report.add(Check(name="token", ok=False, detail="skipped: a host is unreachable"))
        token_ok = False
    if not (reachable and token_ok):
        report.add(_skipped_operations("skipped: fix the checks above first"))
        return redact_report(report, secrets)
    await _operations(report, environ, config, lines=lines)
    return redact_report(report, secrets)


async def _network(report: Report, config: ClientConfig) -> bool:
    """DNS, TCP and TLS of every host the client connects to (a proxy, where one is set);
    whether all passed."""
    urls = [("API", config.base_url)]
    if config.uses_oauth:
        urls.append(("token", config.token_url))
    passed = True
    for host in network_hosts(urls, config):
        for check in await host_checks(host, _NET_TIMEOUT):
            passed = report.add(check).ok and passed
    return passed


async def _operations(
    report: Report, environ: Mapping[str, str], config: ClientConfig, *, lines: bool
) -> None:
    recorder = RecordingTransport()
    pacer = Pacer(config.max_rate)
    options: dict[str, Any] = {
        "transport": recorder,
        "max_retries": 0,  # every request the doctor makes is one it decided to make
        "max_in_flight": 1,
        "max_rate": pacer.rate,
        "chunk_size": max(GROWTH[-1], config.chunk_size),
    }
    samples = Samples(customer_number=config.customer_number or "")
    layout = report.layout
    async with ScanSourceClient.from_env(environ=environ, **options) as client:
        checks = {}
        for name, probe in PRODUCT_PROBES.items():
            check = await run_probe(name, probe, client, samples, recorder, pacer, essential=True)
            checks[name] = report.add(_scrubbed(check))
        found, other = await layout_check(
            layout, checks["products.search"], client, samples.customer_number, recorder, pacer
        )
        report.add(_scrubbed(found))
        if other is not None:
            report.suggested[LAYOUT_VARIABLE] = other
            report.add(_skipped_operations(f"skipped: set {LAYOUT_VARIABLE}={other} first"))
        else:
            for name, route in read_only_operations(layout):
                probe = route_probe(name, route)
                check = await run_probe(name, probe, client, samples, recorder, pacer,
                                        essential=False, minimal=True)  # fmt: skip
                report.add(_scrubbed(check))
        if lines and other is None:
            found_lines = await probe_lines(client, recorder, pacer)
            report.add(_scrubbed(found_lines.check))
            if found_lines.suggested is not None:
                report.suggested["SCANSOURCE_CHUNK_SIZE"] = str(found_lines.suggested)
    check, rate = rate_check(recorder.exchanges, config.max_rate, pacer.rate)
    report.add(check)
    report.suggested["SCANSOURCE_MAX_RATE"] = rate


def _skipped_operations(why: str) -> Check:
    return Check(name="operations", ok=False, detail=why, essential=False)


def _scrubbed(check: Check) -> Check:
    """``check`` without any secret the open client knows (its token included)."""
    return attrs.evolve(check, detail=scrub(check.detail))
