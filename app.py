"""Entry point: sign-in, then st.navigation over the pages this role may open.

Each page guards itself again (konnektus/ui/guard.py), because Streamlit can run a page file
without this script. Which page answers which address: konnektus/ui/routing.py.
"""

from konnektus.ui.guard import resolve_session
from konnektus.ui.routing import navigation

navigation(resolve_session()).run()
