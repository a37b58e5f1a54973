"""Valid-format BSNs (eleven-test) and Dutch IBANs (ISO 13616 check digits), vectorised."""

from __future__ import annotations

import numpy as np

BANKS = np.array(["ABNA", "INGB", "RABO", "SNSB", "TRIO", "ASNB", "KNAB", "BUNQ", "RBRB"])
_BSN_WEIGHTS = np.array([9, 8, 7, 6, 5, 4, 3, 2])


def bsns(rng: np.random.Generator, n: int) -> np.ndarray:
    """`n` nine-digit numbers that pass the BSN eleven-test (leading digit 1..6)."""
    if n == 0:
        return np.empty(0, dtype="<U9")
    out: list[np.ndarray] = []
    have = 0
    while have < n:
        want = int((n - have) * 1.15) + 16
        digits = rng.integers(0, 10, (want, 8))
        digits[:, 0] = rng.integers(1, 7, want)
        check = (digits * _BSN_WEIGHTS).sum(axis=1) % 11
        ok = check < 10
        numbers = digits[ok] @ (10 ** np.arange(8, 0, -1)) + check[ok]
        out.append(numbers)
        have += len(numbers)
    return np.char.zfill(np.concatenate(out)[:n].astype(str), 9)


def _letters_as_digits(text: str) -> str:
    return "".join(str(int(c, 36)) for c in text)


def ibans(rng: np.random.Generator, n: int) -> list[str]:
    """`n` Dutch IBANs: NLkk BANK 0123456789, with correct mod-97 check digits."""
    banks = BANKS[rng.integers(0, len(BANKS), n)]
    accounts = rng.integers(100_000_000, 10_000_000_000, n)
    result = []
    suffix = _letters_as_digits("NL") + "00"
    bank_digits = {b: _letters_as_digits(b) for b in BANKS}
    for bank, account in zip(banks, accounts, strict=True):
        bban = f"{account:010d}"
        check = 98 - int(bank_digits[bank] + bban + suffix) % 97
        result.append(f"NL{check:02d}{bank}{bban}")
    return result
