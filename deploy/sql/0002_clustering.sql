-- 0002 · Cluster membership (Orleans.Clustering.AdoNet 10.4.2).
--
-- One version row per cluster (Orleans calls the cluster id "DeploymentId") and one row per silo
-- incarnation (address, port, generation). Every change to a silo row must bump the version row
-- in the same transaction and only if the caller's expected version still matches: that
-- optimistic check is what makes the membership protocol safe when several silos vote at once.

CREATE TABLE IF NOT EXISTS orleans_membership_version
(
    deployment_id varchar(150) NOT NULL,
    version       integer      NOT NULL DEFAULT 0,
    changed_at    timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT orleans_membership_version_pk PRIMARY KEY (deployment_id)
);

CREATE TABLE IF NOT EXISTS orleans_membership
(
    deployment_id   varchar(150) NOT NULL,
    address         varchar(45)  NOT NULL,   -- textual IPv4/IPv6 address
    port            integer      NOT NULL,
    generation      integer      NOT NULL,
    silo_name       varchar(150) NOT NULL,
    host_name       varchar(150) NOT NULL,
    status          integer      NOT NULL,   -- Orleans SiloStatus: 3 = Active, 6 = Dead
    proxy_port      integer      NOT NULL DEFAULT 0,  -- gateway port; 0 when the silo has none
    suspect_times   text         NULL,       -- "silo,time|silo,time" votes, opaque to SQL
    start_time      timestamptz  NOT NULL,
    i_am_alive_time timestamptz  NOT NULL,
    CONSTRAINT orleans_membership_pk PRIMARY KEY (deployment_id, address, port, generation),
    -- Cascading lets DeleteMembershipTableEntriesKey drop a whole cluster with one statement.
    CONSTRAINT orleans_membership_version_fk FOREIGN KEY (deployment_id)
        REFERENCES orleans_membership_version (deployment_id) ON DELETE CASCADE
);

-- Bumps the cluster version when it still is p_version; false when another writer got there
-- first. Taking the version row also takes its row lock, which serialises all membership writers
-- of this cluster for the rest of the caller's transaction; the callers' exception blocks undo the
-- bump when their own row change fails.
CREATE OR REPLACE FUNCTION orleans_membership_bump_version(p_deployment_id text, p_version integer)
RETURNS boolean
LANGUAGE plpgsql
AS $$
BEGIN
    UPDATE orleans_membership_version
       SET version = version + 1,
           changed_at = now()
     WHERE deployment_id = p_deployment_id
       AND version = p_version;
    RETURN FOUND;
END;
$$;

-- Adds a silo row and bumps the cluster version, both or neither. Returns 1 on success and 0
-- when the expected version is stale or the silo row already exists.
CREATE OR REPLACE FUNCTION orleans_membership_insert(
    p_deployment_id   text,
    p_address         text,
    p_port            integer,
    p_generation      integer,
    p_silo_name       text,
    p_host_name       text,
    p_status          integer,
    p_proxy_port      integer,
    p_start_time      timestamptz,
    p_i_am_alive_time timestamptz,
    p_version         integer)
RETURNS integer
LANGUAGE plpgsql
AS $$
BEGIN
    IF NOT orleans_membership_bump_version(p_deployment_id, p_version) THEN
        RETURN 0;
    END IF;

    INSERT INTO orleans_membership
        (deployment_id, address, port, generation, silo_name, host_name, status, proxy_port,
         start_time, i_am_alive_time)
    VALUES
        (p_deployment_id, p_address, p_port, p_generation, p_silo_name, p_host_name, p_status,
         coalesce(p_proxy_port, 0), p_start_time, p_i_am_alive_time);
    RETURN 1;
EXCEPTION
    -- The block is a subtransaction: leaving through here also undoes the version bump above.
    WHEN unique_violation THEN
        RETURN 0;
END;
$$;

-- Changes a silo's status, votes and heartbeat and bumps the cluster version, both or neither.
-- Returns 1 on success and 0 when the expected version is stale or the row is gone.
CREATE OR REPLACE FUNCTION orleans_membership_update(
    p_deployment_id   text,
    p_address         text,
    p_port            integer,
    p_generation      integer,
    p_status          integer,
    p_suspect_times   text,
    p_i_am_alive_time timestamptz,
    p_version         integer)
RETURNS integer
LANGUAGE plpgsql
AS $$
BEGIN
    IF NOT orleans_membership_bump_version(p_deployment_id, p_version) THEN
        RETURN 0;
    END IF;

    UPDATE orleans_membership
       SET status = p_status,
           suspect_times = p_suspect_times,
           i_am_alive_time = p_i_am_alive_time
     WHERE deployment_id = p_deployment_id
       AND address = p_address
       AND port = p_port
       AND generation = p_generation;
    IF NOT FOUND THEN
        -- Raised only to reach the handler, which rolls the version bump back.
        RAISE EXCEPTION 'membership row not found' USING ERRCODE = 'no_data_found';
    END IF;
    RETURN 1;
