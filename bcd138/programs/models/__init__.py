"""The committee's own work: coordination programmes, recommendations, plans and tasks.

- A coordination programme (chương trình phối hợp) is signed by agencies (the
  parties), runs from one date to another, lists each party's commitments and is
  reviewed periodically (sơ kết, tổng kết); it is active, expired or ended early.
- A recommendation or proposal (kiến nghị, đề xuất) is raised by an agency to the
  committee or to another agency, answered by the committee, followed up by an
  agency by a date, and closed with its outcome. It ages visibly while open.
- The committee's annual plan (kế hoạch) holds tasks (nhiệm vụ), each assigned to
  one agency with an indicator and a due date. A task's history (progress reports,
  completion, acceptance, return, escalation) is an append-only list of
  `TaskEvent`s; the state columns on `Task` are written only by the services.
"""

from bcd138.programs.models.common import StoredFile, add_months, stored_file_path
from bcd138.programs.models.plans import (
    ACTIONABLE_TASK_STATES,
    Plan,
    PlanStatus,
    Task,
    TaskEvent,
    TaskEventKind,
    TaskFile,
    TaskQuerySet,
    TaskState,
)
from bcd138.programs.models.programmes import (
    Commitment,
    CommitmentResult,
    Programme,
    ProgrammeFile,
    ProgrammeParty,
    ProgrammeQuerySet,
    ProgrammeReview,
    ProgrammeStatus,
    Rating,
)
from bcd138.programs.models.recommendations import (
    OPEN_RECOMMENDATION_STATES,
    AgeBand,
    Outcome,
    Recommendation,
    RecommendationNote,
    RecommendationQuerySet,
    RecommendationState,
    Response,
)

__all__ = [
    "ACTIONABLE_TASK_STATES",
    "OPEN_RECOMMENDATION_STATES",
    "AgeBand",
    "Commitment",
    "CommitmentResult",
    "Outcome",
    "Plan",
    "PlanStatus",
    "Programme",
    "ProgrammeFile",
    "ProgrammeParty",
    "ProgrammeQuerySet",
    "ProgrammeReview",
    "ProgrammeStatus",
    "Rating",
    "Recommendation",
    "RecommendationNote",
    "RecommendationQuerySet",
    "RecommendationState",
    "Response",
    "StoredFile",
    "Task",
    "TaskEvent",
    "TaskEventKind",
    "TaskFile",
    "TaskQuerySet",
    "TaskState",
    "add_months",
    "stored_file_path",
]
