"""Pools of realistic Dutch values, drawn once per run from Faker's `nl_NL` locale.

Calling Faker per row costs tens of microseconds a field, far too slow for a million people
in a minute; so Faker supplies the vocabulary (first names, surnames, cities, streets,
companies) and NumPy combines it per row. Same seed, same pools, same data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from faker import Faker
from faker.providers.address.nl_NL import Provider as AddressProvider
from faker.providers.person.nl_NL import Provider as PersonProvider

TUSSENVOEGSELS = (
    "van",
    "de",
    "van der",
    "van den",
    "van de",
    "den",
    "ter",
    "ten",
    "in 't",
    "van 't",
)

# The most common Dutch surnames (CBG), so that searches like "de Vries" find real crowds.
COMMON_SURNAMES = (
    ("de", "Jong"),
    ("", "Jansen"),
    ("de", "Vries"),
    ("van den", "Berg"),
    ("van", "Dijk"),
    ("", "Bakker"),
    ("", "Janssen"),
    ("", "Visser"),
    ("", "Smit"),
    ("", "Meijer"),
    ("de", "Boer"),
    ("", "Mulder"),
    ("de", "Groot"),
    ("", "Bos"),
    ("", "Vos"),
    ("", "Peters"),
    ("", "Hendriks"),
    ("van", "Leeuwen"),
    ("", "Dekker"),
    ("", "Brouwer"),
    ("de", "Wit"),
    ("", "Dijkstra"),
    ("", "Smits"),
    ("de", "Graaf"),
    ("van der", "Meer"),
)

_SURNAME = re.compile(
    r"^(?:(?P<tv>"
    + "|".join(sorted(TUSSENVOEGSELS, key=len, reverse=True))
    + r") )?(?P<name>[A-Z][a-zà-ÿ'-]+)$"
)

EMAIL_DOMAINS = (
    "gmail.com",
    "hotmail.com",
    "outlook.com",
    "ziggo.nl",
    "kpnmail.nl",
    "live.nl",
    "icloud.com",
    "xs4all.nl",
    "planet.nl",
    "yahoo.com",
)

JOB_TITLES = (
    "Orderpicker",
    "Heftruckchauffeur",
    "Productiemedewerker",
    "Logistiek medewerker",
    "Klantenservicemedewerker",
    "Administratief medewerker",
    "Monteur elektrotechniek",
    "Lasser",
    "Verpleegkundige",
    "Schoonmaker",
    "Chauffeur C/CE",
    "Offshore technicus",
    "Boorplatformmedewerker",
    "Financieel administrateur",
    "Salarisadministrateur",
    "Receptionist",
    "Magazijnmedewerker",
    "Servicemonteur",
    "Kok",
    "Beveiliger",
)


@dataclass(frozen=True)
class Pools:
    given_names: tuple[str, ...]
    surnames: tuple[tuple[str, str], ...]  # (tussenvoegsel or "", surname)
    surname_weights: tuple[float, ...]
    cities: tuple[str, ...]
    streets: tuple[str, ...]
    companies: tuple[str, ...]


def build_pools(seed: int) -> Pools:
    fake = Faker("nl_NL")
    fake.seed_instance(seed)
    given = sorted(set(PersonProvider.first_names_male) | set(PersonProvider.first_names_female))
    given = [g for g in given if re.fullmatch(r"[A-Z][a-zà-ÿ'-]+", g)]
    surnames: list[tuple[str, str]] = []
    for raw in sorted(set(PersonProvider.last_names)):
        match = _SURNAME.match(raw)
        if match:
            surnames.append((match.group("tv") or "", match.group("name")))
    surnames.append(("", "Müller"))  # accents occur in real names; search must fold them
    weights = [1.0] * len(surnames)
    for common in COMMON_SURNAMES:
        surnames.append(common)
        weights.append(40.0)
    total = sum(weights)
    cities = sorted({c for c in AddressProvider.cities if "'" not in c[:2]})
    streets = sorted({fake.street_name() for _ in range(3000)})
    companies = sorted({fake.company() for _ in range(600)})
    return Pools(
        given_names=tuple(given),
        surnames=tuple(surnames),
        surname_weights=tuple(w / total for w in weights),
        cities=tuple(cities),
        streets=tuple(streets),
        companies=tuple(companies),
    )
