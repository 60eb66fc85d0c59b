"""A binding that hides Starlette's classes behind ``Any``: a checker sees nothing it could compare.

Starlette 1.10 fails TYPE-1 and TYPE-2 (SPEC.md's typed departures); through this binding
mypy, which accepts ``Any`` as every protocol, would report no member at all.
"""

from typing import Any

import starlette.websockets

WebSocket: Any = starlette.websockets.WebSocket
"""Starlette's ``WebSocket``, declared ``Any``."""

WebSocketDisconnect: Any = starlette.websockets.WebSocketDisconnect
"""Starlette's ``WebSocketDisconnect``, declared ``Any``."""

__all__ = ["WebSocket", "WebSocketDisconnect"]
