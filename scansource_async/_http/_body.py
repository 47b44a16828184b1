"""Reading a response body under a size cap, decompressing as it streams in.

Both backends hand the raw (still encoded) chunks to :class:`CappedBody`. Decompression is
done here rather than by the library so that the cap holds for the *decoded* size: each
``decompress`` call is told how much room is left, so a gzip bomb never expands past the cap
plus one byte, whatever its compression ratio.
"""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterable, Mapping

__all__ = ["ACCEPT_ENCODING", "BodyTooLarge", "BodyUndecodable", "CappedBody"]

#: what both backends advertise; exactly the encodings decoded here
ACCEPT_ENCODING = "gzip, deflate"
# Decoded bytes per decompress call: zlib grows its output buffer by reallocation, so one
# call asked for the whole cap could briefly hold about twice that.
_STEP = 256 * 1024


class BodyTooLarge(Exception):
    """The decoded body passed the cap; reading stopped there."""

    def __init__(self, limit: int, status: int, headers: Mapping[str, str]) -> None:
        super().__init__(f"the response body is larger than {limit} bytes")
        self.limit = limit
        self.status = status
        self.headers = headers


class BodyUndecodable(Exception):
    """The body does not decode under its own Content-Encoding."""

    def __init__(self, encoding: str, status: int, headers: Mapping[str, str]) -> None:
        super().__init__(f"the response body is not valid {encoding} data")
        self.status = status
        self.headers = headers


class _Deflate:
    """zlib-wrapped deflate, falling back to raw deflate (servers send either as "deflate")."""

    def __init__(self) -> None:
        self._inner = zlib.decompressobj()
        self._started = False

    @property
    def unconsumed_tail(self) -> bytes:
        return self._inner.unconsumed_tail

    def decompress(self, data: bytes, max_length: int) -> bytes:
        if not self._started:
            self._started = True
            try:
                return self._inner.decompress(data, max_length)
            except zlib.error:
                self._inner = zlib.decompressobj(-zlib.MAX_WBITS)
        return self._inner.decompress(data, max_length)

    def flush(self) -> bytes:
        return self._inner.flush()


def _decoder(encoding: str) -> _Deflate | zlib._Decompress | None:
    if encoding in ("gzip", "x-gzip"):
        return zlib.decompressobj(zlib.MAX_WBITS | 16)
    if encoding == "deflate":
        return _Deflate()
    # identity, or an encoding we never asked for: kept as sent (as httpx does)
    return None


class CappedBody:
    """Collects one body; ``feed`` raises :class:`BodyTooLarge` as soon as it passes ``limit``."""

    __slots__ = ("_decoder", "_encoding", "_headers", "_limit", "_parts", "_size", "_status")

    def __init__(self, limit: int, status: int, headers: Mapping[str, str]) -> None:
        self._limit = limit
        self._status = status
        self._headers = headers
        self._parts: list[bytes] = []
        self._size = 0
        self._encoding = headers.get("content-encoding", "").strip().lower()
        self._decoder = _decoder(self._encoding) if self._encoding else None
        if self._decoder is None:  # a declared length beyond the cap fails before reading
            length = headers.get("content-length", "")
            if length.isdigit() and int(length) > limit:
                raise BodyTooLarge(limit, status, headers)

    async def read(self, chunks: AsyncIterable[bytes]) -> bytes:
        """The whole decoded body of ``chunks`` (as the library hands them over)."""
        async for chunk in chunks:
            self.feed(chunk)
        return self.finish()

    def feed(self, chunk: bytes) -> None:
        if self._decoder is None:
            self._keep(chunk)
            return
        decoder = self._decoder
        try:
            # At most one byte past the cap: enough to know it was passed.
            self._keep(decoder.decompress(chunk, min(_STEP, self._limit - self._size + 1)))
            while tail := decoder.unconsumed_tail:
                self._keep(decoder.decompress(tail, min(_STEP, self._limit - self._size + 1)))
        except zlib.error:
            raise BodyUndecodable(self._encoding, self._status, self._headers) from None

    def finish(self) -> bytes:
        if self._decoder is not None:
            try:
                self._keep(self._decoder.flush())
            except zlib.error:
                raise BodyUndecodable(self._encoding, self._status, self._headers) from None
        parts = self._parts
        if len(parts) == 1:
            return parts[0]
        return b"".join(parts)

    def _keep(self, data: bytes) -> None:
        if not data:
            return
        self._size += len(data)
        if self._size > self._limit:
            self._parts.clear()
            raise BodyTooLarge(self._limit, self._status, self._headers)
        self._parts.append(data)
