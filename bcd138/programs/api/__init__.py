"""API: coordination programmes, recommendations, plans and tasks (at /programs).

Every endpoint goes through the same access helpers and services as the pages:
a member agency or a commune sees its own items, the standing office and the
committee leaders their committees' (the standing office alone manages).
"""

from ninja import Router

from bcd138.programs.api.plans import router as plans_router
from bcd138.programs.api.programmes import router as programmes_router
from bcd138.programs.api.recommendations import router as recommendations_router

router = Router()
router.add_router("/programs", programmes_router)
router.add_router("/programs", recommendations_router)
router.add_router("/programs", plans_router)

__all__ = ["router"]
