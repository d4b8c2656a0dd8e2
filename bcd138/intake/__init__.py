"""Crime information (nguồn tin về tội phạm): the public portal, the duty desk,
triage and the decisions on each report within the legal time limits."""
