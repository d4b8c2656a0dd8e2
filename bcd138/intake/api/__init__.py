"""API: crime information (nguồn tin về tội phạm) for officers, and its public side.

`router` (at /reports) is the officers' queue, a report, the duty desk, every
handling step and the bulk import; it calls the same services and access
helpers as the pages, so the two cannot disagree. `public_router` (at
/public/reports) is the portal for programs: file, follow, write; no login,
rate-limited per client, a wrong code and a wrong secret answered alike.

No schema here carries the reporter's identity: it is accepted on the way in
and never given back (revealing it is a page-only step with a stated reason).
The secret appears only in the answer that creates it.
"""

from ninja import Router

from bcd138.intake.api.officers import router
from bcd138.intake.api.public import public_router

routers = Router()
routers.add_router("/reports", router)
routers.add_router("/public/reports", public_router)

__all__ = ["public_router", "router", "routers"]
