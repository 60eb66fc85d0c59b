"""Other frameworks: their bindings, the ecosystem report and the reproducers of their defects."""
