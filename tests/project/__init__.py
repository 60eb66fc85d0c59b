"""The project's documents and packaging: README, SPEC.md, clause references, an installed wheel."""
