-- 0003 · Grain state (Orleans.Persistence.AdoNet 10.4.2).
--
-- One row per (service, grain type, grain id) holding the serialized state and an integer
-- version that is the grain's ETag. A write names the version it read; a write whose version is
-- stale changes nothing and returns NULL, which the provider turns into InconsistentStateException.
--
-- Differences from the upstream reference script, and why:
--   * A UNIQUE constraint over the full grain identity (NULLS NOT DISTINCT, so grains without a
--     key extension are covered too). Upstream only has a plain index and guards the first
--     INSERT with "WHERE NOT EXISTS", which two racing duplicate activations can both pass,
--     leaving two rows for one grain. Here the first write uses INSERT ... ON CONFLICT DO NOTHING
--     against the constraint, so exactly one activation wins and the other gets a version
--     conflict. NULLS NOT DISTINCT needs PostgreSQL 15 or later.
--   * modified_at is timestamptz (upstream: timestamp without time zone filled from UTC).
--   * Only a bytea payload: the 10.4.2 provider reads and writes PayloadBinary only (its
--     serializer decides the format), so the unused XML/JSON columns are left out.
--   * fillfactor 80 leaves room on each page so that rewriting a state can be a HOT update,
--     which keeps the unique index from growing with every write.
--   * A surrogate identity primary key, so the table has a replica identity for logical
--     replication and tools that need one; the provider never sees it.

CREATE TABLE IF NOT EXISTS orleans_grain_state
(
    id                 bigint       GENERATED ALWAYS AS IDENTITY,
    service_id         varchar(150) NOT NULL,
    grain_type_hash    integer      NOT NULL,
    grain_id_hash      integer      NOT NULL,
    grain_id_n0        bigint       NOT NULL,
    grain_id_n1        bigint       NOT NULL,
    grain_type         varchar(512) NOT NULL,
    grain_id_extension varchar(512) NULL,
    payload            bytea        NULL,      -- NULL after ClearStateAsync
    version            integer      NOT NULL,
    modified_at        timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT orleans_grain_state_pk PRIMARY KEY (id),
    -- Hash columns first: they are the most selective and keep the lookups short.
    CONSTRAINT orleans_grain_state_identity UNIQUE NULLS NOT DISTINCT
        (grain_id_hash, grain_type_hash, service_id, grain_id_n0, grain_id_n1, grain_type,
         grain_id_extension)
) WITH (fillfactor = 80);

-- Writes one grain's state. p_expected_version NULL means "no row was read": insert version 1.
-- Otherwise update only if the stored version still equals p_expected_version.
-- Returns the new version, or NULL when nothing was written (stale ETag or lost insert race).
CREATE OR REPLACE FUNCTION orleans_grain_state_write(
    p_grain_id_hash      integer,
    p_grain_id_n0        bigint,
    p_grain_id_n1        bigint,
    p_grain_type_hash    integer,
    p_grain_type         text,
    p_grain_id_extension text,
    p_service_id         text,
    p_expected_version   integer,
    p_payload            bytea)
RETURNS integer
LANGUAGE plpgsql
AS $$
DECLARE
    v_new_version integer;
BEGIN
    IF p_expected_version IS NULL THEN
        INSERT INTO orleans_grain_state
            (service_id, grain_type_hash, grain_id_hash, grain_id_n0, grain_id_n1, grain_type,
             grain_id_extension, payload, version)
        VALUES
            (p_service_id, p_grain_type_hash, p_grain_id_hash, p_grain_id_n0, p_grain_id_n1,
             p_grain_type, p_grain_id_extension, p_payload, 1)
        ON CONFLICT ON CONSTRAINT orleans_grain_state_identity DO NOTHING
        RETURNING version INTO v_new_version;
    ELSE
        UPDATE orleans_grain_state
           SET payload = p_payload,
               version = version + 1,
               modified_at = now()
         WHERE grain_id_hash = p_grain_id_hash
           AND grain_type_hash = p_grain_type_hash
           AND service_id = p_service_id
           AND grain_id_n0 = p_grain_id_n0
           AND grain_id_n1 = p_grain_id_n1
           AND grain_type = p_grain_type
           AND grain_id_extension IS NOT DISTINCT FROM p_grain_id_extension
           AND version = p_expected_version
        RETURNING version INTO v_new_version;
    END IF;
    RETURN v_new_version;
END;
$$;

-- Explicit casts on parameters that may be bound as untyped NULLs (a grain without key extension,
-- a state never read) so the server never has to guess their type.
INSERT INTO orleansquery (querykey, querytext) VALUES
('WriteToStorageKey', $$
SELECT orleans_grain_state_write(
    @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
    @GrainIdExtensionString::text, @ServiceId, @GrainStateVersion::integer,
    @PayloadBinary::bytea) AS "NewGrainStateVersion";
$$),

('ReadFromStorageKey', $$
SELECT payload AS "PayloadBinary",
       version AS "Version"
  FROM orleans_grain_state
 WHERE grain_id_hash = @GrainIdHash
   AND grain_type_hash = @GrainTypeHash
   AND service_id = @ServiceId
   AND grain_id_n0 = @GrainIdN0
   AND grain_id_n1 = @GrainIdN1
   AND grain_type = @GrainTypeString
   AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString::text;
$$),

-- ClearStateAsync keeps the row (and its version history) and drops the payload.
('ClearStorageKey', $$
UPDATE orleans_grain_state
   SET payload = NULL,
       version = version + 1,
       modified_at = now()
 WHERE grain_id_hash = @GrainIdHash
   AND grain_type_hash = @GrainTypeHash
   AND service_id = @ServiceId
   AND grain_id_n0 = @GrainIdN0
   AND grain_id_n1 = @GrainIdN1
   AND grain_type = @GrainTypeString
   AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString::text
   AND version = @GrainStateVersion::integer
RETURNING version AS "NewGrainStateVersion";
$$),

-- Used instead of ClearStorageKey when a storage is configured with DeleteStateOnClear = true.
-- The provider needs a value different from the ETag it sent to see success, hence version + 1.
('DeleteStorageKey', $$
DELETE FROM orleans_grain_state
 WHERE grain_id_hash = @GrainIdHash
   AND grain_type_hash = @GrainTypeHash
   AND service_id = @ServiceId
   AND grain_id_n0 = @GrainIdN0
   AND grain_id_n1 = @GrainIdN1
   AND grain_type = @GrainTypeString
   AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString::text
   AND version = @GrainStateVersion::integer
RETURNING version + 1 AS "NewGrainStateVersion";
$$)
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;
