"""Serve one echo app with uvicorn on 127.0.0.1, on a port the system picks, until terminated.

Usage: ``python -m benchmarks.serve APP`` where APP is ``raw`` or a binding module such as
``wsproto_api.reference``. The first line printed is the port; the end-to-end benchmark
reads it, then connects. uvicorn runs its ``websockets-sansio`` protocol (see
``benchmarks.end_to_end`` for why), without compression, access log or lifespan.
"""

from __future__ import annotations

import asyncio
import socket
import sys
from collections.abc import Sequence

import uvicorn

from benchmarks.echo_apps import echo_app

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Bind, print the port, and serve until the process is terminated."""
    arguments = sys.argv[1:] if argv is None else list(argv)
    if len(arguments) != 1:
        print("usage: python -m benchmarks.serve APP", file=sys.stderr)
        return 2
    app = echo_app(arguments[0])
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(2048)
    print(sock.getsockname()[1], flush=True)
    config = uvicorn.Config(
        app,
        ws="websockets-sansio",
        ws_per_message_deflate=False,
        lifespan="off",
        access_log=False,
        log_level="warning",
    )
    asyncio.run(uvicorn.Server(config).serve(sockets=[sock]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
