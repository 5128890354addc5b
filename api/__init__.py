"""The HTTP API: a thin FastAPI adapter over `hiring_rules` (deadline, eligibility, letters, registry)."""
