"""Services of the committee's work: programmes, recommendations, plans and tasks.

Domain rules: dates are never in the future and never out of order (a programme
ends after it starts; a review covers a period inside the programme; a follow-up
date is not before the raise date; a task report is not before the plan's
approval); only the standing office manages a committee's items and answers
recommendations; an assignee marks its task done only with evidence, and the
standing office accepts it or sends it back with a reason; nothing is reported on
a plan that is not approved (a draft, or closed); an overdue task is escalated to
the standing office once. Every write is audited in its transaction.

Modules: `programmes`, `recommendations`, `plans` (plans and tasks), `progress`
(reports on tasks, completion, escalation), `queries` (lists, aging, roll-up, the
dashboard), `exports` (XLSX), `files` (stored evidence).
"""
