"""Demo people: names, contact details, stage, and a retention clock in every state (O6)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from konnektus.demo.pools import EMAIL_DOMAINS, Pools
from konnektus.domain.deadlines import retention_expiry
from konnektus.domain.retention import DEFAULT_POLICY
from konnektus.domain.text import ascii_fold

STAGES = np.array(["applicant", "proposed", "placed", "employed", "former_employee"])
STAGE_WEIGHTS = [0.74, 0.09, 0.04, 0.08, 0.05]
SOURCES = np.array(["website", "cv_email", "referral", "job_board", "walk_in"])
SOURCE_WEIGHTS = [0.45, 0.25, 0.12, 0.15, 0.03]
HISTORY_DAYS = 6 * 365  # people registered over the past six years


def _expiry_lookup(starts: pd.Series, months: int) -> pd.Series:
    """Calendar-month arithmetic on the few thousand distinct dates, then mapped per row."""
    unique = {d: retention_expiry(d, months) for d in pd.unique(starts)}
    return starts.map(unique)


def _phones(rng: np.random.Generator, n: int) -> np.ndarray:
    mobile = pd.Series(rng.integers(10_000_000, 100_000_000, n)).astype(str)
    land = pd.Series(rng.integers(1_000_000, 10_000_000, n)).astype(str)
    area = pd.Series(rng.choice(["010", "020", "030", "040", "050", "070", "073"], n))
    style = rng.integers(0, 5, n)
    options = [
        "06-" + mobile,
        "06 " + mobile.str[:2] + " " + mobile.str[2:5] + " " + mobile.str[5:],
        "+31 6 " + mobile,
        "06" + mobile,
        area + "-" + land,
    ]
    return np.select([style == i for i in range(5)], [o.to_numpy() for o in options])


def generate_people(
    rng: np.random.Generator,
    pools: Pools,
    first_id: int,
    n: int,
    today: date,
    recruiter_ids: list[int],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """`n` people with ids from `first_id`, and their retention contacts (O6)."""
    ids = np.arange(first_id, first_id + n, dtype=np.int64)
    given = np.array(pools.given_names)[rng.integers(0, len(pools.given_names), n)]
    surname_idx = rng.choice(len(pools.surnames), n, p=pools.surname_weights)
    tv = np.array([s[0] for s in pools.surnames])[surname_idx]
    family = np.array([s[1] for s in pools.surnames])[surname_idx]
    folded_given = np.array([ascii_fold(g) for g in pools.given_names])
    folded_family = np.array([ascii_fold(t + s) for t, s in pools.surnames])
    local = (
        pd.Series(folded_given[np.searchsorted(np.array(pools.given_names), given)])
        + "."
        + pd.Series(folded_family[surname_idx])
        + pd.Series(ids % 997).astype(str)
    )
    email = local + "@" + pd.Series(np.array(EMAIL_DOMAINS)[rng.integers(0, 10, n)])
    city = np.array(pools.cities)[rng.integers(0, len(pools.cities), n)]
    street = (
        pd.Series(np.array(pools.streets)[rng.integers(0, len(pools.streets), n)])
        + " "
        + pd.Series(rng.integers(1, 250, n)).astype(str)
    )
    letters = np.array(list("ABCEGHJKLMNPRTVWXZ"))
    postcode = (
        pd.Series(rng.integers(1000, 10000, n)).astype(str)
        + " "
        + pd.Series(letters[rng.integers(0, len(letters), n)])
        + pd.Series(letters[rng.integers(0, len(letters), n)])
    )
    age_days = rng.integers(0, HISTORY_DAYS, n)
    created_at = pd.Timestamp(today) - pd.to_timedelta(age_days, unit="D")
    created_at = created_at + pd.to_timedelta(rng.integers(8 * 3600, 18 * 3600, n), unit="s")
    term_start = pd.Series(created_at.date)
    born = pd.Timestamp(today) - pd.to_timedelta(rng.integers(18 * 365, 67 * 365, n), unit="D")

    clock = _retention(rng, ids, term_start, today)
    people = pd.DataFrame(
        {
            "id": ids,
            "reference": "K" + pd.Series(ids).astype(str).str.zfill(7),
            "given_name": given,
            "tussenvoegsel": pd.Series(tv).replace("", None),
            "family_name": family,
            "email": email,
            "phone": _phones(rng, n),
            "street": street,
            "postcode": postcode,
            "city": city,
            "date_of_birth": born.date,
            "language": np.where(rng.random(n) < 0.08, "en", "nl"),
            "source": rng.choice(SOURCES, n, p=SOURCE_WEIGHTS),
            "recruiter_id": np.array(recruiter_ids)[rng.integers(0, len(recruiter_ids), n)],
            "stage": rng.choice(STAGES, n, p=STAGE_WEIGHTS),
            "created_at": created_at,
            "retention_term_start": term_start,
            "retention_expiry": clock.expiry,
            "retention_extensions": clock.extensions,
            "extension_state": clock.answer,
            "extension_asked_on": clock.asked_on,
            "extension_reminded_on": clock.reminded_on,
            "erased_at": pd.Series([None] * n, dtype="datetime64[us]"),
        }
    )
    return people, clock.contacts


@dataclass
class _Clocks:
    expiry: pd.Series
    extensions: np.ndarray
    answer: np.ndarray
    asked_on: pd.Series
    reminded_on: pd.Series
    contacts: pd.DataFrame


def _retention(
    rng: np.random.Generator, ids: np.ndarray, term_start: pd.Series, today: date
) -> _Clocks:
    """Walk each clock through up to two extension questions, so every state occurs."""
    n = len(ids)
    policy = DEFAULT_POLICY
    horizon = today + timedelta(days=policy.lead_days)
    expiry = _expiry_lookup(term_start, 24)
    extensions = np.zeros(n, dtype=np.int32)
    answer = np.full(n, "none", dtype=object)
    contact_frames = []
    for cycle in (1, 2):
        open_question = (expiry <= horizon).to_numpy() & (extensions == cycle - 1)
        if cycle == 2:
            open_question &= answer == "granted"
        past = (expiry < today).to_numpy()
        roll = rng.random(n)
        # Due: half not yet asked, half asked. Past: mostly answered, some forgotten.
        asked_nearing = open_question & ~past & (roll < 0.5)
        granted = open_question & past & (roll < 0.55)
        declined = open_question & past & (roll >= 0.55) & (roll < 0.67)
        no_answer = open_question & past & (roll >= 0.67) & (roll < 0.77)
        still_asked = open_question & past & (roll >= 0.77) & (roll < 0.85)
        # the rest of `past` was never asked: an O6 breach the dashboard must show
        answer = np.where(asked_nearing | still_asked, "asked", answer)
        answer = np.where(declined, "declined", answer)
        answer = np.where(no_answer, "no_answer", answer)
        answer = np.where(granted, "granted", answer)
        contacted = asked_nearing | granted | declined | no_answer | still_asked
        contact_frames.append(_contacts(rng, ids, expiry, contacted, answer, today))
        extensions = np.where(granted, cycle, extensions)
        expiry = expiry.where(~granted, _expiry_lookup(expiry, 24))
    # A granted question is settled: the clock runs again with no open question.
    answer = np.where(answer == "granted", "none", answer)
    contacts = pd.concat(contact_frames, ignore_index=True)
    asked = answer == "asked"
    last_ask = contacts.drop_duplicates("person_id", keep="last").set_index("person_id")
    asked_on = pd.Series(ids).map(last_ask["contacted_on"]).where(asked, None)
    # half of those whose reminder fell due got it (some long enough ago to count as silent)
    remind_from = pd.concat(
        [
            pd.to_datetime(expiry) - pd.Timedelta(days=policy.reminder_days),
            pd.to_datetime(asked_on) + pd.Timedelta(days=policy.wait_days),
        ],
        axis=1,
    ).max(axis=1)
    reminded = asked & (remind_from <= pd.Timestamp(today)).to_numpy() & (rng.random(n) < 0.5)
    reminded_on = pd.Series(remind_from.dt.date).where(reminded, None)
    return _Clocks(
        expiry,
        extensions,
        answer,
        pd.Series(asked_on.to_numpy(), dtype=object),
        pd.Series(reminded_on.to_numpy(), dtype=object),
        contacts,
    )


def _contacts(
    rng: np.random.Generator,
    ids: np.ndarray,
    expiry: pd.Series,
    mask: np.ndarray,
    answer: np.ndarray,
    today: date,
) -> pd.DataFrame:
    count = int(mask.sum())
    lead = pd.to_timedelta(rng.integers(0, 61, count), unit="D")
    contacted_on = (pd.to_datetime(expiry[mask]) - lead).dt.date
    contacted_on = contacted_on.where(contacted_on <= today, today)
    answered = np.isin(answer[mask], ["granted", "declined", "no_answer"])
    delay = pd.to_timedelta(rng.integers(1, 28, count), unit="D")
    answered_on = (pd.to_datetime(contacted_on) + delay).dt.date
    answered_on = answered_on.where(answered_on <= today, today)
    return pd.DataFrame(
        {
            "person_id": ids[mask],
            "expiry_asked_about": expiry[mask].to_numpy(),
            "contacted_on": contacted_on.to_numpy(),
            "channel": rng.choice(["email", "letter", "phone"], count, p=[0.7, 0.2, 0.1]),
            "answer": pd.Series(answer[mask]).where(answered, None),
            "answered_on": pd.Series(answered_on.to_numpy()).where(answered, None),
        }
    )
