"""API: the hot-spot analysis (at /hotspots): runs with their trends and
GeoJSON, and the alerts with their follow-up. Same access rules as the pages:
commune police see their commune's cells, trends and alerts only."""

from ninja import Router

from bcd138.hotspots.api.alerts import router as alerts_router
from bcd138.hotspots.api.runs import router as runs_router

router = Router()
router.add_router("/hotspots", runs_router)
router.add_router("/hotspots", alerts_router)

__all__ = ["router"]
