"""Users, agencies, steering committees and the roles that scope what a user may see."""
