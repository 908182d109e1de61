"""Bounded load test of the web app: 50 concurrent clients analyse essays over loopback.

It starts the app with uvicorn on a free 127.0.0.1 port (its own temporary data
folder), sends a fixed number of requests from N async clients, prints p50/p95
latency and the error count, stops the server and exits: non-zero if any
request failed. It talks to nothing but loopback.

Example: python scripts/loadtest.py --clients 50 --requests 2
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import statistics
import sys
import tempfile
import threading
import time

# Essays written for this test; each client sends them with its own id so no
# two requests are identical, and the answers stay deterministic.
ESSAYS = [
    """Was the October Revolution a popular revolution or a coup?
In October 1917 the Bolsheviks took power in Petrograd. Lenin argued for an armed rising and the Military
Revolutionary Committee organised it. This shows that the seizure of power was planned by a small party.
However, the Bolsheviks had won majorities in the city soviets in September, which suggests real support.
In conclusion, the rising was a coup, but it was carried out with popular backing.
""",
    """How far was the Treaty of Versailles to blame for the Second World War?
The treaty took land from Germany, limited its army and made it pay reparations. Many Germans resented it,
and Hitler used that anger to win votes. This shows that the treaty helped the Nazis to rise.
On the other hand, the Depression and the weakness of the League of Nations also mattered a great deal.
Overall the treaty was one cause among several rather than the main one.
""",
    """Why did the Roman Republic collapse?
Generals such as Marius, Sulla and Caesar built armies loyal to themselves rather than to the Senate.
This meant that political quarrels could be settled by force. The gap between rich and poor also grew,
and reformers like the Gracchi were killed. Therefore the Republic fell because its institutions could no
longer control ambitious men with private armies.
""",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_server(workers: int):
    import uvicorn

    from essaylens.web import create_app

    port = _free_port()
    data = tempfile.TemporaryDirectory(prefix="essaylens-loadtest-")
    app = create_app(data_dir=data.name, token="", workers=workers)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if time.monotonic() > deadline:
            raise SystemExit("the server did not start")
        time.sleep(0.05)
    return server, thread, data, f"http://127.0.0.1:{port}"


async def _client(base: str, n: int, requests: int, timeout: float, latencies: list, errors: list) -> None:
    import httpx

    async with httpx.AsyncClient(base_url=base, timeout=timeout, trust_env=False) as client:
        for i in range(requests):
            text = ESSAYS[(n + i) % len(ESSAYS)]
            start = time.perf_counter()
            try:
                r = await client.post("/api/v1/analyze", json={"text": text, "essay_id": f"client{n}-{i}"})
                ok = r.status_code == 200 and r.json().get("essay_id") == f"client{n}-{i}"
                if not ok:
                    errors.append(f"client {n}: HTTP {r.status_code} {r.text[:120]}")
            except Exception as err:  # timeouts and connection errors count as errors
                errors.append(f"client {n}: {type(err).__name__}: {err}")
            latencies.append(time.perf_counter() - start)


async def _run(base: str, clients: int, requests: int, timeout: float) -> tuple[list, list, float]:
    latencies: list[float] = []
    errors: list[str] = []
    start = time.perf_counter()
    await asyncio.gather(*(_client(base, n, requests, timeout, latencies, errors) for n in range(clients)))
    return latencies, errors, time.perf_counter() - start


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def main(argv: list[str] | None = None) -> int:
    """Run the load test; returns the exit status (1 when any request failed)."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--clients", type=int, default=50, help="concurrent clients (default 50)")
    ap.add_argument("--requests", type=int, default=2, help="analyses per client (default 2)")
    ap.add_argument("--workers", type=int, default=1, help="server analysis threads (default 1)")
    ap.add_argument("--timeout", type=float, default=300.0, help="seconds before a request counts as failed")
    args = ap.parse_args(argv)

    server, thread, data, base = _start_server(args.workers)
    try:
        import httpx

        httpx.post(base + "/api/v1/analyze", json={"text": ESSAYS[0]}, timeout=120, trust_env=False)  # warm up
        latencies, errors, wall = asyncio.run(_run(base, args.clients, args.requests, args.timeout))
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        data.cleanup()
    total = len(latencies)
    print(f"web load test: {args.clients} concurrent clients x {args.requests} analyses = {total} requests "
          f"on loopback, {args.workers} analysis thread(s)")
    print(f"  p50 latency {_pct(latencies, 0.50):.2f} s   p95 {_pct(latencies, 0.95):.2f} s   "
          f"max {max(latencies):.2f} s   mean {statistics.fmean(latencies):.2f} s")
    print(f"  throughput {total / wall:.1f} analyses/s over {wall:.1f} s")
    print(f"  errors {len(errors)}")
    for line in errors[:10]:
        print("   ", line)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
