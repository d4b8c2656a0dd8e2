"""Services for commendations (thi đua, khen thưởng).

Rules: a campaign's proposals open and close on its dates (closing not before
opening); a proposal names a collective or an individual, an award form valid for
that kind and in force, and a place in the committee's area; it moves draft →
submitted (within the campaign's dates) → accepted or returned with a reason →
approved by a committee leader → decided, each step dated no earlier than the one
before and never in the future; a decision is recorded by the standing office,
its granting authority must be that of every recipient's award form, it is dated
no earlier than each recipient's approval, and a proposal is decided once only
(also a unique index). Evidence is linked only by someone who may see it.
Every write is audited in its transaction.

Modules: `common` (dates, the audit helper), `campaigns`, `proposals` (drafting
and every step), `evidence` (links to records of the platform, files),
`decisions`, `queries` (lists, counts, exports).
"""
