"""`bench import`: checking and importing N people with their items, and the Import page's
preview of an N-row file, on a fresh database in a temporary folder (issue 14 targets at
100,000 people: check and import under 30 s, the preview under 2 s)."""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from konnektus.db.database import Database
from konnektus.demo.identifiers import bsns, ibans
from konnektus.demo.pools import build_pools
from konnektus.domain.staff import CLI
from konnektus.services.import_read import PREVIEW_ROWS, UploadedFile, read_files
from konnektus.services.importing import check_read, import_checked, mark_real


@dataclass(frozen=True)
class ImportBench:
    people: int
    items: int
    file_mb: float
    preview_s: float  # reading the people file as the page does, and its first rows
    read_s: float  # reading the files
    check_s: float
    import_s: float
    total_s: float  # read + check + import
    again_s: float  # the same files a second time (nothing changes)


def synthetic_files(people: int, today: date, seed: int = 14) -> list[UploadedFile]:
    """A people file (with BSN and IBAN columns), a consents file and an items file: a CV for
    everyone, resting on their consent to job finding given when they registered, and a note
    of correspondence for a third; Dutch Excel style (`;`, dd-mm-jjjj)."""
    rng = np.random.default_rng(seed)
    pools = build_pools(seed)
    ids = np.arange(1, people + 1)
    external = pd.Series(ids).map(lambda i: f"R-{i}")
    given = np.array(pools.given_names)[rng.integers(0, len(pools.given_names), people)]
    family = np.array([s[1] for s in pools.surnames])[rng.integers(0, len(pools.surnames), people)]
    registered = pd.Timestamp(today) - pd.to_timedelta(rng.integers(1, 6 * 365, people), unit="D")
    frame = pd.DataFrame(
        {
            "persoon_id": external,
            "voornaam": given,
            "achternaam": family,
            "e-mail": [f"p{i}@voorbeeld.nl" for i in ids],
            "telefoon": [f"06-{10_000_000 + i}" for i in ids],
            "postcode": [f"{1000 + i % 9000} AB" for i in ids],
            "woonplaats": np.array(pools.cities)[rng.integers(0, len(pools.cities), people)],
            "geboortedatum": "15-06-1990",
            "bron": "website",
            "fase": "kandidaat",
            "ingeschreven_op": registered.strftime("%d-%m-%Y"),
            "bsn": bsns(rng, people),
            "iban": ibans(rng, people),
        }
    )
    cv = pd.DataFrame(
        {
            "gegeven_id": "CV-" + external,
            "persoon_id": external,
            "categorie": "cv",
            "waarde": "cv_" + external + ".pdf",
            "verzameld_op": frame["ingeschreven_op"],
            "doel": "bemiddeling naar werk",
            "grondslag": "toestemming",
            "toestemming_id": "TS-" + external,
        }
    )
    consents = pd.DataFrame(
        {
            "toestemming_id": "TS-" + external,
            "persoon_id": external,
            "doel": "job_finding",
            "gegeven_op": frame["ingeschreven_op"],
            "hoe_gegeven": "inschrijfformulier",
        }
    )
    third = cv.iloc[::3].assign(
        gegeven_id=lambda f: "CO-" + f["persoon_id"],
        categorie="correspondence",
        waarde="E-mail over beschikbaarheid",
        grondslag="gerechtvaardigd belang",
        toestemming_id="",
    )
    items = pd.concat([cv, third], ignore_index=True)
    return [
        UploadedFile("personen.csv", _csv(frame)),
        UploadedFile("toestemmingen.csv", _csv(consents)),
        UploadedFile("gegevens.csv", _csv(items)),
    ]


def _csv(frame: pd.DataFrame) -> bytes:
    return ("\ufeff" + frame.to_csv(sep=";", index=False)).encode("utf-8")


def bench_import(people: int, *, today: date, now: datetime) -> ImportBench:
    files = synthetic_files(people, today)
    with tempfile.TemporaryDirectory() as folder:
        db = Database.open(Path(folder) / "bench.duckdb")
        try:
            mark_real(db, CLI, now=now)
            started = time.perf_counter()
            preview = read_files(files[:1])
            for table in preview.tables:
                table.rows.head(PREVIEW_ROWS)
            preview_s = time.perf_counter() - started

            started = time.perf_counter()
            read = read_files(files)
            read_s = time.perf_counter() - started
            started = time.perf_counter()
            checked = check_read(db, CLI, read, now=now)
            check_s = time.perf_counter() - started
            if checked.problems:
                raise RuntimeError(f"the synthetic files have {len(checked.problems)} problems")
            started = time.perf_counter()
            summary = import_checked(db, CLI, checked, now=now)
            import_s = time.perf_counter() - started

            started = time.perf_counter()
            rechecked = check_read(db, CLI, read_files(files), now=now)
            again = import_checked(db, CLI, rechecked, now=now)
            again_s = time.perf_counter() - started
            if again.total("new") or again.total("changed"):
                raise RuntimeError("importing the same files again changed something")
        finally:
            db.close()
    items = summary.of("items")
    return ImportBench(
        people=people,
        items=0 if items is None else items.new,
        file_mb=round(sum(len(f.data) for f in files) / 1e6, 1),
        preview_s=round(preview_s, 2),
        read_s=round(read_s, 2),
        check_s=round(check_s, 2),
        import_s=round(import_s, 2),
        total_s=round(read_s + check_s + import_s, 2),
        again_s=round(again_s, 2),
    )
