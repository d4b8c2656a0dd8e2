"""Services for crime information (nguồn tin về tội phạm).

Rules: a report is stored whole or not at all; its state is derived from an
append-only list of events checked by the law engine; only the handling unit
acts on it; the reporter's identity is encrypted and revealed only with a reason.
The modules: `reports` (receiving), `handling` (the steps), `identity`, `portal`
(the citizen's side), `access` (who sees what).
"""
