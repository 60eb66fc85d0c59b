"""The conformance suite judged: it rejects broken implementations, judges variants precisely, and reports."""
