"""The one translation function, over Dutch (default) and English catalogs.

Catalogs are flat TOML files in `konnektus/locales/` (`key = "text with {placeholders}"`),
so translators edit text, not code. Dates and numbers follow the language as the glossary
asks: "5 maart 2026" and "1.234" in Dutch, "5 March 2026" and "1,234" in English (Babel).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Final

from babel import Locale
from babel.dates import format_date as _babel_date
from babel.numbers import NumberFormatError, format_decimal, format_percent, parse_decimal

from konnektus.domain.consent_origin import marker
from konnektus.domain.deadlines import AMSTERDAM
from konnektus.domain.errors import CodedError, Term

LANGUAGES: Final = ("nl", "en")
DEFAULT_LANGUAGE: Final = "nl"
LOCALES_DIR: Final = Path(__file__).with_name("locales")
_BABEL_LOCALE: Final = {"nl": "nl_NL", "en": "en_GB"}


class MissingTranslation(KeyError):
    """A key the catalog does not hold: a typo in code, caught by the catalog tests."""


def _flatten(table: dict[str, object], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in table.items():
        full = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{full}."))
        else:
            flat[full] = str(value)
    return flat


@cache
def catalog(language: str) -> dict[str, str]:
    """All keys of one language, sections joined with dots (`home.title`)."""
    if language not in LANGUAGES:
        raise ValueError(f"Unknown language '{language}'; choose one of {LANGUAGES}")
    with (LOCALES_DIR / f"{language}.toml").open("rb") as handle:
        return _flatten(tomllib.load(handle))


def translate(key: str, language: str = DEFAULT_LANGUAGE, /, **values: object) -> str:
    """The text for `key` in `language`, with `{placeholders}` filled in.

    A key missing from the catalog raises MissingTranslation: a test checks that both
    catalogs hold the same keys, so this only happens for a typo in code.
    """
    try:
        text = catalog(language)[key]
    except KeyError:
        raise MissingTranslation(f"No '{language}' text for '{key}'") from None
    if not values:
        return text
    return plural_words(text, language, values).format(**values)


def consent_how(value: object, language: str = DEFAULT_LANGUAGE) -> str:
    """How a consent was given or withdrawn, in words: what staff typed, or the dashboard's
    own marker (domain/consent_origin.py) in the reader's language."""
    if not isinstance(value, str):
        return ""
    found = marker(value)
    if found is None:
        return value
    key, values = found
    if "channel" in values:
        values = {"channel": translate(f"contact_channel.{values['channel']}", language)}
    return translate(key, language, **values)


# A word that follows a number is written in the catalog as {name|one|other}: "{count}
# {count|persoon|personen} gevonden". Babel's plural rules (CLDR) for the language pick the
# form from the value of `name`, so "1 persoon" and "2 personen", also when the number came
# already formatted ("1.000"). Dutch and English have just these two forms.
_FORM: Final = r"((?:[^{}|]|\{\w+\})*)"  # a form may hold plain placeholders: "{count}"
PLURAL_WORDS: Final = re.compile(rf"\{{(\w+)\|{_FORM}\|{_FORM}\}}")


def plural_words(text: str, language: str, values: dict[str, object]) -> str:
    """`text` with each {name|one|other} replaced by the form the value of `name` takes."""

    def form(found: re.Match[str]) -> str:
        name, one, other = found.groups()
        return one if _plural_form(values.get(name), language) == "one" else other

    return PLURAL_WORDS.sub(form, text)


def _plural_form(value: object, language: str) -> str:
    locale = _BABEL_LOCALE.get(language, _BABEL_LOCALE[DEFAULT_LANGUAGE])
    number: object = value
    if isinstance(value, str):
        try:
            number = parse_decimal(value.strip(), locale=locale, strict=False)
        except NumberFormatError:
            return "other"
    if isinstance(number, bool) or not isinstance(number, int | float | Decimal):
        return "other"
    return str(Locale.parse(locale).plural_form(number))


def error_text(
    error: CodedError, language: str = DEFAULT_LANGUAGE, escape: Callable[[str], str] = str
) -> str:
    """The sentence for a refusal, in `language`: its code's text with its values filled in.

    Values are shown the way the language writes them: a Term as its word, a date as
    dd-mm-jjjj, a stored moment as Amsterdam time. `escape` is applied to values that came
    as text (the UI passes one that keeps typed text from being read as Markdown).
    """
    values = {name: _shown(value, language, escape) for name, value in error.params.items()}
    return translate(error.key, language, **values)


def _shown(value: object, language: str, escape: Callable[[str], str]) -> str:
    if isinstance(value, Term):
        return translate(f"{value.section}.{value.code}", language)
    if isinstance(value, datetime):
        return format_moment(value, language)
    if isinstance(value, date):
        return format_date(value, language, "short")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list | tuple):
        return ", ".join(_shown(item, language, escape) for item in value)
    return escape(str(value))


@cache  # letters for a million people share a few thousand dates
def format_date(day: date, language: str = DEFAULT_LANGUAGE, style: str = "long") -> str:
    """'5 maart 2026' / '5 March 2026' (long) or '05-03-2026' / '05/03/2026' (short)."""
    if style == "short":
        return day.strftime("%d-%m-%Y" if language == "nl" else "%d/%m/%Y")
    return str(_babel_date(day, format=style, locale=_BABEL_LOCALE[language]))


def format_moment(stored_utc: datetime, language: str = DEFAULT_LANGUAGE) -> str:
    """A stored moment (naive UTC) as Amsterdam wall-clock time: '27-11-2026 00:30'."""
    local = stored_utc.replace(tzinfo=UTC).astimezone(AMSTERDAM)
    return f"{format_date(local.date(), language, 'short')} {local:%H:%M}"


def format_number(value: float, language: str = DEFAULT_LANGUAGE) -> str:
    """'1.234' in Dutch, '1,234' in English."""
    return str(format_decimal(value, locale=_BABEL_LOCALE[language]))


def format_share(fraction: float, language: str = DEFAULT_LANGUAGE) -> str:
    """'96,5%' in Dutch, '96.5%' in English, from a fraction (0.965)."""
    return str(format_percent(fraction, format="#,##0.0%", locale=_BABEL_LOCALE[language]))
