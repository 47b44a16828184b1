"""PartnerProfile group: ``GET partnerprofile?APIKey=&developerEmail=`` and
``GET partnerprofile/validate?developerEmail=&customerNumber=&url=``.

Shapes (invented; the seeds only name the operations):

* ``partnerprofile`` → ``{DeveloperEmail, CompanyName, Status: "Active", CustomerNumbers: [...],
  Apis: [group names served], CreatedDate}``. Both parameters are required (400); ``APIKey`` must
  be one of the simulator's subscription keys and ``developerEmail`` its developer email
  (case-insensitive), else ``404 "Partner profile not found"``. The request log redacts ``APIKey``.
* ``partnerprofile/validate`` → ``{DeveloperEmail, CustomerNumber, Url, IsValid, Message}``:
  valid when the email is the developer's and ``url`` (a path such as ``product/pricing`` or a
  full URL) names an API group the simulator serves; ``Message`` says why not. Missing parameters
  are a 400, an unknown customer number a 400 (as elsewhere in query parameters).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import Response

from ._common import ApiError, bad_request, json_response, query_customer, state_of
from ._router import Handler

__all__ = ["GROUP", "HANDLERS"]

GROUP: Final = "PartnerProfile"
COMPANY_NAME: Final = "Simulated Partner Inc."


def _required(request: Request, name: str) -> str:
    value = request.query_params.get(name)
    if not value:
        bad_request(f"{name} is required")
    return value


async def profile(request: Request) -> Response:
    state = state_of(request)
    api_key = _required(request, "APIKey")
    email = _required(request, "developerEmail")
    if api_key not in state.subscription_keys or email.lower() != state.developer_email.lower():
        raise ApiError(404, "Partner profile not found")
    return json_response(
        {
            "DeveloperEmail": state.developer_email,
            "CompanyName": COMPANY_NAME,
            "Status": "Active",
            "CustomerNumbers": sorted(state.customers),
            "Apis": list(state.groups.get("_api_names", ())),
            "CreatedDate": "2024-01-15T00:00:00",
        }
    )


async def validate(request: Request) -> Response:
    state = state_of(request)
    email = _required(request, "developerEmail")
    url = _required(request, "url")
    customer = query_customer(request)
    path = urlsplit(url).path if "://" in url else url.split("?", 1)[0]
    segments = path.strip("/").lower().split("/")
    # The gateway writes the group second: scsc/{group}/v{n}/...
    first = segments[1] if segments[0] == "scsc" and len(segments) > 1 else segments[0]
    message: str | None = None
    if email.lower() != state.developer_email.lower():
        message = f"Developer '{email}' has no partner profile"
    elif first not in state.groups.get("_api_prefixes", ()):
        message = f"The profile does not grant access to '{url}'"
    return json_response(
        {
            "DeveloperEmail": email,
            "CustomerNumber": customer.number,
            "Url": url,
            "IsValid": message is None,
            "Message": message,
        }
    )


HANDLERS: Final[Mapping[str, Handler]] = {
    "partner_profile.get": profile,
    "partner_profile.validate": validate,
}
