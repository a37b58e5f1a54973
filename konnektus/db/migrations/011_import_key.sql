-- 011: importing the agency's own records (issue 14). Each imported row is known by the id
-- the source system gave it (the recruitment system's candidate number, the payroll's
-- employment number, ...); this table maps (entity, external id) to the row made for it, so a
-- second import of the same files finds every row again and changes only what changed.
-- A mapping outlives its row on purpose: a person erased here, or an item removed by data
-- minimisation, is not brought back by the next import of an older export.
CREATE TABLE import_key (
    entity      VARCHAR NOT NULL,   -- people, items, clients, ... (konnektus/domain/import_format.py)
    external_id VARCHAR NOT NULL,   -- as written in the source file
    internal_id BIGINT NOT NULL,    -- the id of the row in the entity's table
    imported_at TIMESTAMP NOT NULL, -- the import that made the row
    PRIMARY KEY (entity, external_id)
);
