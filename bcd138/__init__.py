"""bcd138: software for Vietnam's crime-prevention steering committees."""
