"""Errors of the store layer, shared by every backend."""


class StoreError(Exception):
    """A store that cannot be opened or written; the message names the file (or database) and the problem."""
