-- 001: every entity of shared/docs/data-model.md.
-- Timestamps are UTC (naive TIMESTAMP); dates are Amsterdam calendar dates.
-- Ids come from sequences so that bulk loads (demo data) can insert explicit ids and then
-- advance the sequence past them.

CREATE TABLE meta (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);

CREATE SEQUENCE staff_id_seq;
CREATE TABLE staff (
    id         BIGINT PRIMARY KEY DEFAULT nextval('staff_id_seq'),
    email      VARCHAR NOT NULL UNIQUE,
    name       VARCHAR NOT NULL,
    role       VARCHAR NOT NULL CHECK (role IN ('management', 'dpo', 'recruiter', 'backoffice')),
    active     BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMP NOT NULL
);

-- O6: the retention clock lives on the person; the time-dependent state (fresh, nearing,
-- expired) is derived from retention_expiry and today, never stored.
CREATE SEQUENCE person_id_seq;
CREATE TABLE person (
    id                   BIGINT PRIMARY KEY DEFAULT nextval('person_id_seq'),
    reference            VARCHAR NOT NULL UNIQUE,
    given_name           VARCHAR NOT NULL,
    tussenvoegsel        VARCHAR,
    family_name          VARCHAR NOT NULL,
    email                VARCHAR,
    phone                VARCHAR,
    street               VARCHAR,
    postcode             VARCHAR,
    city                 VARCHAR,
    date_of_birth        DATE,
    language             VARCHAR NOT NULL DEFAULT 'nl' CHECK (language IN ('nl', 'en')),
    source               VARCHAR NOT NULL,
    recruiter_id         BIGINT,
    stage                VARCHAR NOT NULL CHECK (stage IN
                         ('applicant', 'proposed', 'placed', 'employed', 'former_employee')),
    created_at           TIMESTAMP NOT NULL,
    retention_term_start DATE NOT NULL,
    retention_expiry     DATE NOT NULL,
    retention_extensions INTEGER NOT NULL DEFAULT 0,
    -- the answer to the current extension question: none, asked, granted, declined, no_answer
    extension_state      VARCHAR NOT NULL DEFAULT 'none' CHECK (extension_state IN
                         ('none', 'asked', 'granted', 'declined', 'no_answer')),
    erased_at            TIMESTAMP
);

-- O4: one categorised piece of personal data.
CREATE SEQUENCE personal_data_item_id_seq;
CREATE TABLE personal_data_item (
    id               BIGINT PRIMARY KEY DEFAULT nextval('personal_data_item_id_seq'),
    person_id        BIGINT NOT NULL,
    category         VARCHAR NOT NULL,
    value            VARCHAR NOT NULL,
    collected_on     DATE NOT NULL,
    purpose          VARCHAR NOT NULL,
    legal_basis      VARCHAR NOT NULL CHECK (legal_basis IN
                     ('consent', 'contract', 'legal_obligation', 'legitimate_interest')),
    special_category BOOLEAN NOT NULL DEFAULT FALSE
);

-- O3: clients, vacancies and who was proposed for which vacancy.
CREATE SEQUENCE client_id_seq;
CREATE TABLE client (
    id   BIGINT PRIMARY KEY DEFAULT nextval('client_id_seq'),
    name VARCHAR NOT NULL,
    city VARCHAR NOT NULL,
    contact_name VARCHAR
);

CREATE SEQUENCE vacancy_id_seq;
CREATE TABLE vacancy (
    id        BIGINT PRIMARY KEY DEFAULT nextval('vacancy_id_seq'),
    client_id BIGINT NOT NULL,
    title     VARCHAR NOT NULL,
    opened_on DATE NOT NULL
);

CREATE SEQUENCE proposal_id_seq;
CREATE TABLE proposal (
    id          BIGINT PRIMARY KEY DEFAULT nextval('proposal_id_seq'),
    person_id   BIGINT NOT NULL,
    vacancy_id  BIGINT NOT NULL,
    proposed_by BIGINT,
    proposed_on DATE NOT NULL,
    outcome     VARCHAR NOT NULL CHECK (outcome IN ('pending', 'rejected', 'placed'))
);

-- O5: employment drives the legal retention (fiscal 7 years, ID copy 5 years after the end).
CREATE SEQUENCE employment_id_seq;
CREATE TABLE employment (
    id                BIGINT PRIMARY KEY DEFAULT nextval('employment_id_seq'),
    person_id         BIGINT NOT NULL,
    client_id         BIGINT NOT NULL,
    start_date        DATE NOT NULL,
    end_date          DATE,
    payroll_reference VARCHAR NOT NULL
);

-- O8: consent per purpose; a withdrawal blocks disclosures that rely on it.
CREATE SEQUENCE consent_id_seq;
CREATE TABLE consent (
    id           BIGINT PRIMARY KEY DEFAULT nextval('consent_id_seq'),
    person_id    BIGINT NOT NULL,
    purpose      VARCHAR NOT NULL,
    given_on     DATE NOT NULL,
    given_how    VARCHAR NOT NULL,
    withdrawn_on DATE,
    withdrawn_how VARCHAR
);

