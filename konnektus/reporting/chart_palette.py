"""One colour per category, the same on every page and in the board report (issue 20 point 7).

The colours come from palettes made for readers with a colour-vision deficiency: Okabe and
Ito's eight ("Color Universal Design", 2008), extended with Paul Tol's "muted" colours where
a set has more categories than Okabe-Ito has colours. Each category set has a fixed
category -> colour mapping, so a category keeps its colour whichever categories a period
happens to have, and no two categories of one set share a colour (a test holds it). Plain
Python and Altair, no Streamlit: the report draws its charts outside any page.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

import altair as alt

from konnektus.domain.promises import Light
from konnektus.domain.retention import RetentionState

# Okabe-Ito
ORANGE: Final = "#E69F00"
SKY_BLUE: Final = "#56B4E9"
BLUISH_GREEN: Final = "#009E73"
YELLOW: Final = "#F0E442"
BLUE: Final = "#0072B2"
VERMILLION: Final = "#D55E00"
REDDISH_PURPLE: Final = "#CC79A7"
BLACK: Final = "#000000"
GREY: Final = "#999999"
# Paul Tol, muted (and his pale grey from "bright"): for the sets beyond eight
INDIGO: Final = "#332288"
WINE: Final = "#882255"
OLIVE: Final = "#999933"
TEAL: Final = "#44AA99"
ROSE: Final = "#CC6677"
GREEN: Final = "#117733"
PALE_GREY: Final = "#BBBBBB"

# kind of recipient (sharing.recipient_category.*): the overview, the sharing page, the report
RECIPIENT_KIND_COLOURS: Final[dict[str, str]] = {
    "tax_authority": BLUE,
    "customs": SKY_BLUE,
    "auditor": ORANGE,
    "government_body": BLUISH_GREEN,
    "immigration": YELLOW,
    "court": VERMILLION,
    "offshore_security_body": REDDISH_PURPLE,
    "referee": GREEN,
    "education_body": INDIGO,
    "insurer": WINE,
    "pension_fund": OLIVE,
    "social_security": TEAL,
    "payroll_bureau": ROSE,
    "financial_adviser": PALE_GREY,
}
REQUEST_TYPE_COLOURS: Final[dict[str, str]] = {
    "erasure": VERMILLION,
    "access": BLUE,
    "rectification": SKY_BLUE,
    "portability": BLUISH_GREEN,
    "objection": REDDISH_PURPLE,
    "restriction": ORANGE,
    "consent_withdrawal": YELLOW,
    "automated_decision": INDIGO,
}
# calm states grey/green/blue, states that need action yellow/orange/purple/vermillion
RETENTION_STATE_COLOURS: Final[dict[str, str]] = {
    RetentionState.EMPLOYED: GREY,
    RetentionState.RUNNING: BLUISH_GREEN,
    RetentionState.DUE: BLUE,
    RetentionState.ASKED: SKY_BLUE,
    RetentionState.REMINDER_DUE: YELLOW,
    RetentionState.NO_ANSWER: ORANGE,
    RetentionState.DECLINED: REDDISH_PURPLE,
    RetentionState.EXPIRED: VERMILLION,
}
# a promise's traffic light (the report's dots)
LIGHT_COLOURS: Final[dict[str, str]] = {
    Light.GREEN: BLUISH_GREEN,
    Light.AMBER: ORANGE,
    Light.RED: VERMILLION,
    Light.NONE: GREY,
}
# where an open request stands against its deadlines on the timeline
DEADLINE_COLOURS: Final[dict[str, str]] = {
    "in_time": BLUE,
    "past_mark": ORANGE,
    "overdue": VERMILLION,
}
# the on-time chart's two lines
ON_TIME_GROUP_COLOURS: Final[dict[str, str]] = {"erasure": VERMILLION, "other": BLUE}
# how the person was told of a disclosure (sharing page)
NOTICE_STATUS_COLOURS: Final[dict[str, str]] = {
    "on_time": BLUISH_GREEN,
    "late": ORANGE,
    "deferred": GREY,  # UAVG art. 41: neither told nor untold
    "not_notified": VERMILLION,
}
# single marks beside a category set: a colour none of the sets' categories has
SHARE_LINE: Final = BLACK  # the "told on time" line over the recipient kinds
TODAY_LINE: Final = VERMILLION
MARK_TICK: Final = GREY

CATEGORY_SETS: Final[dict[str, dict[str, str]]] = {
    "recipient_kind": RECIPIENT_KIND_COLOURS,
    "request_type": REQUEST_TYPE_COLOURS,
    "retention_state": RETENTION_STATE_COLOURS,
    "light": LIGHT_COLOURS,
    "deadline": DEADLINE_COLOURS,
    "on_time_group": ON_TIME_GROUP_COLOURS,
    "notice_status": NOTICE_STATUS_COLOURS,
}

# Legends sit under the chart in columns, with room for the longest label of the catalogs
# ("beperking van de verwerking" was cut at Vega's default of 160 px).
LEGEND_LABEL_LIMIT: Final = 400


def colour_scale(colours: Mapping[str, str], labels: Mapping[str, str]) -> alt.Scale:
    """The scale drawing each label in its category's colour: domain the labels of the
    categories in `labels`, in the mapping's order, range their colours."""
    keys = [k for k in colours if k in labels]
    return alt.Scale(domain=[labels[k] for k in keys], range=[colours[k] for k in keys])


LEGEND_ROW_HEIGHT: Final = 20


def legend_room(categories: int, columns: int) -> int:
    """Pixels to add to a chart's height for its bottom legend: Streamlit fits the whole
    chart, legend included, into the height, so without them the plot is squeezed."""
    return LEGEND_ROW_HEIGHT * (-(-categories // columns) + 1)


def bottom_legend(columns: int) -> alt.Legend:
    """A legend under the chart, in `columns` columns, that does not cut its labels."""
    return alt.Legend(orient="bottom", columns=columns, labelLimit=LEGEND_LABEL_LIMIT)
