"""A request or a profile has an address: /requests?id=74, /people?ref=K0000123 (issue 20,
point 6), so a reload (F5), the back button and a shared link open it again.

The address and the screen are kept in step both ways. Before the page draws, an address
that changed from outside (a new session after F5, a pasted link, the back button) opens
what it names; after the page chose what is open (a row clicked, the close button), the
address is set to that. The value last written is kept in the session, which tells the two
apart: an address that still holds it has not changed from outside. The page guard has
already refused a role that may not open the page, and the service checks the role again.
"""

from __future__ import annotations

import streamlit as st

UNSET = "\x00"  # nothing synchronised yet in this session


def _synced_key(param: str) -> str:
    return f"address_{param}"


def address_changed(param: str) -> tuple[bool, str | None]:
    """(True, value) when the address's `param` changed from outside since this session last
    wrote it (value None: the address lost it, e.g. back to the plain page); else (False, _).
    The first run of a session without the param counts as unchanged, so what the session
    already had open stays open."""
    raw = st.query_params.get(param)
    synced = st.session_state.get(_synced_key(param), UNSET)
    if raw == synced or (raw is None and synced == UNSET):
        return False, raw
    st.session_state[_synced_key(param)] = raw
    return True, raw


def keep_address(param: str, value: str | None) -> None:
    """Write what is open into the address (or take it out when nothing is)."""
    if st.query_params.get(param) != value:
        if value is None:
            del st.query_params[param]
        else:
            st.query_params[param] = value
    st.session_state[_synced_key(param)] = value if value is not None else None
