"""Binding modules of other frameworks' WebSocket classes, for ``python -m conformance conformance.bindings.NAME``.

Each re-exports a framework's own classes under the names the suite reads (``WebSocket``,
``WebSocketDisconnect`` and, where the framework has them, ``WebSocketState`` and
``WebSocketClose``) and adds no behaviour, so that a verdict is the framework's own. The
``ecosystem`` extra installs the versions they were written against.
"""
