"""`python -m konnektus settings` (show, or set the privacy contact, the retention lead
times and the erasure extension cap) and `python -m konnektus statement REFERENCE` (the
Art. 15 statement of one person)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from konnektus.clock import now_utc
from konnektus.db.database import Database, configured_path
from konnektus.db.errors import DatabaseError
from konnektus.domain.errors import CodedError
from konnektus.domain.retention import RetentionPolicy
from konnektus.domain.staff import CLI
from konnektus.i18n import error_text, translate
from konnektus.services import settings as settings_service
from konnektus.services.export import statement_for_reference

_db_option = click.option(
    "--db",
    "db_path",
    type=click.Path(path_type=Path),
    default=None,
    help="Database file (default: $KONNEKTUS_DB or data/konnektus.duckdb).",
)


def _open(path: Path | None) -> Database:
    try:
        return Database.open(path or configured_path())
    except DatabaseError as error:
        raise click.ClickException(str(error)) from None


def _show(db: Database) -> None:
    current = settings_service.current_settings(db, CLI)
    contact = current.contact
    click.echo("Privacy contact (on every letter and export):")
    click.echo(f"  signed as:      {contact.title('nl')}")
    click.echo(f"  name:           {contact.name or '-'}")
    click.echo(f"  e-mail:         {contact.email}")
    click.echo(f"  phone:          {contact.phone or '-'}")
    click.echo(f"  postal address: {contact.postal_address.replace(chr(10), ', ') or '-'}")
    appointed = "yes" if contact.dpo_appointed else "no"
    click.echo(f"  DPO appointed:  {appointed} (an active staff member with the DPO role)")
    policy = current.retention
    click.echo("Retention extension question (days):")
    click.echo(
        f"  ask {policy.lead_days} before the end, remind {policy.reminder_days} before,"
        f" wait {policy.wait_days} per letter"
    )
    click.echo("Request periods (GDPR Art. 12(3); erasure's extension capped by the policy):")
    for kind, (months, extended) in current.periods.items():
        click.echo(
            f"  {translate(f'request_type.{kind}', 'en')}: {months} month(s),"
            f" at most {extended} when extended"
        )
    click.echo(
        "Medical data after the last employment (Art. 5(1)(e)):"
        f" {current.medical_months_after_placement} calendar month(s)"
    )


@click.group("settings", invoke_without_command=True)
@_db_option
@click.pass_context
def settings_group(context: click.Context, db_path: Path | None) -> None:
    """Show the settings; 'settings set ...' changes them (audited)."""
    if context.invoked_subcommand is None:
        db = _open(db_path)
        try:
            _show(db)
        finally:
            db.close()


@settings_group.command("set")
@_db_option
@click.option("--contact-name")
@click.option("--contact-email")
@click.option("--contact-phone")
@click.option("--contact-address", help="Postal address; use '\\n' between lines.")
@click.option("--lead-days", type=int)
@click.option("--reminder-days", type=int)
@click.option("--wait-days", type=int)
@click.option(
    "--erasure-extension-months",
    type=int,
    help="Months from receipt an extended erasure may take (1-3; the privacy statement: 2).",
)
@click.option(
    "--medical-months",
    type=int,
    help="Calendar months medical data may stay after the last employment (0-12; default 3).",
)
def settings_set(db_path: Path | None, **options: Any) -> None:
    """Change the privacy contact, the retention lead times and/or the erasure extension cap."""
    contact = {
        field: options[option]
        for field, option in (
            ("name", "contact_name"),
            ("email", "contact_email"),
            ("phone", "contact_phone"),
            ("postal_address", "contact_address"),
        )
        if options[option] is not None
    }
    if "postal_address" in contact:
        contact["postal_address"] = contact["postal_address"].replace("\\n", "\n")
    db = _open(db_path)
    try:
        if contact:
            settings_service.update_privacy_contact(db, CLI, contact, now=now_utc())
        timing = {k: options[k] for k in ("lead_days", "reminder_days", "wait_days")}
        if any(v is not None for v in timing.values()):
            now_policy = settings_service.current_settings(db, CLI).retention
            policy = RetentionPolicy(
                **{k: v if v is not None else getattr(now_policy, k) for k, v in timing.items()}
            )
            settings_service.update_retention_policy(db, CLI, policy, now=now_utc())
        if options["erasure_extension_months"] is not None:
            settings_service.update_erasure_extended_months(
                db, CLI, options["erasure_extension_months"], now=now_utc()
            )
        if options["medical_months"] is not None:
            settings_service.update_medical_months_after_placement(
                db, CLI, options["medical_months"], now=now_utc()
            )
        _show(db)
    except CodedError as error:  # the refusal in Dutch, the team's language
        raise click.ClickException(error_text(error)) from None
    finally:
        db.close()


@click.command("statement")
@_db_option
@click.argument("reference")
@click.option("--out", type=click.Path(path_type=Path), default=None)
def statement_command(db_path: Path | None, reference: str, out: Path | None) -> None:
    """Write the Art. 15 statement (statement.html) of the person with REFERENCE (audited)."""
    db = _open(db_path)
    try:
        html = statement_for_reference(db, CLI, reference, now=now_utc())
    except CodedError as error:
        raise click.ClickException(error_text(error)) from None
    finally:
        db.close()
    target = out or Path.cwd() / f"statement-{reference}.html"
    target.write_text(html, "utf-8")
    click.echo(f"Wrote {target}")
