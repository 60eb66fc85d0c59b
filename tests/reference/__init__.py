"""The reference implementation's own tests: its behaviour, state machine, datastructures and faults."""