-- O7: the register of outside parties.
CREATE SEQUENCE recipient_id_seq;
CREATE TABLE recipient (
    id              BIGINT PRIMARY KEY DEFAULT nextval('recipient_id_seq'),
    name            VARCHAR NOT NULL UNIQUE,
    category        VARCHAR NOT NULL,
    kind            VARCHAR NOT NULL CHECK (kind IN ('processor', 'independent')),
    dpa_signed_on   DATE,
    dpa_expires_on  DATE,
    country         VARCHAR NOT NULL,
    active          BOOLEAN NOT NULL DEFAULT TRUE
);

-- O7/O8: one sharing event, and whether the person was told of it.
CREATE SEQUENCE disclosure_id_seq;
CREATE TABLE disclosure (
    id              BIGINT PRIMARY KEY DEFAULT nextval('disclosure_id_seq'),
    person_id       BIGINT NOT NULL,
    recipient_id    BIGINT NOT NULL,
    data_categories VARCHAR[] NOT NULL,
    purpose         VARCHAR NOT NULL,
    legal_basis     VARCHAR NOT NULL CHECK (legal_basis IN
                    ('consent', 'contract', 'legal_obligation', 'legitimate_interest')),
    consent_id      BIGINT,
    disclosed_at    TIMESTAMP NOT NULL,
    requested_by    BIGINT,
    notified_on     DATE,
    blocked         BOOLEAN NOT NULL DEFAULT FALSE
);

-- O10-O12: data-subject requests. Due dates are stored as computed by
-- konnektus.domain.deadlines at the moment of each change, so queues sort in SQL.
CREATE SEQUENCE request_id_seq;
CREATE TABLE request (
    id                       BIGINT PRIMARY KEY DEFAULT nextval('request_id_seq'),
    type                     VARCHAR NOT NULL CHECK (type IN ('erasure', 'access',
                             'rectification', 'portability', 'objection', 'restriction',
                             'consent_withdrawal', 'automated_decision')),
    channel                  VARCHAR NOT NULL,
    received_at              TIMESTAMP NOT NULL,
    requester_name           VARCHAR NOT NULL,
    requester_email          VARCHAR,
    free_text                VARCHAR,
    person_id                BIGINT,
    status                   VARCHAR NOT NULL,
    assignee_id              BIGINT,
    identity_requested_at    TIMESTAMP,
    identity_verified_at     TIMESTAMP,
    paused_days              INTEGER NOT NULL DEFAULT 0,
    extension_notice_sent_at TIMESTAMP,
    extension_reason         VARCHAR,
    one_month_mark           DATE NOT NULL,
    due_date                 DATE NOT NULL,
    original_due_date        DATE NOT NULL,
    closed_at                TIMESTAMP,
    outcome                  VARCHAR,
    outcome_reason           VARCHAR
);

CREATE SEQUENCE request_event_id_seq;
CREATE TABLE request_event (
    id          BIGINT PRIMARY KEY DEFAULT nextval('request_event_id_seq'),
    request_id  BIGINT NOT NULL,
    occurred_at TIMESTAMP NOT NULL,
    staff_id    BIGINT,
    from_status VARCHAR,
    to_status   VARCHAR,
    note        VARCHAR
);

-- O5/O11: reasons to keep data despite an erasure request.
CREATE SEQUENCE legal_hold_id_seq;
CREATE TABLE legal_hold (
    id           BIGINT PRIMARY KEY DEFAULT nextval('legal_hold_id_seq'),
    person_id    BIGINT NOT NULL,
    category     VARCHAR NOT NULL,
    legal_ground VARCHAR NOT NULL,
    until        DATE NOT NULL
);

-- O6: each time the person was asked to extend the retention period.
CREATE SEQUENCE retention_contact_id_seq;
CREATE TABLE retention_contact (
    id           BIGINT PRIMARY KEY DEFAULT nextval('retention_contact_id_seq'),
    person_id    BIGINT NOT NULL,
    contacted_on DATE NOT NULL,
    channel      VARCHAR NOT NULL,
    answer       VARCHAR CHECK (answer IN ('granted', 'declined', 'no_answer')),
    answered_on  DATE
);

-- An outbox: letters are generated in the same transaction as the action, delivered later.
CREATE SEQUENCE letter_id_seq;
CREATE TABLE letter (
    id              BIGINT PRIMARY KEY DEFAULT nextval('letter_id_seq'),
    person_id       BIGINT,
    request_id      BIGINT,
    kind            VARCHAR NOT NULL,
    language        VARCHAR NOT NULL CHECK (language IN ('nl', 'en')),
    recipient_email VARCHAR,
    subject         VARCHAR NOT NULL,
    body            VARCHAR NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    sent_at         TIMESTAMP,
    delivery_status VARCHAR NOT NULL DEFAULT 'pending'
                    CHECK (delivery_status IN ('pending', 'sent', 'failed', 'not_applicable')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      VARCHAR
);

-- Append-only and hash-chained. Holds no identifying data of a person, only internal ids,
-- so an erasure never has to rewrite the chain (and the id then leads to nothing).
CREATE SEQUENCE audit_entry_id_seq;
CREATE TABLE audit_entry (
    id          BIGINT PRIMARY KEY DEFAULT nextval('audit_entry_id_seq'),
    occurred_at TIMESTAMP NOT NULL,
    staff_id    BIGINT,
    role        VARCHAR,
    action      VARCHAR NOT NULL,
    object_type VARCHAR,
    object_id   BIGINT,
    details     VARCHAR NOT NULL,
    prev_hash   VARCHAR NOT NULL,
    hash        VARCHAR NOT NULL
);
