"""The suite's tests: one module per SPEC.md family, each test tagged with the one clause it checks.

Expectations are written out from SPEC.md's text. The binding under test comes from the
``binding`` fixture; nothing here imports an implementation.
"""
