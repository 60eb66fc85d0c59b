"""The ecosystem report: every installed framework's WebSocket judged on every tier, written to ECOSYSTEM.md.

``python -m conformance.ecosystem`` runs, for each framework of :data:`frameworks.FRAMEWORKS`
that is installed, the runtime tier on both backends, the static tier (mypy and pyright) and
the live tier, each in its own process through the ``conformance`` command line; it keeps
what they found in ``ecosystem/results.json`` and writes ``ECOSYSTEM.md`` and the README's
summary table from it, with every defect linked to its reproducer in ``ecosystem/reproducers``.
"""
