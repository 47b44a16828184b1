"""The simulator's router: every API route comes from the client's own endpoint table
(``scansource_async.resources._endpoints``), in one layout, so the two can never disagree.

Paths are matched on the raw (still percent-encoded) path, one segment at a time, so an
identifier may hold any character, ``/`` included. Identifiers sent as path segments (legacy)
or as query parameters (gateway) reach the handler the same way: ``request.path_params`` keyed
by the seeds' wire names (``customerNumber``, ``cartCollectionKey`` ...) and :func:`ident` keyed
by the client's keyword (``customer_number``). A path of the other layout is a 404, as in
production; a known path with another method is a 405.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Final
from urllib.parse import parse_qsl, unquote

import attrs
from starlette.requests import Request
from starlette.responses import Response

from ...resources._endpoints import WIRE_NAMES, Route, resolve
from ._common import CONTEXT_KEY, ApiError

__all__ = ["IDENTS_KEY", "OPERATION_KEY", "Handler", "Router", "ident"]

Handler = Callable[[Request], Awaitable[Response]]

#: ASGI scope keys: identifiers by keyword, and the operation name
IDENTS_KEY: Final = "scansource_simulator.idents"
OPERATION_KEY: Final = "scansource_simulator.operation"


def ident(request: Request, name: str) -> str:
    """The identifier ``name`` (client keyword, e.g. ``customer_number``) of this request."""
    idents: Mapping[str, str] = request.scope[IDENTS_KEY]
    return idents[name]


@attrs.frozen
class _Compiled:
    name: str
    route: Route
    handler: Handler
    # per segment: the literal text, or None for an identifier (named in ``slots``)
    literals: tuple[str | None, ...]
    slots: tuple[str | None, ...]

    @property
    def specificity(self) -> int:
        return sum(literal is not None for literal in self.literals)


class Router:
    """Matches requests to operations for one layout and calls their handlers."""

    def __init__(self, layout: str, handlers: Mapping[str, Handler]) -> None:
        self.layout = layout
        self._exact: dict[str, dict[str, _Compiled]] = {}  # path -> method -> route
        self._shaped: dict[int, list[_Compiled]] = {}  # segment count -> routes with slots
        for name, handler in handlers.items():
            route = resolve(name, layout)
            if route is None:
                continue
            compiled = _compile(name, route, handler)
            if all(literal is not None for literal in compiled.literals):
                methods = self._exact.setdefault(route.path, {})
                assert route.method not in methods, f"two operations on {route.display()}"
                methods[route.method] = compiled
            else:
                self._shaped.setdefault(len(compiled.literals), []).append(compiled)
        for routes in self._shaped.values():  # literal segments beat identifiers
            routes.sort(key=lambda c: c.specificity, reverse=True)
        self.operations = frozenset(name for name in handlers if resolve(name, layout) is not None)

    def match(self, method: str, raw_path: str) -> tuple[_Compiled, dict[str, str]]:
        """The route and path identifiers of ``METHOD raw_path`` (no leading slash); raises
        ApiError 404/405."""
        exact = self._exact.get(raw_path)
        if exact is not None:
            found = exact.get(method)
            if found is None:
                raise _not_allowed(exact)
            return found, {}
        segments = raw_path.split("/")
        allowed: list[str] = []
        for compiled in self._shaped.get(len(segments), ()):
            values: dict[str, str] = {}
            for segment, literal, slot in zip(
                segments, compiled.literals, compiled.slots, strict=True
            ):
                if literal is not None:
                    if segment != literal:
                        break
                elif not segment:
                    break
                else:
                    values[slot] = unquote(segment)  # type: ignore[index]
            else:
                if compiled.route.method == method:
                    return compiled, values
                allowed.append(compiled.route.method)
        if allowed:
            raise _not_allowed(allowed)
        raise ApiError(404, "Resource not found")

    def operation_of(self, method: str, raw_path: str) -> str | None:
        try:
            return self.match(method, raw_path)[0].name
        except ApiError:
            return None

    def fault_path(self, method: str, raw_path: str, query_string: bytes) -> str:
        """The path the fault model keys on: the seeds' (legacy) path of the operation, so
        fault keys such as ``"POST product/pricing"`` work in either layout."""
        if self.layout == "legacy":
            return raw_path
        query = dict(parse_qsl(query_string.decode("latin-1"), keep_blank_values=True))
        return self.legacy_path(method, raw_path, query)

    def legacy_path(self, method: str, raw_path: str, query: Mapping[str, str]) -> str:
        """``raw_path`` as the legacy layout writes the same call (``invoice/detail/1/2``);
        the path itself when it matches no operation or the operation has no legacy route."""
        if self.layout == "legacy":
            return raw_path
        try:
            compiled, values = self.match(method, raw_path)
        except ApiError:
            return raw_path
        legacy = resolve(compiled.name, "legacy")
        if legacy is None:
            return raw_path
        for wire, name in compiled.route.query:
            values[name] = query.get(wire, "")
        parts = [
            literal if name is None else values.get(name, "")
            for literal, name in zip(*_split(legacy), strict=True)
        ]
        return "/".join(str(part) for part in parts)

    async def dispatch(self, request: Request) -> Response:
        """The Starlette endpoint serving every API operation."""
        raw = request.scope.get("raw_path")
        path = raw.decode("latin-1").split("?", 1)[0] if raw else request.url.path
        compiled, values = self.match(request.method, path.lstrip("/"))
        if compiled.route.query:
            params = request.query_params
            for wire, name in compiled.route.query:
                value = params.get(wire)
                if not value:
                    raise ApiError(400, f"{wire} is required")
                values[name] = value
        scope = request.scope
        scope[IDENTS_KEY] = values
        scope[OPERATION_KEY] = compiled.name
        scope["path_params"] = {WIRE_NAMES.get(k, k): v for k, v in values.items()}
        context = scope.get(CONTEXT_KEY)
        if context is not None:
            context.operation = compiled.name
        return await compiled.handler(request)


def _split(route: Route) -> tuple[tuple[str | None, ...], tuple[str | None, ...]]:
    literals: list[str | None] = []
    slots: list[str | None] = []
    for segment in route.segments:
        if segment.startswith("{") and segment.endswith("}"):
            literals.append(None)
            slots.append(segment[1:-1])
        else:
            literals.append(segment)
            slots.append(None)
    return tuple(literals), tuple(slots)


def _compile(name: str, route: Route, handler: Handler) -> _Compiled:
    literals, slots = _split(route)
    return _Compiled(name, route, handler, literals, slots)


def _not_allowed(methods: Iterable[str]) -> ApiError:
    return ApiError(405, "Method not allowed", headers={"Allow": ", ".join(sorted(set(methods)))})
