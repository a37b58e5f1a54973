"""Build a realistic, reproducible demo database: same seed and same `today`, same data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time

import numpy as np
import pandas as pd

from konnektus import clock
from konnektus.db import audit, bulk, client_recipients, disclosure_days, meta, search, snapshots
from konnektus.db.database import Database
from konnektus.db.meta import DEFAULT_DPO_CONTACT
from konnektus.demo import more_disclosures, waiting_letters
from konnektus.demo.career import generate_career
from konnektus.demo.people import generate_people
from konnektus.demo.pools import JOB_TITLES, build_pools
from konnektus.demo.recipients import RECIPIENTS, recipient_rows
from konnektus.demo.requests import PLANTED, generate_requests, history_share
from konnektus.domain.contact import PrivacyContact
from konnektus.domain.deadlines import AMSTERDAM
from konnektus.domain.letters import render_letter
from konnektus.domain.promises import snapshot_days
from konnektus.i18n import format_date
from konnektus.jobs.registry import BOARD_REPORT_JOB, RETENTION_JOB
from konnektus.jobs.scheduler import remember_run

# The demo's privacy contact: the function mailbox, a phone and a postal address (O13).
DEMO_CONTACT = PrivacyContact(
    email="privacy@konnektus.nl",
    phone="030 700 12 34",
    postal_address="Konnektus, t.a.v. de functionaris gegevensbescherming\n"
    "Postbus 1234\n3500 AB Utrecht",
)

CHUNK = 100_000
# what generate_requests reads of a person
REQUESTER_COLUMNS = ("id", "given_name", "tussenvoegsel", "family_name", "email")
# One demo staff member per role comes first, so the demo sign-in can offer exactly those.
DEMO_STAFF = (
    ("m.vandenberg@konnektus.nl", "Marieke van den Berg", "management"),
    ("sallyann@konnektus.nl", "Sally-Ann de Groot", "dpo"),
    ("daan.dewit@konnektus.nl", "Daan de Wit", "recruiter"),
    ("f.elamrani@konnektus.nl", "Fatima El Amrani", "backoffice"),
    ("t.bakker@konnektus.nl", "Tim Bakker", "recruiter"),
    ("s.yilmaz@konnektus.nl", "Selin Yılmaz", "recruiter"),
    ("r.vanleeuwen@konnektus.nl", "Ruben van Leeuwen", "recruiter"),
    ("l.jansen@konnektus.nl", "Lotte Jansen", "backoffice"),
)


class DemoRefused(Exception):
    """The demo cannot be made as asked: the target database already holds people (demo data
    goes only into an empty one), or the asked number of disclosures cannot be reached."""


@dataclass(frozen=True)
class DemoSummary:
    people: int
    requests: int
    disclosures: int


SNAPSHOT_HISTORY_DAYS = 730  # two years of daily snapshots behind a fresh demo


def generate_demo(
    db: Database,
    *,
    candidates: int,
    seed: int,
    today: date,
    progress: Callable[[int], None] = lambda _n: None,
    requests: int | None = None,
    disclosures: int | None = None,
) -> DemoSummary:
    """Fill an empty database in one transaction; `progress(n)` is told of each chunk.

    By default the number of requests and disclosures follows from `candidates`; `requests`
    and `disclosures` ask for exact totals instead (for sizing tests). Without them the data
    is exactly what the same seed always gave."""
    if candidates < 1:
        raise ValueError("candidates must be at least 1")
    if requests is not None and requests < len(PLANTED):
        raise ValueError(f"requests must be at least {len(PLANTED)} (the planted scenarios)")
    if disclosures is not None and disclosures < 0:
        raise ValueError("disclosures must not be negative")
    rng = np.random.default_rng(seed)
    pools = build_pools(seed)
    now = clock.now_utc()
    # the demo's own moment (10:00 UTC on `today`): its recipients and proposals date from it
    demo_now = datetime.combine(today, time(10))
    with db.transaction() as cur:
        if bulk.count_rows(cur, "person"):
            raise DemoRefused(
                f"{db.path} already holds people; demo data is only written to an empty "
                "database. Choose a new --db path."
            )
        if meta.get(cur, meta.DEMO_FLAG) == "false":  # made by `init` for real records
            raise DemoRefused(
                f"{db.path} is a database for real records (made with init); demo data is "
                "never written to it. Choose a new --db path."
            )
        staff = pd.DataFrame(DEMO_STAFF, columns=["email", "name", "role"])
        staff.insert(0, "id", range(1, len(staff) + 1))
        staff["active"] = True
        staff["created_at"] = pd.Timestamp(today) - pd.Timedelta(days=400)
        bulk.insert_frame(cur, "staff", staff)
        recruiters = staff.loc[staff["role"] == "recruiter", "id"].tolist()
        dpo = int(staff.loc[staff["role"] == "dpo", "id"].iloc[0])

        recipients = pd.DataFrame(
            recipient_rows(today),
            columns=[
                "id",
                "name",
                "category",
                "kind",
                "dpa_signed_on",
                "dpa_expires_on",
                "country",
                "active",
                "safeguard",
            ],
        )
        bulk.insert_frame(cur, "recipient", recipients)
        by_category: dict[str, list[int]] = {}
        for index, (_name, category, _kind, _country) in enumerate(RECIPIENTS, start=1):
            by_category.setdefault(category, []).append(index)

        n_clients = min(len(pools.companies), max(20, candidates // 2000))
        clients = pd.DataFrame(
            {
                "id": range(1, n_clients + 1),
                "name": list(pools.companies[:n_clients]),
                "city": rng.choice(pools.cities, n_clients),
            }
        )
        bulk.insert_frame(cur, "client", clients)
        # every client is a recipient in the register (Art. 4(9)); its proposals are its
        # disclosures, made below once the careers are in
        bulk.advance_sequence(cur, "recipient")
        client_recipients.link_clients(cur, demo_now)
        n_vac = n_clients * 4
        vacancy_client = rng.integers(1, n_clients + 1, n_vac)
        vacancies = pd.DataFrame(
            {
                "id": range(1, n_vac + 1),
                "client_id": vacancy_client,
                "title": rng.choice(JOB_TITLES, n_vac),
                "opened_on": (
                    pd.Timestamp(today) - pd.to_timedelta(rng.integers(0, 6 * 365, n_vac), unit="D")
                ).date,
            }
        )
        bulk.insert_frame(cur, "vacancy", vacancies)

        n_requests, n_history = _request_counts(candidates, requests, today)
        sample_share = min(1.0, n_requests * 2 / candidates)
        samples, letters = [], []
        consent_id = 1
        made = 0
        for first in range(1, candidates + 1, CHUNK):
            size = min(CHUNK, candidates - first + 1)
            people, contacts = generate_people(rng, pools, first, size, today, recruiters)
            if first == 1:
                _plant_known_people(people)
            career = generate_career(
                rng,
                pools,
                people,
                today,
                vacancies["id"].to_numpy(),
                vacancy_client,
                consent_id,
                by_category,
            )
            consent_id += len(career.consents)
            made += len(career.disclosures)
            bulk.insert_frame(cur, "person", people)
            bulk.insert_frame(cur, "retention_contact", contacts.drop(columns="expiry_asked_about"))
            for table, frame in (
                ("proposal", career.proposals),
                ("employment", career.employments),
                ("personal_data_item", career.items),
                ("consent", career.consents),
                ("disclosure", career.disclosures),
                ("legal_hold", career.legal_holds),
            ):
                bulk.insert_frame(cur, table, frame)
            letters.append(_retention_letters(people, contacts))
            # the requests need only who the person is (the same rows, fewer columns held)
            sample = people.sample(frac=sample_share, random_state=int(rng.integers(2**31)))
            samples.append(sample[list(REQUESTER_COLUMNS)])
            progress(size)

        request_frame, events = generate_requests(
            rng,
            today,
            n_requests,
            pd.concat(samples),
            dpo,
            [
                f"{g} {s[1]}"
                for g, s in zip(pools.given_names[:50], pools.surnames[:50], strict=True)
            ],
            history=n_history,
        )
        # A completed erasure left nothing identifying: the person is gone, and so is the name.
        erased = (request_frame["type"] == "erasure") & (request_frame["status"] == "completed")
        request_frame.loc[erased, ["requester_name"]] = "[verwijderd]"
        request_frame.loc[erased, ["requester_email", "free_text"]] = None
        request_frame.loc[erased, "person_id"] = pd.NA
        bulk.insert_frame(cur, "request", request_frame)
        bulk.insert_frame(cur, "request_event", events)
        for frame in letters:
            bulk.insert_frame(cur, "letter", frame)
        made += len(client_recipients.disclose_proposals(cur, demo_now))
        if disclosures is not None:
            try:
                made = more_disclosures.reach(cur, rng, disclosures, today)
            except ValueError as error:
                raise DemoRefused(str(error)) from None
        # no mail server in the demo: a notice run of the day waits in the outbox
        waiting_letters.queue_notices(cur, today, demo_now, DEMO_CONTACT)
        search.refresh_keys(cur)
        disclosure_days.rebuild(cur)
        for table in (
            "staff",
            "recipient",
            "client",
            "vacancy",
            "person",
            "employment",
            "consent",
            "request",
        ):
            bulk.advance_sequence(cur, table)

        meta.put(cur, meta.DEMO_FLAG, "true")
        meta.put(cur, "demo_seed", str(seed))
        meta.put(cur, "demo_generated_for", today.isoformat())
        meta.put_privacy_contact(cur, DEMO_CONTACT)  # a function mailbox, phone and post
        # the data is as of `today`, the day's retention run included: the dashboard's own
        # run starts tomorrow, so the demo first shows the states it was made to show
        remember_run(cur, RETENTION_JOB, datetime.combine(today, time(6), tzinfo=AMSTERDAM))
        # and this month's board report counts as sent: a fresh demo queues no mail
        remember_run(cur, BOARD_REPORT_JOB, datetime.combine(today, time(6), tzinfo=AMSTERDAM))
        # the retention states of past days, for the management trends (weekly at scale)
        policy = meta.retention_policy(cur)
        past = snapshot_days(today, SNAPSHOT_HISTORY_DAYS)
        snapshots.backfill_demo(cur, past if candidates <= 100_000 else past[::7], policy)
        snapshots.take(cur, today, policy)
        summary = DemoSummary(candidates, len(request_frame), made)
        details: dict[str, object] = {
            "people": candidates,
            "seed": seed,
            "today": today.isoformat(),
        }
        if requests is not None:
            details["requests"] = requests
        if disclosures is not None:
            details["disclosures"] = disclosures
        audit.append(
            cur,
            at=now,
            staff_id=None,
            role=None,
            action="demo_data_generated",
            details=details,
        )
    return summary


def _request_counts(candidates: int, requests: int | None, today: date) -> tuple[int, int]:
    """(recent, history) request counts. By default one request per 200 people in the
    recent days and the older history at the same rate; an asked total is split the same
    way, so it is met exactly."""
    if requests is None:
        recent = max(len(PLANTED), candidates // 200)
        drawn = recent - len(PLANTED)
        share = history_share(today)
        return recent, round(drawn * share / (1 - share))
    history = round((requests - len(PLANTED)) * history_share(today))
    return requests - history, history


# Known people every demo holds, so that guides and tests can say "search for Jan de Vries".
KNOWN_PEOPLE = (
    ("Jan", "de", "Vries", "jan.devries@ziggo.nl", "06-12345678", "1012 AB", "Amsterdam"),
    ("Sanne", None, "Müller", "sanne.muller@gmail.com", "+31 6 87654321", "3511 CD", "Utrecht"),
)


def _plant_known_people(people: pd.DataFrame) -> None:
    for row, (given, tv, family, email, phone, postcode, city) in enumerate(KNOWN_PEOPLE):
        if row >= len(people):
            return
        people.loc[
            row,
            ["given_name", "tussenvoegsel", "family_name", "email", "phone", "postcode", "city"],
        ] = [given, tv, family, email, phone, postcode, city]


def _retention_letters(people: pd.DataFrame, contacts: pd.DataFrame) -> pd.DataFrame:
    """The O6 letter behind each written extension question."""
    written = contacts[contacts["channel"] != "phone"]
    person = people.set_index("id").loc[written["person_id"]]
    names = (
        person["given_name"]
        + " "
        + person["tussenvoegsel"].fillna("")
        + " "
        + person["family_name"]
    ).str.replace("  ", " ")
    subjects, bodies = [], []
    for name, language, expiry, reference in zip(
        names, person["language"], written["expiry_asked_about"], person["reference"], strict=True
    ):
        subject, body = render_letter(
            "retention_extension_request",
            language,
            name=name,
            expiry=format_date(expiry, language),
            reference=reference,
            dpo=DEFAULT_DPO_CONTACT,
        )
        subjects.append(subject)
        bodies.append(body)
    sent = pd.to_datetime(written["contacted_on"]).to_numpy()
    return pd.DataFrame(
        {
            "person_id": written["person_id"].to_numpy(),
            "kind": "retention_extension_request",
            "language": person["language"].to_numpy(),
            "recipient_email": person["email"].to_numpy(),
            "subject": subjects,
            "body": bodies,
            "created_at": sent,
            "sent_at": sent,
            "delivery_status": "sent",
            "attempts": 1,
        }
    )
