"""Clients are recipients (Art. 4(9), 15(1)(c), 19, 30(1)(d)): SQL that keeps it so.

Every client is linked to a recipient of category `client` in the register, and every
proposal is a disclosure to that recipient: the CV and contact data, for job finding, on the
steps before a contract at the person's request (konnektus.domain.lawful_bases.PROPOSAL_*).
The agency contacts the person before proposing them (the privacy statement), so the person
knows of it: the disclosure is recorded as told on the day of the proposal. Both steps only
touch rows not yet linked, so whoever writes clients or proposals (the demo, the import,
migration 016) calls them in its own transaction and a second call changes nothing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final

import pandas as pd

from konnektus.db.database import Cursor
from konnektus.domain.lawful_bases import PROPOSAL_CATEGORIES, PROPOSAL_GROUND, PROPOSAL_PURPOSE

CLIENT_CATEGORY: Final = "client"
CLIENT_COUNTRY: Final = "NL"  # the client table holds a city, not a country: Dutch clients
# the Amsterdam day of a proposal at 09:00 or 10:00 (08:00 UTC), never later than now
_PROPOSED_AT: Final = "least(CAST(p.proposed_on AS TIMESTAMP) + INTERVAL 8 HOUR, $now)"


def link_clients(cur: Cursor, now: datetime) -> int:
    """Link each client without a recipient: to a client recipient of the same name, or to a
    new one (independent, in the Netherlands). Returns the number of recipients added."""
    cur.execute(
        "UPDATE client SET recipient_id = r.id FROM recipient r"
        " WHERE client.recipient_id IS NULL AND r.category = $category"
        " AND lower(r.name) = lower(client.name)",
        {"category": CLIENT_CATEGORY},
    )
    missing = cur.execute(
        "SELECT id, name FROM client WHERE recipient_id IS NULL ORDER BY id"
    ).fetchall()
    if not missing:
        return 0
    taken = {str(n).lower() for (n,) in cur.execute("SELECT name FROM recipient").fetchall()}
    names = []
    for client_id, name in missing:
        shown = str(name)
        if shown.lower() in taken:  # another recipient or client already has the name
            shown = f"{shown} (opdrachtgever {client_id})"
        taken.add(shown.lower())
        names.append((int(client_id), shown))
    frame = pd.DataFrame(names, columns=["client_id", "name"])
    cur.register("_client_names", frame)
    try:
        cur.execute(
            "INSERT INTO recipient (name, category, kind, dpa_signed_on, dpa_expires_on, country,"
            " safeguard, active, changed_at, changed_by)"
            " SELECT name, $category, 'independent', NULL, NULL, $country, NULL, TRUE, $now, NULL"
            " FROM _client_names ORDER BY client_id",
            {"category": CLIENT_CATEGORY, "country": CLIENT_COUNTRY, "now": now},
        )
        cur.execute(
            "UPDATE client SET recipient_id = r.id FROM _client_names n JOIN recipient r"
            " ON r.name = n.name WHERE client.id = n.client_id"
        )
    finally:
        cur.unregister("_client_names")
    return len(names)


def disclose_proposals(cur: Cursor, now: datetime) -> list[int]:
    """A disclosure for every proposal without one (of a person not erased), linked back to
    it; returns the new disclosures' ids, for disclosure_days.refresh."""
    params = {
        "now": now,
        "categories": list(PROPOSAL_CATEGORIES),
        "purpose": PROPOSAL_PURPOSE,
        "ground": PROPOSAL_GROUND,
    }
    # an existing disclosure of the same proposal (same person, client, day) is linked, not
    # made twice: a file the demo filled before this link existed already holds it
    cur.execute(
        f"""
        UPDATE proposal SET disclosure_id = found.id FROM (
            SELECT p.id AS proposal_id, min(d.id) AS id
            FROM proposal p JOIN vacancy v ON v.id = p.vacancy_id
            JOIN client c ON c.id = v.client_id
            JOIN disclosure d ON d.person_id = p.person_id AND d.recipient_id = c.recipient_id
                AND d.disclosed_at = {_PROPOSED_AT} AND d.purpose = $purpose
                AND d.legal_basis = $ground
            WHERE p.disclosure_id IS NULL GROUP BY p.id
        ) found WHERE proposal.id = found.proposal_id
        """,  # noqa: S608 -- code constants only
        {"now": now, "purpose": PROPOSAL_PURPOSE, "ground": PROPOSAL_GROUND},
    )
    pending = cur.execute(
        """
        SELECT p.id AS proposal_id, nextval('disclosure_id_seq') AS disclosure_id
        FROM proposal p JOIN vacancy v ON v.id = p.vacancy_id JOIN client c ON c.id = v.client_id
        JOIN person pe ON pe.id = p.person_id AND pe.erased_at IS NULL
        WHERE p.disclosure_id IS NULL AND c.recipient_id IS NOT NULL
        ORDER BY p.id
        """
    ).df()
    if pending.empty:
        return []
    cur.register("_proposal_disclosures", pending)
    try:
        cur.execute(
            f"""
            INSERT INTO disclosure (id, person_id, recipient_id, data_categories, purpose,
                purpose_note, legal_basis, consent_id, disclosed_at, requested_by, notified_on,
                blocked)
            SELECT x.disclosure_id, p.person_id, c.recipient_id, $categories, $purpose,
                'voordracht #' || p.id || ': ' || v.title, $ground, NULL, {_PROPOSED_AT},
                p.proposed_by, p.proposed_on, FALSE
            FROM _proposal_disclosures x JOIN proposal p ON p.id = x.proposal_id
            JOIN vacancy v ON v.id = p.vacancy_id JOIN client c ON c.id = v.client_id
            ORDER BY x.disclosure_id
            """,  # noqa: S608 -- code constants only
            params,
        )
        cur.execute(
            "UPDATE proposal SET disclosure_id = x.disclosure_id FROM _proposal_disclosures x"
            " WHERE proposal.id = x.proposal_id"
        )
    finally:
        cur.unregister("_proposal_disclosures")
    return [int(i) for i in pending["disclosure_id"]]
