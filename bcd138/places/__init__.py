"""Administrative units of Vietnam: the 2025 two-tier and legacy three-tier units."""
