"""A small open-loop HTTP/1.1 load generator for the benchmarks (loopback only).

Requests are started on a fixed schedule (``rate`` a second) whatever the server's speed, over a pool
of keep-alive connections, and each latency is measured from the request's scheduled start, so a
stalled server shows as latency rather than as a slower schedule (no coordinated omission).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Outcome:
    sent: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)  # seconds, of every answered request
    errors: int = 0
    elapsed: float = 0.0
    bodies: list[tuple[int, bytes]] = field(default_factory=list)
    answered_at: dict[int, float] = field(default_factory=dict)  # request index -> perf_counter at its answer
    status_of: dict[int, int] = field(default_factory=dict)  # request index -> its answer's status
    latency_of: dict[int, float] = field(default_factory=dict)  # request index -> its latency, seconds

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]

    def percentile_of(self, statuses: set[int], p: float) -> float:
        """The p-th percentile latency of the answers with one of ``statuses`` (the served, the shed)."""
        ordered = sorted(t for i, t in self.latency_of.items() if self.status_of.get(i) in statuses)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]

    def count_of(self, statuses: set[int]) -> int:
        return sum(n for status, n in self.statuses.items() if status in statuses)

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed else 0.0


class _Connection:
    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, headers: dict[str, str], body: bytes) -> tuple[int, bytes]:
        for attempt in (1, 2):
            if self.writer is None:
                self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
            head = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}", "Connection: keep-alive"]
            head += [f"{k}: {v}" for k, v in headers.items()]
            if body:
                head.append(f"Content-Length: {len(body)}")
            self.writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
            try:
                await self.writer.drain()
                return await self._read_response()
            except (ConnectionError, asyncio.IncompleteReadError):
                self.close()
                if attempt == 2:
                    raise
        raise ConnectionError("unreachable")

    async def _read_response(self) -> tuple[int, bytes]:
        assert self.reader is not None
        status_line = await self.reader.readuntil(b"\r\n")
        status = int(status_line.split()[1])
        length, chunked, close = 0, False, False
        while True:
            line = await self.reader.readuntil(b"\r\n")
            if line == b"\r\n":
                break
            name, _, value = line.decode("latin-1").partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "content-length":
                length = int(value)
            elif name == "transfer-encoding" and "chunked" in value.lower():
                chunked = True
            elif name == "connection" and value.lower() == "close":
                close = True
        if chunked:
            body = b""
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).strip(), 16)
                chunk = await self.reader.readexactly(size + 2)
                if size == 0:
                    break
                body += chunk[:-2]
        else:
            body = await self.reader.readexactly(length)
        if close:
            self.close()
        return status, body

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


RequestFactory = Callable[[int], tuple[str, str, dict[str, str], bytes]]


async def _run(
    host: str, port: int, make_request: RequestFactory, rate: float, duration: float, connections: int, keep: bool
) -> Outcome:
    outcome = Outcome()
    pool: asyncio.Queue[_Connection] = asyncio.Queue()
    for _ in range(connections):
        pool.put_nowait(_Connection(host, port))
    total = round(rate * duration)
    start = time.perf_counter()

    async def one(index: int, scheduled: float) -> None:
        method, path, headers, body = make_request(index)
        connection = await pool.get()
        try:
            status, answer = await connection.request(method, path, headers, body)
            now = time.perf_counter()
            outcome.latencies.append(now - scheduled)
            outcome.answered_at[index] = now
            outcome.status_of[index] = status
            outcome.latency_of[index] = now - scheduled
            outcome.statuses[status] = outcome.statuses.get(status, 0) + 1
            if keep:
                outcome.bodies.append((index, answer))
        except (OSError, asyncio.IncompleteReadError, ValueError):
            outcome.errors += 1
            connection.close()
        finally:
            pool.put_nowait(connection)

    tasks = []
    for index in range(total):
        scheduled = start + index / rate
        delay = scheduled - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(index, scheduled)))
        outcome.sent += 1
    await asyncio.gather(*tasks)
    outcome.elapsed = time.perf_counter() - start
    while not pool.empty():
        pool.get_nowait().close()
    return outcome


def run(
    host: str,
    port: int,
    make_request: RequestFactory,
    *,
    rate: float,
    duration: float,
    connections: int = 64,
    keep_bodies: bool = False,
) -> Outcome:
    """Sends ``rate * duration`` requests, the i-th built by ``make_request(i)``."""
    return asyncio.run(_run(host, port, make_request, rate, duration, connections, keep_bodies))
