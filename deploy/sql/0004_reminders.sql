-- 0004 · Reminders (Orleans.Reminders.AdoNet 10.4.2).
--
-- One row per (service, grain, reminder name). grain_hash is the grain's uniform hash, reinterpreted
-- as a signed integer by the provider; each silo reads the rows of its own hash range.
--
-- Differences from the upstream reference script, and why:
--   * grain_id and reminder_name are text: our grain keys (package, route, station-day ids) must
--     never be cut off by an arbitrary varchar(150).
--   * start_time is timestamptz, and period_ms says its unit.
--   * An index on (service_id, grain_hash) serves the range scans every silo runs when it
--     (re)loads its reminders; upstream scans the whole table.

CREATE TABLE IF NOT EXISTS orleans_reminder
(
    service_id    varchar(150) NOT NULL,
    grain_id      text         NOT NULL,
    reminder_name text         NOT NULL,
    start_time    timestamptz  NOT NULL,
    period_ms     bigint       NOT NULL,
    grain_hash    integer      NOT NULL,
    version       integer      NOT NULL,
    CONSTRAINT orleans_reminder_pk PRIMARY KEY (service_id, grain_id, reminder_name)
);

CREATE INDEX IF NOT EXISTS orleans_reminder_range_ix
    ON orleans_reminder (service_id, grain_hash);

-- @Period arrives as int or bigint depending on its size, hence the cast.
INSERT INTO orleansquery (querykey, querytext) VALUES
('UpsertReminderRowKey', $$
INSERT INTO orleans_reminder
    (service_id, grain_id, reminder_name, start_time, period_ms, grain_hash, version)
VALUES
    (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period::bigint, @GrainHash, 0)
ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
   SET start_time = excluded.start_time,
       period_ms  = excluded.period_ms,
       grain_hash = excluded.grain_hash,
       version    = orleans_reminder.version + 1
RETURNING version AS "Version";
$$),

('ReadReminderRowsKey', $$
SELECT grain_id      AS "GrainId",
       reminder_name AS "ReminderName",
       start_time    AS "StartTime",
       period_ms     AS "Period",
       version       AS "Version"
  FROM orleans_reminder
 WHERE service_id = @ServiceId
   AND grain_id = @GrainId;
$$),

('ReadReminderRowKey', $$
SELECT grain_id      AS "GrainId",
       reminder_name AS "ReminderName",
       start_time    AS "StartTime",
       period_ms     AS "Period",
       version       AS "Version"
  FROM orleans_reminder
 WHERE service_id = @ServiceId
   AND grain_id = @GrainId
   AND reminder_name = @ReminderName;
$$),

-- Range that does not wrap around: (BeginHash, EndHash].
('ReadRangeRows1Key', $$
SELECT grain_id      AS "GrainId",
       reminder_name AS "ReminderName",
       start_time    AS "StartTime",
       period_ms     AS "Period",
       version       AS "Version"
  FROM orleans_reminder
 WHERE service_id = @ServiceId
   AND grain_hash > @BeginHash
   AND grain_hash <= @EndHash;
$$),

-- Range that wraps around the end of the integer ring: above BeginHash or up to EndHash.
('ReadRangeRows2Key', $$
SELECT grain_id      AS "GrainId",
       reminder_name AS "ReminderName",
       start_time    AS "StartTime",
       period_ms     AS "Period",
       version       AS "Version"
  FROM orleans_reminder
 WHERE service_id = @ServiceId
   AND (grain_hash > @BeginHash OR grain_hash <= @EndHash);
$$),

-- Returns 1 when the row with the expected version was removed, else 0.
('DeleteReminderRowKey', $$
WITH removed AS (
    DELETE FROM orleans_reminder
     WHERE service_id = @ServiceId
       AND grain_id = @GrainId
       AND reminder_name = @ReminderName
       AND version = @Version
    RETURNING 1
)
SELECT count(*)::integer AS "RowCount" FROM removed;
$$),

('DeleteReminderRowsKey', $$
DELETE FROM orleans_reminder
 WHERE service_id = @ServiceId;
$$)
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;
