"""Pages of the committee's work: the dashboard, programmes, recommendations, plans
and tasks. Thin: form → service → template; access through `programs.access`."""
