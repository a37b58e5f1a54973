"""Errors a person may see carry a message code, never a sentence.

The code is a key in the catalogs (`konnektus/locales/*.toml`, under `section`), and
`params` fill its `{placeholders}`, so the screen says it in the reader's language
(`konnektus.i18n.error_text`). A value that is itself a code (a status, a field) travels as
a `Term` and is shown as its word.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True)
class Term:
    """A code shown as its word: the catalog text at `section.code` (e.g. status.received)."""

    section: str
    code: str


class CodedError(Exception):
    """Base of every refusal a user can see: `code` and named `params`, no English text.

    `section` is the catalog table the code lives in. Subclasses that pick their code inside
    `__init__` list the codes they can carry in `codes`, so a test can check the catalogs.
    """

    section: ClassVar[str] = "errors"
    codes: ClassVar[tuple[str, ...]] = ()

    def __init__(self, code: str, /, **params: object) -> None:
        self.code = code
        self.params: dict[str, object] = params
        super().__init__(code)

    @property
    def key(self) -> str:
        """The catalog key of the message: `section.code`."""
        return f"{self.section}.{self.code}"

    def __str__(self) -> str:  # for logs and tracebacks; people read error_text()
        if not self.params:
            return self.key
        shown = ", ".join(f"{name}={value!r}" for name, value in self.params.items())
        return f"{self.key} ({shown})"
