"""A binding whose import raises."""

raise RuntimeError("this backend needs a configured event loop")
