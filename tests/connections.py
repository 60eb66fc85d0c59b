"""Reference connections wired to a scripted peer."""

from __future__ import annotations

from conformance.peer import CONNECT, Peer, make_scope
from wsproto_api.asgi import Message
from wsproto_api.reference import WebSocket


async def accepted(*incoming: Message) -> tuple[Peer, WebSocket]:
    """An accepted connection whose peer will deliver ``incoming`` next."""
    peer = Peer(CONNECT, *incoming)
    ws = WebSocket(make_scope(), peer.receive, peer.send)
    await ws.accept()
    return peer, ws
