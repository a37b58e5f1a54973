"""The words of an erasure: the certificate for the file and the lines of what was removed and
what was kept, in the catalogs' words (no table names, no category codes), with each kept
line's legal ground and the day it is kept until."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import pandas as pd

from konnektus.domain.erasure import RECORD_TABLES, ErasureRecord, Kept, kept_label_key
from konnektus.i18n import format_date, translate

# tables whose removed rows a letter names (items are named per category)
_REMOVED_TABLES = ("proposal", "retention_contact")


def kept_lines(kept: Iterable[Kept], language: str) -> list[str]:
    """What was kept, grouped by ground and date: a line per group saying until when
    (dd-mm-jjjj) and on which ground, then each part kept under it and how many."""
    groups: dict[tuple[str, date | None], list[Kept]] = {}
    for line in kept:
        groups.setdefault((line.legal_ground, line.until), []).append(line)
    lines = []
    for (ground_code, until), parts in groups.items():
        ground = translate(f"legal_ground.{ground_code}", language)
        lines.append(
            "- "
            + (
                translate("erasure_holds.kept_group_running", language, ground=ground)
                if until is None
                else translate(
                    "erasure_holds.kept_group",
                    language,
                    until=format_date(until, language, "short"),
                    ground=ground,
                )
            )
        )
        lines += [
            "  - "
            + translate(
                "erasure_holds.kept_item",
                language,
                what=translate(kept_label_key(part), language),
                count=part.count,
            )
            for part in parts
        ]
    return lines or [f"- {translate('erasure_holds.nothing_kept', language)}"]


def removed_lines(record: ErasureRecord, language: str) -> list[str]:
    """What went: items per category, then proposals and retention contacts."""
    lines = [
        f"- {translate(f'category.{category}', language)} ({count})"
        for category, count in sorted(record.removed_items.items())
        if count
    ]
    for table in _REMOVED_TABLES:
        removed = record.tables.get(table, (0, 0))[0]
        if removed:
            lines.append(f"- {translate(f'erasure.table.{table}', language)} ({removed})")
    return lines or [f"- {translate('erasure_holds.nothing_removed', language)}"]


def _nl(key: str, **values: object) -> str:
    return translate(key, "nl", **values)


def certificate_text(
    request_id: int,
    reference: str,
    received: date,
    done: date,
    record: ErasureRecord,
    recipients: pd.DataFrame,
) -> str:
    """The certificate for the file, in Dutch; it names the person only by reference and
    says exactly what was kept, on which ground and until when."""
    lines = [
        _nl("erasure_holds.cert_title_partial" if record.partial else "erasure.cert_title"),
        "",
        _nl("erasure.cert_request", request=request_id, reference=reference),
        _nl("erasure.cert_dates", received=format_date(received), done=format_date(done)),
    ]
    if record.partial:
        lines.append(_nl("erasure_holds.cert_partial_reason"))
    lines += ["", _nl("erasure.cert_tables")]
    for table, (removed, anonymised) in record.tables.items():
        if table in RECORD_TABLES:
            continue
        lines.append(
            f"- {_nl('erasure.table.' + table)}:"
            f" {_nl('erasure.cert_counts', removed=removed, anonymised=anonymised)}"
        )
    lines += ["", _nl("erasure_holds.cert_removed"), *removed_lines(record, "nl")]
    kept_title = "erasure_holds.cert_kept_partial" if record.partial else "erasure.cert_kept"
    lines += ["", _nl(kept_title), *kept_lines(record.kept, "nl")]
    lines += ["", _nl("erasure.cert_recipients")]
    if len(recipients):
        grouped = recipients.groupby("recipient")["disclosed_at"].agg(["min", "max", "count"])
        for name, row in grouped.iterrows():
            lines.append(
                f"- {name}: {row['count']}x, {format_date(row['min'].date())} -"
                f" {format_date(row['max'].date())}"
            )
    else:
        lines.append(f"- {_nl('erasure.cert_no_recipients')}")
    lines += ["", _nl("erasure_holds.cert_records")]
    lines += [f"- {_nl('erasure.table.' + t)}: {_nl('erasure.why.' + t)}" for t in RECORD_TABLES]
    lines += ["", _nl("erasure.cert_footer")]
    return "\n".join(lines) + "\n"
