"""Uitgaande post: every letter with its state; retry, print and mark posted (issue 20)."""

from konnektus.ui.guard import guard_page
from konnektus.ui.outbox_page import outbox_page

page = guard_page("outbox")
outbox_page(page)
