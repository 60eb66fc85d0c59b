"""The contract under type checkers, the static tier and the reader of checker output."""
