"""The hot-spot engine: pure numpy/scipy, never Django.

Modules: `events` (arrays, de-duplication), `projection` (latitude/longitude to
metres), `grid` (the clipped grid), `methods` (the forecasters), `scoring` (hit
rate, PAI, PEI, paired comparison), `evaluate` (rolling-origin evaluation),
`ehsa` (Emerging Hot Spot Analysis), `simulate` and `truth` (a self-exciting
process whose intensity is known), `io` (CSV), `report` (tables and JSON).
"""
