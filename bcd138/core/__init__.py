"""Cross-cutting parts: errors, audit log, access scope, system checks, web shell."""
