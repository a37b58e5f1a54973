"""How the pages show days and moments in tables and date fields: dd-mm-jjjj, and
dd-mm-jjjj uu:mm in Amsterdam time (the services hand moments over already converted)."""

from __future__ import annotations

from typing import Final

DATE_FORMAT: Final = "DD-MM-YYYY"
MOMENT_FORMAT: Final = "DD-MM-YYYY HH:mm"
