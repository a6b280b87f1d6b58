-- 0001 · Query registry for the Orleans ADO.NET providers (Orleans 10.4.2, PostgreSQL 15+).
--
-- The clustering, persistence and reminder providers never embed SQL. At start-up each one
-- runs "SELECT QueryKey, QueryText FROM OrleansQuery" and afterwards only executes the texts
-- it finds here, binding named parameters (@DeploymentId, @GrainIdHash, ...) and reading the
-- result columns by name. Keys, parameter names and result column names are therefore a fixed
-- contract; everything behind them (tables, functions, indexes) belongs to this project.
--
-- Conventions used by the later scripts:
--   * tables and columns are snake_case; SELECTs alias them to the quoted names the providers read;
--   * every point in time is timestamptz, so a value never depends on a session's TimeZone;
--   * every script may be replayed safely (IF NOT EXISTS, CREATE OR REPLACE, ON CONFLICT), even
--     though DbUp's journal runs each one only once.

CREATE TABLE IF NOT EXISTS orleansquery
(
    querykey  varchar(64) NOT NULL,
    querytext text        NOT NULL,
    CONSTRAINT orleansquery_pk PRIMARY KEY (querykey)
);

COMMENT ON TABLE orleansquery IS
    'SQL texts executed by the Orleans ADO.NET providers, looked up by QueryKey. Managed by deploy/sql migrations.';
