"""Modules handed to the suite as bindings: malformed ones, and ones that hang."""
