"""The live tier: real ASGI servers serving a binding."""
