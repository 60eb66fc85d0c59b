"""The benchmarks' harness (never their timings)."""
