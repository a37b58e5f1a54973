"""Scheduled work that runs inside the dashboard process (architecture rule 10)."""
