"""Administrative units: loading, lookup, successors and typed-address resolution.

Rules: units are reference data loaded only from the committed files (never the
network); a legacy unit counts under its default 2025 successor; an address that
could be several units is answered with candidates, never with a guess.
"""

from bcd138.places.services.address import AddressResolution, address_resolve
from bcd138.places.services.loading import LoadStats, places_load
from bcd138.places.services.lookup import place_get, place_successors, places_search

__all__ = [
    "AddressResolution",
    "LoadStats",
    "address_resolve",
    "place_get",
    "place_successors",
    "places_load",
    "places_search",
]
