"""Benchmarks of the reference ``WebSocket``, each run as ``python -m benchmarks.<name>``."""
