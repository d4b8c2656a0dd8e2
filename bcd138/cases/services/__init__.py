"""Criminal cases: institution, charges, stage events, hand-offs and deadlines.

Rules: every step is an appended ``CaseEvent`` checked by ``law.cases`` against the
clock replayed from the events so far; only the body holding the file acts (the
investigating body, the supervising procuracy, the court that received it); the
cached columns of ``Case`` are rewritten only by ``case_recompute``; identities
are encrypted and every reveal is audited.
"""
