"""API: commendations (thi đua, khen thưởng), at /awards. `endpoints` holds the
router, `schemas` what goes in and out."""

from bcd138.awards.api.endpoints import router

__all__ = ["router"]
