"""The DPO's queue: counters, filters, the table of open requests, and the intake form."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import streamlit as st

from konnektus.clock import now_utc, this_minute_amsterdam
from konnektus.domain.deadlines import REQUEST_TYPES
from konnektus.domain.requests import OPEN_STATUSES
from konnektus.i18n import format_number, translate
from konnektus.services import requests as desk
from konnektus.ui.errors import show_service_error
from konnektus.ui.formats import DATE_FORMAT
from konnektus.ui.guard import PageContext
from konnektus.ui.i18n import t, t_each
from konnektus.ui.row_pick import clickable_table
from konnektus.ui.text import person_label
from konnektus.ui.versioned import per_version

OPEN_REQUEST = "open_request"  # the request shown below the queue, by id
# Column widths in pixels: at 1,024 px (sidebar open) the row marker, #, type, person, days
# left and due date fit the page whole ("45 dagen te laat", "verwijdering", dd-mm-jjjj).
ID_WIDTH = 48
TYPE_WIDTH = 112
WHO_WIDTH = 140
DAYS_LEFT_WIDTH = 124
DATE_WIDTH = 96
URGENCY_COLOURS = {"green": "#d7f0dd", "amber": "#fde7c2", "red": "#f8d0cc"}
FILTERS = ("all", "overdue", "due_7", "missed_notice")
QUEUE_PAGE = 100  # rows of the queue per page
# read again only after a write or at midnight (konnektus/ui/versioned.py)
_request_queue = per_version(desk.request_queue)
_assignable = per_version(desk.assignable)


def counters(page: PageContext, queue: pd.DataFrame) -> None:
    figures = desk.queue_counters(queue)
    columns = st.columns(4)
    for column, key, value in zip(
        columns,
        ("open", "overdue", "due_7", "missed_notice"),
        (figures.open, figures.overdue, figures.due_within_7_days, figures.missed_notice),
        strict=True,
    ):
        column.metric(t(f"requests.counter.{key}"), format_number(value, page.language))


def load_queue(page: PageContext, today: date) -> pd.DataFrame:
    search = st.text_input(
        t("requests.search"),
        key="q_search",
        placeholder=t("requests.search_placeholder"),
        max_chars=200,
        icon=":material/search:",
        help=t("requests.search_help"),
    )
    with st.expander(t("requests.filters"), expanded=False, icon=":material/filter_list:"):
        left, middle, right, last = st.columns(4)
        types = left.multiselect(
            t("requests.col_type"),
            REQUEST_TYPES,
            key="q_types",
            format_func=lambda v: t(f"request_type.{v}"),
            placeholder=t("requests.all"),
            select_all=False,
        )
        statuses = middle.multiselect(
            t("requests.col_status"),
            sorted(OPEN_STATUSES),
            key="q_statuses",
            placeholder=t("requests.all"),
            format_func=lambda v: t(f"status.{v}"),
            select_all=False,
        )
        staff = dict(_assignable(page.db, page.member))
        assignee = right.selectbox(
            t("requests.col_assignee"),
            [None, *staff],
            key="q_assignee",
            format_func=lambda v: t("requests.all") if v is None else staff[v],
            placeholder=t("requests.all"),  # None chosen shows the placeholder
        )
        focus = last.radio(
            t("requests.focus"),
            FILTERS,
            key="q_focus",
            format_func=lambda v: t(f"requests.focus_{v}"),
        )
    queue = _request_queue(
        page.db,
        page.member,
        today=today,
        statuses=tuple(statuses),
        types=tuple(types),
        assignee_id=assignee,
        search=search,
    )
    if focus == "overdue":
        queue = queue[queue["overdue"]]
    elif focus == "due_7":
        queue = queue[(queue["days_left"] >= 0) & (queue["days_left"] <= 7)]
    elif focus == "missed_notice":
        queue = queue[queue["missed_notice"]]
    return queue.reset_index(drop=True)


def queue_table(page: PageContext, everything: pd.DataFrame) -> int | None:
    """The queue, most urgent first, a page of rows at a time (the browser gets a page, not
    tens of thousands of rows); clicking a row opens that request. Returns the request that
    is open."""
    pages = max(1, -(-len(everything) // QUEUE_PAGE))
    count, pager = st.columns([4, 1])
    number = int(
        pager.number_input(
            t("audit.page", pages=format_number(pages, page.language)),
            min_value=1,
            max_value=pages,
            step=1,
            key="q_page",
        )
    )
    number = min(number, pages)
    queue = everything.iloc[(number - 1) * QUEUE_PAGE : number * QUEUE_PAGE]
    count.caption(
        t(
            "requests.showing",
            shown=format_number(len(queue), page.language),
            total=format_number(len(everything), page.language),
        )
    )
    missed = t("requests.flag_missed_notice")
    # the columns a DPO scans first come first: what, who, how urgent
    shown = pd.DataFrame(
        {
            "id": queue["id"],
            "type": t_each("request_type.", queue["type"]),
            "who": [
                p if isinstance(p, str) and p else r
                for p, r in zip(queue["person_name"], queue["requester_name"], strict=True)
            ],
            "days_left": [days_left_words(int(d), page.language) for d in queue["days_left"]],
            "due": queue["due_date"],
            # erasure: the statement's outer date stays in view beside the one-month due date
            "promise_due": queue["promise_due"],
            "original_due": queue["original_due_date"],
            "one_month_mark": queue["one_month_mark"],
            "status": t_each("status.", queue["status"]),
            "flag": [missed if m else "" for m in queue["missed_notice"]],
            "received": queue["received_at"].dt.date,
            "assignee": queue["assignee_name"],
        }
    )
    colours = [URGENCY_COLOURS[u] for u in queue["urgency"]]
    styled = shown.style.apply(
        lambda column: [f"background-color: {c}" for c in colours], subset=["days_left", "due"]
    )
    return clickable_table(
        styled,
        [int(i) for i in queue["id"]],
        key="queue_table",
        open_key=OPEN_REQUEST,
        column_config={
            "id": st.column_config.NumberColumn("#", format="%d", width=ID_WIDTH),
            # widths fixed so that at 1,024 px the columns scanned first (what, who, how
            # urgent, due) are in view whole; the rest scroll in beside them
            "type": st.column_config.TextColumn(t("requests.col_type"), width=TYPE_WIDTH),
            "who": st.column_config.TextColumn(t("requests.col_person"), width=WHO_WIDTH),
            "received": st.column_config.DateColumn(
                t("requests.col_received"), format=DATE_FORMAT, width=DATE_WIDTH
            ),
            "one_month_mark": st.column_config.DateColumn(
                t("requests.col_one_month"), format=DATE_FORMAT, width=DATE_WIDTH
            ),
            "original_due": st.column_config.DateColumn(
                t("requests.col_original_due"), format=DATE_FORMAT, width=DATE_WIDTH
            ),
            "due": st.column_config.DateColumn(
                t("requests.col_due"), format=DATE_FORMAT, width=DATE_WIDTH
            ),
            "promise_due": st.column_config.DateColumn(
                t("requests.col_promise_due"),
                format=DATE_FORMAT,
                help=t("requests.promise_help"),
                width=DATE_WIDTH,
            ),
            "days_left": st.column_config.TextColumn(
                t("requests.col_days_left"), width=DAYS_LEFT_WIDTH
            ),
            "status": t("requests.col_status"),
            "assignee": t("requests.col_assignee"),
            "flag": t("requests.col_flag"),
        },
    )


def days_left_words(left: int, language: str) -> str:
    """How the due date stands, in words: "nog 5 dagen", "vandaag", "111 dagen te laat"."""
    if left > 0:
        return translate("requests.days_to_go", language, count=left)
    if left == 0:
        return translate("requests.due_today", language)
    return translate("requests.days_late", language, count=-left)


def intake_form(page: PageContext) -> None:
    """Log a new request; the requester is matched to a person only by an explicit choice."""
    st.subheader(t("requests.intake_title"))
    left, right = st.columns(2)
    request_type = left.selectbox(
        t("requests.col_type"),
        REQUEST_TYPES,
        key="in_type",
        format_func=lambda v: t(f"request_type.{v}"),
    )
    channel = right.selectbox(
        t("requests.channel"),
        desk.CHANNELS,
        key="in_channel",
        format_func=lambda v: t(f"channel.{v}"),
    )
    # a default valid at any hour: this minute, Amsterdam time (architecture rule 11)
    this_minute = this_minute_amsterdam()
    received_on = left.date_input(
        t("requests.received_on"),
        value=this_minute.date(),
        max_value=this_minute.date(),
        key="in_date",
        format=DATE_FORMAT,
    )
    received_time = right.time_input(
        t("requests.received_time"), value=this_minute.time(), key="in_time", step=60
    )
    name = left.text_input(t("requests.requester_name"), key="in_name", max_chars=200)
    email = right.text_input(t("requests.requester_email"), key="in_email", max_chars=200)
    free_text = st.text_area(t("requests.free_text"), key="in_text", max_chars=5000)
    person_id = None
    if name.strip() or email.strip():
        matches = desk.requester_candidates(page.db, page.member, name=name, email=email)
        options: list[int | None] = [None, *matches["id"].astype(int).tolist()]
        labels = {int(r["id"]): person_label(r) for r in matches.to_dict("records")}
        person_id = st.selectbox(
            t("requests.match_person"),
            options,
            key="in_person",
            format_func=lambda v: t("requests.no_match") if v is None else labels[v],
            placeholder=t("requests.no_match"),
            help=t("requests.match_help"),
        )
    if st.button(t("requests.log"), key="log_request", type="primary", icon=":material/add:"):
        try:
            request_id = desk.log_request(
                page.db,
                page.member,
                request_type=request_type,
                channel=channel,
                received_at=datetime.combine(received_on, received_time),
                requester_name=name,
                requester_email=email or None,
                free_text=free_text,
                person_id=person_id,
                now=now_utc(),
            )
        except desk.RequestError as error:
            show_service_error(error)
            return
        st.session_state[OPEN_REQUEST] = request_id
        st.success(t("requests.logged", id=request_id), icon=":material/check:")