EXCEPTION
    WHEN no_data_found THEN
        RETURN 0;
END;
$$;

INSERT INTO orleansquery (querykey, querytext) VALUES
('InsertMembershipVersionKey', $$
WITH created AS (
    INSERT INTO orleans_membership_version (deployment_id)
    VALUES (@DeploymentId)
    ON CONFLICT (deployment_id) DO NOTHING
    RETURNING 1
)
SELECT count(*)::integer AS "RowCount" FROM created;
$$),

('InsertMembershipKey', $$
SELECT orleans_membership_insert(
    @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort,
    @StartTime, @IAmAliveTime, @Version) AS "RowCount";
$$),

('UpdateMembershipKey', $$
SELECT orleans_membership_update(
    @DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes::text,
    @IAmAliveTime, @Version) AS "RowCount";
$$),

-- Heartbeats are diagnostic and never change the cluster version (by design of the protocol).
('UpdateIAmAlivetimeKey', $$
UPDATE orleans_membership
   SET i_am_alive_time = @IAmAliveTime
 WHERE deployment_id = @DeploymentId
   AND address = @Address
   AND port = @Port
   AND generation = @Generation;
$$),

-- The LEFT JOIN returns the version row even when the silo row does not exist (yet).
('MembershipReadRowKey', $$
SELECT v.deployment_id   AS "DeploymentId",
       m.address         AS "Address",
       m.port            AS "Port",
       m.generation      AS "Generation",
       m.silo_name       AS "SiloName",
       m.host_name       AS "HostName",
       m.status          AS "Status",
       m.proxy_port      AS "ProxyPort",
       m.suspect_times   AS "SuspectTimes",
       m.start_time      AS "StartTime",
       m.i_am_alive_time AS "IAmAliveTime",
       v.version         AS "Version"
  FROM orleans_membership_version v
  LEFT JOIN orleans_membership m
         ON m.deployment_id = v.deployment_id
        AND m.address = @Address
        AND m.port = @Port
        AND m.generation = @Generation
 WHERE v.deployment_id = @DeploymentId;
$$),

-- One statement, so the version and the rows come from the same snapshot.
('MembershipReadAllKey', $$
SELECT v.deployment_id   AS "DeploymentId",
       m.address         AS "Address",
       m.port            AS "Port",
       m.generation      AS "Generation",
       m.silo_name       AS "SiloName",
       m.host_name       AS "HostName",
       m.status          AS "Status",
       m.proxy_port      AS "ProxyPort",
       m.suspect_times   AS "SuspectTimes",
       m.start_time      AS "StartTime",
       m.i_am_alive_time AS "IAmAliveTime",
       v.version         AS "Version"
  FROM orleans_membership_version v
  LEFT JOIN orleans_membership m ON m.deployment_id = v.deployment_id
 WHERE v.deployment_id = @DeploymentId;
$$),

-- Silo rows go with the version row through ON DELETE CASCADE.
('DeleteMembershipTableEntriesKey', $$
DELETE FROM orleans_membership_version
 WHERE deployment_id = @DeploymentId;
$$),

-- Clients use this to find gateways; @Status is SiloStatus.Active.
('GatewaysQueryKey', $$
SELECT address    AS "Address",
       proxy_port AS "ProxyPort",
       generation AS "Generation"
  FROM orleans_membership
 WHERE deployment_id = @DeploymentId
   AND status = @Status
   AND proxy_port > 0;
$$),

-- Required by the provider (it refuses to start without it). 10.4.2 runs it only when the
-- per-row key below is absent: it removes entries of silos that are not Active and have not sent
-- a heartbeat since @IAmAliveTime (now - DefunctSiloExpiration). Neither cleanup bumps the
-- version: such rows no longer take part in the protocol.
('CleanupDefunctSiloEntriesKey', $$
DELETE FROM orleans_membership
 WHERE deployment_id = @DeploymentId
   AND i_am_alive_time < @IAmAliveTime
   AND status <> 3;
$$),

-- Optional in 10.4.2 and preferred when present: the provider picks expired Dead entries itself
-- (honouring DefunctSiloMinimumRetention and recent suspect votes) and deletes each one only if
-- its row still holds the values it read, so a row that changed in between is left alone.
-- An empty vote list may be stored as NULL or '', hence the coalesce.
('CleanupDefunctSiloEntryKey', $$
DELETE FROM orleans_membership
 WHERE deployment_id = @DeploymentId
   AND address = @Address
   AND port = @Port
   AND generation = @Generation
   AND status = 6
   AND start_time = @StartTime
   AND i_am_alive_time = @IAmAliveTime
   AND coalesce(suspect_times, '') = coalesce(@SuspectTimes::text, '');
$$)
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;
