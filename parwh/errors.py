"""The one kind of error parwh reports as a message (and exit status 1) rather than a traceback."""


class ParwhError(RuntimeError):
    """Something the user can act on; the message says what happened and what to do."""
