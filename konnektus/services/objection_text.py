"""The words of an upheld objection (Art. 21), in the person's language: what stops and what
was removed, read from what the transaction really did, for the letter and the confirmation
step. No category codes: each goes through the catalogs."""

from __future__ import annotations

from collections.abc import Mapping

from konnektus.domain.erasure import ErasureRecord
from konnektus.domain.objection import STOPS
from konnektus.i18n import translate
from konnektus.services.erasure_text import removed_lines


def purpose_words(purpose: str, language: str) -> str:
    return translate(f"objection_letter.purpose.{purpose}", language)


def stopped_lines(purpose: str, language: str) -> list[str]:
    return [f"- {translate(f'objection_letter.stops.{code}', language)}" for code in STOPS[purpose]]


def objection_letter_values(
    purpose: str,
    record: ErasureRecord | None,
    told: list[str],
    kept_for: int | None,
    language: str,
) -> dict[str, str]:
    """The letter's $purpose, $stopped_lines and $removed_block: what went (items per category,
    proposals, extension questions) and who was told of it, or that nothing had to go, or
    that a restriction keeps it for now."""
    if kept_for is not None:
        block = translate("objection_letter.kept_restricted", language, request=kept_for)
    elif record is None or not (any(record.removed_items.values()) or _rows_removed(record)):
        block = translate("objection_letter.removed_none", language)
    else:
        lines = [
            translate("objection_letter.removed_title", language),
            *removed_lines(record, language),
        ]
        if told:
            lines += [
                "",
                translate("erasure.letter_partial_recipients", language, names=", ".join(told)),
            ]
        block = "\n".join(lines)
    return {
        "purpose": purpose_words(purpose, language),
        "stopped_lines": "\n".join(stopped_lines(purpose, language)),
        "removed_block": block,
    }


def _rows_removed(record: ErasureRecord) -> bool:
    return any(record.tables.get(t, (0, 0))[0] for t in ("proposal", "retention_contact"))


def effect_sentence(purpose: str, removable: Mapping[str, int], language: str) -> str:
    """The confirmation step's one sentence: what stops, and what will be removed."""
    stops = ", ".join(translate(f"objection_effect.{code}", language) for code in STOPS[purpose])
    words = purpose_words(purpose, language)
    sentence = translate(
        "objection_effect.stops", language, purpose=words[:1].upper() + words[1:], stops=stops
    )
    named = [
        translate("objection_effect.count", language, what=_what(key, language), count=count)
        for key, count in removable.items()
        if count
    ]
    if named:
        return (
            sentence + "; " + translate("objection_effect.removed", language, what=", ".join(named))
        )
    return sentence + "; " + translate("objection_effect.nothing_removed", language)


def _what(key: str, language: str) -> str:
    if key in ("proposal", "retention_contact"):
        return translate(f"erasure.table.{key}", language)
    return translate(f"category.{key}", language)
