"""Pages of the hot-spot analysis: the map (`maps`) and the alerts (`alerts`).
Thin: request → access check → service or `services.mapdata` → template."""
