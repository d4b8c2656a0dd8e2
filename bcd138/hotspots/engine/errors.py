"""The engine's one error type."""


class HotspotError(ValueError):
    """A user's mistake (bad input, an impossible option). The message names the
    row, the column or the option to change, and is meant to be shown as is."""
