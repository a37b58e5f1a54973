"""Demo careers: proposals, employment, the employment-only data categories, consents,
disclosures and legal holds (O3, O4, O5, O7, O8), for the minority who get that far."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from konnektus.demo.identifiers import bsns, ibans
from konnektus.demo.pools import Pools
from konnektus.demo.recipients import DISCLOSURE_PROFILES
from konnektus.domain.consent_proof import CONSENT_PURPOSE_OF_ITEM
from konnektus.domain.deadlines import add_calendar_months
from konnektus.domain.holds import HoldKind, LegalGround, holds_for_ended_employment

EMPLOYED_STAGES = ("placed", "employed", "former_employee")
MEDICAL = (
    "Offshore-keuring goedgekeurd",
    "Vaccinatie hepatitis B",
    "Arbo-intake afgerond",
    "Beperkte inzetbaarheid rug (advies bedrijfsarts)",
)
CORRESPONDENCE = (
    "E-mail over beschikbaarheid",
    "Telefoonnotitie intakegesprek",
    "Vraag over reiskostenvergoeding",
    "Reactie op vacature",
)

# (category, legal basis, purpose, special category of GDPR Art. 9: health, not criminal-record
# data, which is Art. 10; see konnektus.domain.minimisation.article_of)
ITEM_META: dict[str, tuple[str, str, bool]] = {
    "cv": ("consent", "bemiddeling naar werk", False),
    "correspondence": ("legitimate_interest", "bemiddeling naar werk", False),
    "survey_answer": ("consent", "onderzoek naar tevredenheid", False),
    "identity_document": ("legal_obligation", "identificatieplicht loonbelasting", False),
    "bsn": ("legal_obligation", "loonadministratie", False),
    "bank_account": ("contract", "loonbetaling", False),
    "emergency_contact": ("contract", "noodgevallen", False),
    "education_proof": ("contract", "geschiktheid voor de functie", False),
    "insurance_pension": ("legal_obligation", "pensioen en sociale verzekeringen", False),
    "work_permit": ("legal_obligation", "recht om te werken (Wav)", False),
    "criminal_record_consent": ("consent", "VOG-aanvraag", False),
    "medical": ("consent", "medische keuring", True),
    "family_member": ("contract", "uitzending naar het buitenland", False),
}


@dataclass
class Career:
    proposals: pd.DataFrame
    employments: pd.DataFrame
    items: pd.DataFrame
    consents: pd.DataFrame
    disclosures: pd.DataFrame
    legal_holds: pd.DataFrame


def _no_later_than(moments: pd.Series, limit: pd.Timestamp) -> pd.Series:
    """Nothing in the demo happens after `today`."""
    return moments.where(moments <= limit, limit)


def _days_after(start: pd.Series, rng: np.random.Generator, low: int, high: int) -> pd.Series:
    return start + pd.to_timedelta(rng.integers(low, high, len(start)), unit="D")


def _items(category: str, person_id: np.ndarray, value: object, on: object) -> pd.DataFrame:
    basis, purpose, special = ITEM_META[category]
    # Series arrive with unrelated indexes; positions are what line up.
    value = value.to_numpy() if isinstance(value, pd.Series) else value
    on = on.to_numpy() if isinstance(on, pd.Series) else on
    return pd.DataFrame(
        {
            "person_id": person_id,
            "category": category,
            "value": value,
            "collected_on": on,
            "purpose": purpose,
            "legal_basis": basis,
            "special_category": special,
            "consent_id": pd.array([None] * len(person_id), dtype="Int64"),  # linked below
        }
    )


def generate_career(
    rng: np.random.Generator,
    pools: Pools,
    people: pd.DataFrame,
    today: date,
    vacancies: np.ndarray,
    vacancy_client: np.ndarray,
    first_consent_id: int,
    recipient_ids: dict[str, list[int]],
) -> Career:
    ts_today = pd.Timestamp(today)
    created = pd.to_datetime(people["created_at"]).dt.normalize()
    stage = people["stage"].to_numpy()
    ids = people["id"].to_numpy()
    everyone = [_items("cv", ids, "cv_" + people["reference"] + ".pdf", created.dt.date)]
    corr = rng.random(len(ids)) < 0.3
    everyone.append(
        _items(
            "correspondence",
            ids[corr],
            np.array(CORRESPONDENCE)[rng.integers(0, 4, int(corr.sum()))],
            _days_after(created[corr], rng, 0, 30).pipe(_no_later_than, ts_today).dt.date,
        )
    )
    survey = rng.random(len(ids)) < 0.05
    everyone.append(
        _items(
            "survey_answer",
            ids[survey],
            "Tevredenheid: "
            + pd.Series(rng.integers(4, 11, int(survey.sum()))).astype(str)
            + "/10",
            created[survey].dt.date,
        )
    )
    # O1: a few never-placed people hold employment-only data ("excess data" to flag)
    excess = ~np.isin(stage, EMPLOYED_STAGES) & (rng.random(len(ids)) < 0.004)
    everyone.append(
        _items("bsn", ids[excess], bsns(rng, int(excess.sum())), created[excess].dt.date)
    )

    proposed = np.isin(stage, ("proposed", *EMPLOYED_STAGES))
    p_ids = np.repeat(ids[proposed], rng.integers(1, 4, int(proposed.sum())))
    p_created = np.repeat(created[proposed].to_numpy(), 1)  # aligned below via merge
    proposals = pd.DataFrame({"person_id": p_ids})
    proposals = proposals.merge(
        pd.DataFrame({"person_id": ids[proposed], "c": p_created}), on="person_id"
    )
    proposals["vacancy_id"] = vacancies[rng.integers(0, len(vacancies), len(proposals))]
    proposals["proposed_by"] = (
        people.set_index("id").loc[proposals["person_id"], "recruiter_id"].to_numpy()
    )
    proposals["proposed_on"] = (
        _days_after(proposals["c"], rng, 3, 60).pipe(_no_later_than, ts_today).dt.date
    )
    proposals["outcome"] = rng.choice(["pending", "rejected"], len(proposals), p=[0.3, 0.7])
    proposals = proposals.drop(columns="c")

    worked = np.isin(stage, EMPLOYED_STAGES)
    w_ids = ids[worked]
    n = len(w_ids)
    start = _days_after(created[worked].reset_index(drop=True), rng, 14, 200)
    start = start.pipe(_no_later_than, ts_today - pd.Timedelta(days=1))
    former = stage[worked] == "former_employee"
    end = _days_after(start, rng, 30, 700).pipe(_no_later_than, ts_today - pd.Timedelta(days=1))
    end = end.where(former, pd.NaT)
    vac = vacancies[rng.integers(0, len(vacancies), n)]
    employments = pd.DataFrame(
        {
            "id": w_ids,  # one employment per person: the person's id is unique across chunks
            "person_id": w_ids,
            "client_id": vacancy_client[vac - 1],
            "start_date": start.dt.date,
            "end_date": end.dt.date,
            "payroll_reference": "PR-" + pd.Series(w_ids).astype(str),
        }
    )
    # mark the proposal that led to the placement
    placed = pd.DataFrame(
        {
            "person_id": w_ids,
            "vacancy_id": vac,
            "outcome": "placed",
            "proposed_by": proposals.groupby("person_id")["proposed_by"]
            .first()
            .reindex(w_ids)
            .to_numpy(),
            "proposed_on": (start - pd.Timedelta(days=7)).dt.date,
        }
    )
    proposals = pd.concat([proposals, placed], ignore_index=True)

    on = (start - pd.to_timedelta(rng.integers(0, 14, n), unit="D")).dt.date
    fam_given = np.array(pools.given_names)[rng.integers(0, len(pools.given_names), n)]
    sensitive = [
        _items(
            "identity_document",
            w_ids,
            pd.Series(rng.choice(["Paspoort ", "ID-kaart "], n))
            + pd.Series(rng.integers(10**8, 10**9, n))
            .astype(str)
            .str.replace("^", "N", regex=True),
            on,
        ),
        _items("bsn", w_ids, bsns(rng, n), on),
        _items("bank_account", w_ids, ibans(rng, n), on),
        _items(
            "emergency_contact",
            w_ids,
            pd.Series(fam_given)
            + " (06-"
            + pd.Series(rng.integers(10**7, 10**8, n)).astype(str)
            + ")",
            on,
        ),
        _items("insurance_pension", w_ids, "Deelname pensioenregeling StiPP", on),
    ]
    extra = {
        "education_proof": 0.6,
        "work_permit": 0.08,
        "criminal_record_consent": 0.3,
        "medical": 0.15,
        "family_member": 0.04,
    }
    has: dict[str, np.ndarray] = {}
    for category, share in extra.items():
        has[category] = rng.random(n) < share
        mask = has[category]
        count = int(mask.sum())
        value: object = {
            "education_proof": "Diploma MBO niveau "
            + pd.Series(rng.integers(2, 5, count)).astype(str),
            "work_permit": "Tewerkstellingsvergunning TWV-"
            + pd.Series(rng.integers(10**5, 10**6, count)).astype(str),
            "criminal_record_consent": "Toestemming VOG-aanvraag",
            "medical": np.array(MEDICAL)[rng.integers(0, len(MEDICAL), count)],
            "family_member": "Partner: " + pd.Series(fam_given[mask]),
        }[category]
        sensitive.append(_items(category, w_ids[mask], value, on[mask]))
    items = pd.concat(everyone + sensitive, ignore_index=True)

    consents, consent_of = _consents(rng, w_ids, start, on.to_numpy(), has, first_consent_id, today)
    consents = pd.concat(
        [
            consents,
            _registration_consents(
                ids, created, survey, first_consent_id + len(consents), consents.columns
            ),
        ],
        ignore_index=True,
    )
    items = _with_their_consents(items, consents)
    disclosures = _disclosures(
        rng, w_ids, start, end, has, consents, consent_of, recipient_ids, today
    )

    # O5: the holds an ended employment creates, by the one rule of konnektus.domain.holds
    ended = employments.loc[former, ["id", "end_date"]]
    holds_of = {d: holds_for_ended_employment(d) for d in pd.unique(ended["end_date"])}
    holds = [
        pd.DataFrame(
            {
                "person_id": w_ids[former],
                "category": rule.kind.value,
                "legal_ground": rule.legal_ground.value,
                "until": ended["end_date"].map(lambda d, i=index: holds_of[d][i].until).to_numpy(),
                "employment_id": ended["id"].to_numpy(),
            }
        )
        for index, rule in enumerate(holds_for_ended_employment(date(2000, 1, 1)))
    ]
    dispute = rng.random(n) < 0.005
    holds.append(
        pd.DataFrame(
            {
                "person_id": w_ids[dispute],
                "category": HoldKind.DISPUTE.value,
                "legal_ground": LegalGround.DISPUTE.value,
                "until": add_calendar_months(today, 12),
            }
        )
    )
    return Career(
        proposals, employments, items, consents, disclosures, pd.concat(holds, ignore_index=True)
    )


CONSENT_FOR = {
    "criminal_record_check": "criminal_record_consent",
    "diploma_check": "education_proof",
    "medical_exam": "medical",
}


def _consents(
    rng: np.random.Generator,
    ids: np.ndarray,
    start: pd.Series,
    collected: np.ndarray,
    has: dict[str, np.ndarray],
    first_id: int,
    today: date,
) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
    """Consents per purpose; about 5% withdrawn later (O8). A consent that carries an item
    (the VOG consent, the medical data) was given by the day that item was collected."""
    n = len(ids)
    frames = []
    consent_of: dict[str, np.ndarray] = {}
    next_id = first_id
    for purpose in (
        "criminal_record_check",
        "diploma_check",
        "reference_check",
        "medical_exam",
    ):
        mask = (
            has[CONSENT_FOR[purpose]]
            if purpose in CONSENT_FOR
            else rng.random(n) < (0.5 if purpose == "reference_check" else 0.1)
        )
        count = int(mask.sum())
        cid = np.arange(next_id, next_id + count)
        next_id += count
        ids_for = np.full(n, -1)
        ids_for[mask] = cid
        consent_of[purpose] = ids_for
        given = (start[mask] - pd.Timedelta(days=10)).dt.date.to_numpy()
        if ITEM_META.get(CONSENT_FOR.get(purpose, ""), ("",))[0] == "consent":
            given = np.minimum(given, collected[mask])
        withdrawn = rng.random(count) < 0.05
        w_on = (
            (start[mask] + pd.to_timedelta(rng.integers(20, 400, count), unit="D"))
            .pipe(_no_later_than, pd.Timestamp(today))
            .dt.date.to_numpy()
        )
        frames.append(
            pd.DataFrame(
                {
                    "id": cid,
                    "person_id": ids[mask],
                    "purpose": purpose,
                    "given_on": given,
                    "given_how": rng.choice(["formulier", "e-mail", "portaal"], count),
                    "withdrawn_on": np.where(withdrawn, w_on, None),
                    "withdrawn_how": pd.Series(["e-mail"] * count).where(withdrawn, None),
                }
            )
        )
    return pd.concat(frames, ignore_index=True), consent_of


def _registration_consents(
    ids: np.ndarray,
    created: pd.Series,
    survey: np.ndarray,
    first_id: int,
    columns: pd.Index,
) -> pd.DataFrame:
    """Everyone consented to job finding when they registered with their CV, and the few who
    answered the satisfaction survey to the survey, that day (Art. 7(1): the proof of the
    consent their CV and answers rest on). Drawn from no random numbers, so the rest of the
    demo stays as it was."""
    day = created.dt.date.to_numpy()
    frames = [
        pd.DataFrame({"person_id": ids, "purpose": "job_finding", "given_on": day,
                      "given_how": "inschrijfformulier"}),
        pd.DataFrame({"person_id": ids[survey], "purpose": "survey", "given_on": day[survey],
                      "given_how": "enquêteformulier"}),
    ]  # fmt: skip
    made = pd.concat(frames, ignore_index=True)
    made["id"] = np.arange(first_id, first_id + len(made))
    made["withdrawn_on"] = None
    made["withdrawn_how"] = None
    return made[list(columns)]


def _with_their_consents(items: pd.DataFrame, consents: pd.DataFrame) -> pd.DataFrame:
    """Each item on consent names the consent of its person for its purpose (one per person
    and purpose in the demo); what rested on a consent withdrawn since went with the
    withdrawal (Art. 17(1)(b)), as the dashboard's own withdrawal does."""
    purpose = items["category"].map(dict(CONSENT_PURPOSE_OF_ITEM))
    on_consent = (items["legal_basis"] == "consent").to_numpy()
    keys = pd.DataFrame({"person_id": items["person_id"], "purpose": purpose})
    found = keys.merge(
        consents[["person_id", "purpose", "id", "withdrawn_on"]],
        on=["person_id", "purpose"],
        how="left",
    )
    assert len(found) == len(items), "one consent per person and purpose in the demo"
    items = items.copy()
    items["consent_id"] = pd.array(
        np.where(on_consent, found["id"].to_numpy(dtype=float), np.nan), dtype="Int64"
    )
    gone = on_consent & found["withdrawn_on"].notna().to_numpy()
    return items[~gone].reset_index(drop=True)


