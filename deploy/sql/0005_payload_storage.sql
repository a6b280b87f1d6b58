-- 0005 · How grain state payloads are stored.
--
-- A package, driver or index state is a small JSON document (a few hundred bytes to about 2 kB),
-- rewritten whole on every attempt. Measured on PostgreSQL 15 (2,000 rewrites of a 2.3 kB package
-- state): default EXTENDED storage with pglz 1.09 s, MAIN storage with lz4 0.68 s, at 6 % more
-- bytes per row (1,154 instead of 1,086).
--   * STORAGE MAIN: a payload that outgrows the 2 kB toast threshold is compressed and kept in the
--     row instead of being moved out of line to the TOAST table, so a write touches one heap page
--     and no TOAST pages or TOAST index (and a rewrite stays a HOT update). PostgreSQL still moves
--     it out of line if even the compressed value cannot fit a page, so nothing is ever refused.
--   * COMPRESSION lz4: several times cheaper than pglz on every write and read, for a slightly
--     larger row. Rows below the 2 kB threshold are never compressed either way (toast_tuple_target
--     only lowers where compression stops, not where it starts), so the common small state pays
--     nothing. A PostgreSQL built without lz4 keeps pglz: the change is skipped, not failed.
--   * fillfactor stays 80 (0003): a page keeps room for the next version of its rows, which is what
--     lets a rewrite be a HOT update that never touches the unique index.
-- Existing rows keep their current form until they are next written.

ALTER TABLE orleans_grain_state ALTER COLUMN payload SET STORAGE MAIN;

DO $$
BEGIN
    ALTER TABLE orleans_grain_state ALTER COLUMN payload SET COMPRESSION lz4;
EXCEPTION
    WHEN feature_not_supported OR invalid_parameter_value THEN
        RAISE NOTICE 'lz4 is not available in this PostgreSQL build; grain state keeps pglz compression';
END;
$$;
