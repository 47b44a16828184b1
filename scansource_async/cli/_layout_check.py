"""Layout detection: when the chosen layout's product search gets APIM's 404 (no operation at
that path), ask the other layout's route once; if that one answers, the setting is wrong."""

from __future__ import annotations

from typing import Final

from .. import APIConnectionError, APIStatusError, ScanSourceClient
from ..resources._endpoints import API_LAYOUTS, ENDPOINTS
from ._checks import Check
from ._doctor_http import Pacer, RecordingTransport
from ._op_probes import route_missing

__all__ = ["LAYOUT_VARIABLE", "layout_check"]

LAYOUT_VARIABLE: Final = "SCANSOURCE_API_LAYOUT"
_PROBED: Final = "products.search"


async def layout_check(
    layout: str,
    search: Check,
    client: ScanSourceClient,
    customer_number: str,
    recorder: RecordingTransport,
    pacer: Pacer,
) -> tuple[Check, str | None]:
    """The layout check from the chosen layout's search probe, and the layout to suggest when
    the other one answers."""
    if search.ok or search.status != 404 or not search.detail.startswith("route unknown"):
        return Check(name="layout", ok=True, detail=f"the {layout} routes answer"), None
    other = next(name for name in API_LAYOUTS if name != layout)
    route = ENDPOINTS[_PROBED].route(other)
    assert route is not None
    path, query = route.build({})
    params = {**query, "customerNumber": customer_number, "page": 1, "pageSize": 1}
    await pacer.wait()
    before = len(recorder.exchanges)
    try:
        await client.request(route.method, path, params=params)
    except (APIStatusError, APIConnectionError) as exc:
        answered = isinstance(exc, APIStatusError) and not route_missing(exc)
        why = f"{exc.status_code}" if isinstance(exc, APIStatusError) else type(exc).__name__
    else:
        answered, why = True, "200"
    made = recorder.exchanges[before:]
    last = made[-1] if made else None
    if answered:
        detail = (
            f"the {layout} routes answer 404 (no such operation) but the {other} layout's"
            f" answer ({why} from {path}): set {LAYOUT_VARIABLE}={other}"
        )
    else:
        detail = (
            f"neither layout's routes answer ({layout}: 404, {other}: {why}):"
            " check SCANSOURCE_BASE_URL"
        )
    check = Check(
        name="layout",
        ok=False,
        status=None if last is None else last.status,
        latency_ms=None if last is None else last.latency_ms,
        request_id=None if last is None else last.request_id,
        detail=detail,
    )
    return check, other if answered else None