def _disclosures(
    rng: np.random.Generator,
    ids: np.ndarray,
    start: pd.Series,
    end: pd.Series,
    has: dict[str, np.ndarray],
    consents: pd.DataFrame,
    consent_of: dict[str, np.ndarray],
    recipient_ids: dict[str, list[int]],
    today: date,
) -> pd.DataFrame:
    """Sharing events over each employment; most notified, some not (O7, O8)."""
    n = len(ids)
    ts_today = pd.Timestamp(today)
    stop = end.fillna(ts_today)
    share = {
        "tax_authority": 1.0,
        "pension_fund": 0.9,
        "payroll_bureau": 0.95,
        "insurer": 0.3,
        "health_insurer": 0.5,
        "social_security": 0.1,
        "immigration": 0.0,
        "customs": 0.02,
        "court": 0.003,
        "auditor": 0.05,
        "financial_adviser": 0.05,
    }
    frames = []
    for category, (cats, purpose, basis, consent_purpose) in DISCLOSURE_PROFILES.items():
        if consent_purpose is not None:
            mask = consent_of[consent_purpose] >= 0
            if category == "offshore_security_body":  # half of the checks are for offshore work
                mask &= ids % 2 == 0
        elif category == "immigration":
            mask = has["work_permit"]
        else:
            mask = rng.random(n) < share[category]
        times = (
            rng.integers(1, 4, n)
            if category in ("tax_authority", "pension_fund")
            else np.ones(n, int)
        )
        rows = np.repeat(np.flatnonzero(mask), times[mask])
        count = len(rows)
        span = (stop.to_numpy()[rows] - start.to_numpy()[rows]) / np.timedelta64(1, "s")
        at = (
            start.to_numpy()[rows]
            + (rng.random(count) * np.maximum(span, 0)).astype("timedelta64[s]")
            + np.timedelta64(9, "h")
        )
        consent_id = consent_of[consent_purpose][rows] if consent_purpose else np.full(count, -1)
        targets = recipient_ids[category]
        disclosed_at = pd.Series(at).pipe(_no_later_than, ts_today)
        notified = rng.random(count) < 0.88
        notified_on = (
            (disclosed_at + pd.to_timedelta(rng.integers(0, 15, count), unit="D"))
            .pipe(_no_later_than, ts_today)
            .dt.date.to_numpy()
        )
        frames.append(
            pd.DataFrame(
                {
                    "person_id": ids[rows],
                    "recipient_id": np.array(targets)[rng.integers(0, len(targets), count)],
                    "data_categories": [list(cats)] * count,
                    "purpose": purpose,
                    # a court order is recorded with its reference (lawful-bases.md)
                    "purpose_note": (
                        [f"Bevel ROT-{i}" for i in ids[rows]] if purpose == "court_order" else None
                    ),
                    "legal_basis": basis,
                    "consent_id": pd.array(
                        [int(c) if c >= 0 else None for c in consent_id], dtype="Int64"
                    ),
                    "disclosed_at": disclosed_at.to_numpy(),
                    "requested_by": None,
                    "notified_on": np.where(notified, notified_on, None),
                    "blocked": False,
                }
            )
        )
    disclosures = pd.concat(frames, ignore_index=True)
    # O8: a handful relied on a consent already withdrawn -- a breach the dashboard must show
    withdrawn = consents.dropna(subset=["withdrawn_on"])[["id", "withdrawn_on"]]
    late = disclosures.merge(withdrawn, left_on="consent_id", right_on="id", how="left")
    after = (pd.to_datetime(late["withdrawn_on"]) < late["disclosed_at"]).to_numpy()
    disclosures.loc[after & (rng.random(len(disclosures)) < 0.5), "blocked"] = True
    return disclosures
