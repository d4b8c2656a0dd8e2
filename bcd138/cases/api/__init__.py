"""API: criminal cases (vụ án hình sự) and the Penal Code catalogue.

`cases_router` (at /cases) is the list, one case, the opening, the reveal of
the identities and a unit's overdue list; `steps_router` (also at /cases) every
step of the case, each through the same service as the case page, so the two
cannot disagree; `people_router` (also at /cases) adds victims and seized
property. `law_router` (at /law) searches the Penal Code.

No schema carries the accused's or the victims' identity except the answer of
the reveal endpoint, which needs a stated reason and is audited.
"""

from ninja import Router

from bcd138.cases.api.cases import router as cases_router
from bcd138.cases.api.law import router as law_router
from bcd138.cases.api.people import router as people_router
from bcd138.cases.api.steps import router as steps_router

routers = Router()
routers.add_router("/cases", cases_router)
routers.add_router("/cases", steps_router)
routers.add_router("/cases", people_router)
routers.add_router("/law", law_router)

__all__ = ["cases_router", "law_router", "people_router", "routers", "steps_router"]
