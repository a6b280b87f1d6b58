-- The conventional peer's own schema: one row per package, row locks serialize attempts, every
-- driver command is one call of one server-side function (one round trip, one transaction).
-- Applied by "peer" at start-up; idempotent.

CREATE TABLE IF NOT EXISTS package (
    tracking_id      text PRIMARY KEY,
    customer_id      text NOT NULL,
    station_id       text NOT NULL,
    time_zone        text NOT NULL,
    status           text NOT NULL,
    status_before    text,
    otp_required     boolean NOT NULL,
    fallback_allowed boolean NOT NULL,
    code_key         text,
    code_hash        bytea,
    code_sealed      bytea,
    phone_key        text,
    phone_hash       bytea,
    day_date         date,
    route_id         text,
    driver_id        text,
    wrong_entries    integer NOT NULL DEFAULT 0,
    fallbacks_used   integer NOT NULL DEFAULT 0,
    failed_days      integer NOT NULL DEFAULT 0,
    ended_locked     boolean NOT NULL DEFAULT false,
    return_by        timestamptz,
    returned_at      timestamptz,
    redelivery_date  date,
    delivered_at     timestamptz,
    received_by      text
) WITH (fillfactor = 80);  -- room for HOT updates: no index column changes on an attempt

-- The first answer of every counted driver command, for Idempotency-Key replays.
CREATE TABLE IF NOT EXISTS command_reply (
    tracking_id     text NOT NULL,
    driver_id       text NOT NULL,
    idempotency_key text NOT NULL,
    kind            text NOT NULL,
    body            text NOT NULL,
    at              timestamptz NOT NULL,
    PRIMARY KEY (tracking_id, driver_id, idempotency_key)
);

CREATE TABLE IF NOT EXISTS audit (
    tracking_id text NOT NULL,
    at          timestamptz NOT NULL,
    actor       text NOT NULL,
    action      text NOT NULL,
    outcome     text NOT NULL,
    method      text
);
CREATE INDEX IF NOT EXISTS audit_by_package ON audit (tracking_id, at);

CREATE TABLE IF NOT EXISTS route (
    station_id  text NOT NULL,
    route_id    text NOT NULL,
    driver_id   text NOT NULL,
    day         date NOT NULL,
    block_start time NOT NULL,
    block_end   time NOT NULL,
    PRIMARY KEY (station_id, route_id)
);
CREATE INDEX IF NOT EXISTS route_by_driver_day ON route (driver_id, day);

CREATE TABLE IF NOT EXISTS route_stop (
    station_id  text NOT NULL,
    route_id    text NOT NULL,
    position    integer NOT NULL,
    tracking_id text NOT NULL,
    PRIMARY KEY (station_id, route_id, position)
);

-- Per-station, per-day failures, for a morning redelivery job.
CREATE TABLE IF NOT EXISTS failure_day (
    station_id  text NOT NULL,
    day         date NOT NULL,
    tracking_id text NOT NULL,
    PRIMARY KEY (station_id, day, tracking_id)
);

-- A driver's budgets at the door, held the conventional way: a row per driver, locked by every entry
-- of that driver (so two entries on two packages cannot both take the last unit), with the times of
-- the wrong and fallback entries of the last hour.
CREATE TABLE IF NOT EXISTS driver (
    driver_id    text PRIMARY KEY,
    recent_entry timestamptz[] NOT NULL DEFAULT '{}'
) WITH (fillfactor = 80);

-- A driver's day, the counts behind reliability and the support signals.
CREATE TABLE IF NOT EXISTS driver_day (
    driver_id          text NOT NULL,
    day                date NOT NULL,
    entries            integer NOT NULL DEFAULT 0,
    wrong_entries      integer NOT NULL DEFAULT 0,
    locked             integer NOT NULL DEFAULT 0,
    fallback_entries   integer NOT NULL DEFAULT 0,
    delivered          integer NOT NULL DEFAULT 0,
    undeliverable      integer NOT NULL DEFAULT 0,
    refused_hourly     integer NOT NULL DEFAULT 0,
    refused_fallbacks  integer NOT NULL DEFAULT 0,
    PRIMARY KEY (driver_id, day)
) WITH (fillfactor = 80);

-- Adds the given counts to a driver's day.
CREATE OR REPLACE FUNCTION count_driver_day(p_driver text, p_day date, p_entries integer, p_wrong integer, p_locked integer,
    p_fallback integer, p_delivered integer, p_undeliverable integer, p_refused_hourly integer, p_refused_fallbacks integer)
RETURNS void LANGUAGE sql AS $$
    INSERT INTO driver_day AS d VALUES (p_driver, p_day, p_entries, p_wrong, p_locked, p_fallback, p_delivered, p_undeliverable,
                                        p_refused_hourly, p_refused_fallbacks)
    ON CONFLICT (driver_id, day) DO UPDATE
    SET entries = d.entries + excluded.entries, wrong_entries = d.wrong_entries + excluded.wrong_entries,
        locked = d.locked + excluded.locked, fallback_entries = d.fallback_entries + excluded.fallback_entries,
        delivered = d.delivered + excluded.delivered, undeliverable = d.undeliverable + excluded.undeliverable,
        refused_hourly = d.refused_hourly + excluded.refused_hourly, refused_fallbacks = d.refused_fallbacks + excluded.refused_fallbacks
$$;

-- CryptographicOperations.FixedTimeEquals, in SQL: every byte is compared, no early exit.
CREATE OR REPLACE FUNCTION fixed_time_equals(a bytea, b bytea) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT length(a) = length(b)
       AND (SELECT bit_or(get_byte(a, i) # get_byte(b, i)) FROM generate_series(0, length(a) - 1) AS i) = 0
$$;

-- One driver command (Code, Fallback, Delivered, Undeliverable). Returns the HTTP status, the
-- problem code (refusals) and the body (the JSON answer, or the problem detail). Refusals write
-- nothing; counted commands update the package, add audit rows and store their answer.
CREATE OR REPLACE FUNCTION driver_command(
    p_tracking text, p_driver text, p_key text, p_kind text,
    p_key_ids text[], p_hashes bytea[], p_recipient text, p_reason text, p_left_at_door boolean,
    p_now timestamptz, p_window_start time, p_window_end time, p_return_deadline time, p_attempts_per_day integer,
    p_entries_per_hour integer, p_fallbacks_per_day integer,
    OUT http_status integer, OUT problem text, OUT body text)
LANGUAGE plpgsql AS $$
DECLARE
    pkg package%ROWTYPE;
    stored command_reply%ROWTYPE;
    local_now timestamp;
    candidate bytea;
    correct boolean;
    wrong integer;
    next_status text;
    outcome text;
    method text;
    actor text := 'driver:' || p_driver;
    due timestamptz;
    utc_day date := (p_now AT TIME ZONE 'UTC')::date;
    recent timestamptz[];
    fallbacks_today integer;
BEGIN
    -- Pass 1 reads without a lock: replays and refusals (a locked package under a burst of entries)
    -- answer from the committed row and write nothing. Pass 2, for a command that will count, takes
    -- the row lock and checks again, so concurrent attempts on one package are serialized.
    FOR pass IN 1..2 LOOP
        IF pass = 1 THEN
            SELECT * INTO pkg FROM package WHERE tracking_id = p_tracking;
        ELSE
            SELECT * INTO pkg FROM package WHERE tracking_id = p_tracking FOR UPDATE;
        END IF;
        SELECT * INTO stored FROM command_reply
         WHERE tracking_id = p_tracking AND driver_id = p_driver AND idempotency_key = p_key;
        IF FOUND THEN
            IF stored.kind = p_kind THEN http_status := 200; body := stored.body; RETURN; END IF;
            http_status := 409; problem := 'conflict'; body := 'This idempotency key was already used for another command.'; RETURN;
        END IF;
        IF pkg.tracking_id IS NULL OR pkg.day_date IS NULL OR pkg.driver_id IS DISTINCT FROM p_driver THEN
            http_status := 404; problem := 'not-found'; body := 'No such package on your route.'; RETURN;
        END IF;

        local_now := p_now AT TIME ZONE pkg.time_zone;
        IF p_kind IN ('Code', 'Fallback') AND NOT pkg.otp_required THEN
            http_status := 409; problem := 'invalid-state'; body := 'The package needs no code; use the delivered command.'; RETURN;
        END IF;
        IF p_kind = 'Delivered' AND pkg.otp_required THEN
            http_status := 409; problem := 'otp-required'; body := 'The package needs its code from a live person.'; RETURN;
        END IF;
        IF pkg.status = 'OtpLocked' AND p_kind <> 'Undeliverable' THEN
            http_status := 423; problem := 'otp-locked'; body := 'Three wrong entries locked the package for today.'; RETURN;
        END IF;
        IF pkg.status NOT IN ('OutForDelivery', 'OtpLocked') THEN
            http_status := 409; problem := 'invalid-state'; body := 'The package is ' || pkg.status || '.'; RETURN;
        END IF;
        IF p_kind <> 'Undeliverable' THEN
            IF local_now::date <> pkg.day_date THEN
                http_status := 409; problem := 'invalid-state'; body := 'The package is out for delivery on another day.'; RETURN;
            END IF;
            IF local_now::time < p_window_start OR local_now::time >= p_window_end THEN
                http_status := 409; problem := 'outside-delivery-window'; body := 'Outside the delivery window.'; RETURN;
            END IF;
            IF p_kind = 'Fallback' AND (NOT pkg.fallback_allowed OR pkg.fallbacks_used >= 1) THEN
                http_status := 409; problem := 'fallback-not-allowed'; body := 'The fallback is not allowed now.'; RETURN;
            END IF;
        END IF;
    END LOOP;

    IF p_kind IN ('Code', 'Fallback') THEN
        -- The driver's budgets, under the driver's row lock (taken after the package's: one order).
        SELECT d.recent_entry INTO recent FROM driver d WHERE d.driver_id = p_driver FOR UPDATE;
        IF NOT FOUND THEN
            INSERT INTO driver (driver_id) VALUES (p_driver) ON CONFLICT DO NOTHING;
            SELECT d.recent_entry INTO recent FROM driver d WHERE d.driver_id = p_driver FOR UPDATE;
        END IF;
        recent := ARRAY(SELECT t FROM unnest(recent) AS t WHERE t > p_now - interval '1 hour' ORDER BY t);
        IF cardinality(recent) >= p_entries_per_hour THEN
            PERFORM count_driver_day(p_driver, utc_day, 0, 0, 0, 0, 0, 0, 1, 0);
            http_status := 429; problem := 'too-many-requests'; body := 'Too many wrong or fallback entries in the last hour.'; RETURN;
        END IF;
        IF p_kind = 'Fallback' THEN
            SELECT d.fallback_entries INTO fallbacks_today FROM driver_day d WHERE d.driver_id = p_driver AND d.day = utc_day;
            IF coalesce(fallbacks_today, 0) >= p_fallbacks_per_day THEN
                PERFORM count_driver_day(p_driver, utc_day, 0, 0, 0, 0, 0, 0, 0, 1);
                http_status := 409; problem := 'fallback-not-allowed'; body := 'The fallback is not allowed now.'; RETURN;
            END IF;
        END IF;

        method := CASE p_kind WHEN 'Code' THEN 'code' ELSE 'fallback' END;
        candidate := p_hashes[array_position(p_key_ids, CASE p_kind WHEN 'Code' THEN pkg.code_key ELSE pkg.phone_key END)];
        correct := candidate IS NOT NULL
               AND fixed_time_equals(candidate, CASE p_kind WHEN 'Code' THEN pkg.code_hash ELSE pkg.phone_hash END);
        IF correct THEN
            UPDATE package SET status = 'Delivered', delivered_at = p_now, received_by = p_recipient, redelivery_date = NULL,
                               fallbacks_used = fallbacks_used + (p_kind = 'Fallback')::integer
             WHERE tracking_id = p_tracking;
            INSERT INTO audit VALUES (p_tracking, p_now, actor, 'status', 'Delivered', method),
                                     (p_tracking, p_now, actor, 'attempt', 'Delivered', method);
            body := json_build_object('trackingId', p_tracking, 'outcome', 'Delivered', 'status', 'Delivered',
                                      'attemptsLeft', greatest(0, p_attempts_per_day - pkg.wrong_entries))::text;
            IF p_kind = 'Fallback' THEN
                UPDATE driver SET recent_entry = recent || p_now WHERE driver_id = p_driver;
            END IF;
            PERFORM count_driver_day(p_driver, utc_day, 1, 0, 0, (p_kind = 'Fallback')::integer, 1, 0, 0, 0);
        ELSE
            wrong := pkg.wrong_entries + 1;
            next_status := CASE WHEN wrong >= p_attempts_per_day THEN 'OtpLocked' ELSE pkg.status END;
            outcome := CASE WHEN wrong >= p_attempts_per_day THEN 'Locked' ELSE 'WrongCode' END;
            UPDATE package SET wrong_entries = wrong, status = next_status,
                               fallbacks_used = fallbacks_used + (p_kind = 'Fallback')::integer
             WHERE tracking_id = p_tracking;
            IF next_status = 'OtpLocked' THEN
                INSERT INTO audit VALUES (p_tracking, p_now, actor, 'attempt', outcome, method),
                                         (p_tracking, p_now, actor, 'status', 'OtpLocked', NULL);
            ELSE
                INSERT INTO audit VALUES (p_tracking, p_now, actor, 'attempt', outcome, method);
            END IF;
            body := json_build_object('trackingId', p_tracking, 'outcome', outcome, 'status', next_status,
                                      'attemptsLeft', greatest(0, p_attempts_per_day - wrong))::text;
            UPDATE driver SET recent_entry = recent || p_now WHERE driver_id = p_driver;
            PERFORM count_driver_day(p_driver, utc_day, 1, 1, (next_status = 'OtpLocked')::integer, (p_kind = 'Fallback')::integer, 0, 0, 0, 0);
        END IF;
    ELSIF p_kind = 'Delivered' THEN
        UPDATE package SET status = 'Delivered', delivered_at = p_now, received_by = p_recipient, redelivery_date = NULL
         WHERE tracking_id = p_tracking;
        INSERT INTO audit VALUES (p_tracking, p_now, actor, 'status', 'Delivered', 'no-otp');
        PERFORM count_driver_day(p_driver, utc_day, 0, 0, 0, 0, 1, 0, 0, 0);
        body := json_build_object('trackingId', p_tracking, 'status', 'Delivered')::text;
    ELSE
        due := ((pkg.day_date + 1) + p_return_deadline) AT TIME ZONE pkg.time_zone;
        UPDATE package SET status = 'AwaitingReturn', failed_days = failed_days + 1, ended_locked = (pkg.status = 'OtpLocked'),
                           return_by = due, returned_at = NULL
         WHERE tracking_id = p_tracking;
        INSERT INTO failure_day VALUES (pkg.station_id, pkg.day_date, p_tracking) ON CONFLICT DO NOTHING;
        INSERT INTO audit VALUES (p_tracking, p_now, actor, 'undeliverable', coalesce(p_reason, 'Other'), NULL),
                                 (p_tracking, p_now, actor, 'status', 'AwaitingReturn', NULL);
        PERFORM count_driver_day(p_driver, utc_day, 0, 0, 0, 0, 0, 1, 0, 0);
        body := json_build_object('trackingId', p_tracking, 'status', 'AwaitingReturn', 'returnBy', due)::text;
    END IF;

    INSERT INTO command_reply VALUES (p_tracking, p_driver, p_key, p_kind, body, p_now);
    http_status := 200;
END;
$$;

-- Builds a route not yet started: every package must be Shipped (or scheduled for this day or
-- earlier, or already on this route) at this station, else nothing changes. Returns the stops.
CREATE OR REPLACE FUNCTION build_route(
    p_station text, p_route text, p_driver text, p_day date, p_start time, p_end time, p_ids text[], p_now timestamptz,
    OUT http_status integer, OUT problem text, OUT body text)
LANGUAGE plpgsql AS $$
DECLARE
    zone text;
    wanted integer;
    moved integer;
    actor text := 'station:' || p_station;
    existing route%ROWTYPE;
BEGIN
    SELECT * INTO existing FROM route WHERE station_id = p_station AND route_id = p_route FOR UPDATE;
    SELECT time_zone INTO zone FROM package WHERE tracking_id = p_ids[1];
    IF (existing.route_id IS NOT NULL AND p_now >= (existing.day + existing.block_start) AT TIME ZONE coalesce(zone, 'UTC'))
       OR p_now >= (p_day + p_start) AT TIME ZONE coalesce(zone, 'UTC') THEN
        http_status := 409; problem := 'route-started'; body := 'The route''s block has started.'; RETURN;
    END IF;
    SELECT count(DISTINCT id) INTO wanted FROM unnest(p_ids) AS id;
    PERFORM 1 FROM package WHERE tracking_id = ANY (p_ids) ORDER BY tracking_id FOR UPDATE;

    -- Stops of an earlier build that this one drops go back to what they were.
    UPDATE package SET status = status_before, day_date = NULL, route_id = NULL, driver_id = NULL
     WHERE route_id = p_route AND station_id = p_station AND status = 'OutForDelivery' AND NOT (tracking_id = ANY (p_ids));

    UPDATE package
       SET status_before = CASE WHEN status = 'OutForDelivery' THEN status_before ELSE status END,
           status = 'OutForDelivery', day_date = p_day, route_id = p_route, driver_id = p_driver,
           wrong_entries = CASE WHEN status = 'OutForDelivery' THEN wrong_entries ELSE 0 END,
           fallbacks_used = CASE WHEN status = 'OutForDelivery' THEN fallbacks_used ELSE 0 END
     WHERE tracking_id = ANY (p_ids) AND station_id = p_station
       AND (status = 'Shipped'
            OR (status = 'ScheduledForRedelivery' AND redelivery_date <= p_day)
            OR (status = 'OutForDelivery' AND route_id = p_route AND day_date = p_day));
    GET DIAGNOSTICS moved = ROW_COUNT;
    IF moved <> wanted THEN
        -- Undo this statement's changes; the exception rolls the function back.
        IF EXISTS (SELECT 1 FROM unnest(p_ids) AS id WHERE NOT EXISTS
                   (SELECT 1 FROM package p WHERE p.tracking_id = id AND p.station_id = p_station)) THEN
            RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = 'A package is not at this station.';
        END IF;
        RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = 'A package cannot go out for delivery on this day.';
    END IF;

    INSERT INTO route VALUES (p_station, p_route, p_driver, p_day, p_start, p_end)
        ON CONFLICT (station_id, route_id) DO UPDATE
        SET driver_id = excluded.driver_id, day = excluded.day, block_start = excluded.block_start, block_end = excluded.block_end;
    DELETE FROM route_stop WHERE station_id = p_station AND route_id = p_route;
    INSERT INTO route_stop
        SELECT p_station, p_route, min(n)::integer, id FROM unnest(p_ids) WITH ORDINALITY AS u(id, n) GROUP BY id;
    INSERT INTO audit
        SELECT id, p_now, actor, 'status', 'OutForDelivery', NULL FROM (SELECT DISTINCT unnest(p_ids)) AS u(id);

    SELECT json_agg(json_build_object('trackingId', s.tracking_id, 'otpRequired', p.otp_required) ORDER BY s.position)::text
      INTO body
      FROM route_stop s JOIN package p ON p.tracking_id = s.tracking_id
     WHERE s.station_id = p_station AND s.route_id = p_route;
    http_status := 200;
EXCEPTION
    WHEN SQLSTATE 'P0002' THEN http_status := 404; problem := 'not-found'; body := SQLERRM;
    WHEN SQLSTATE 'P0001' THEN http_status := 409; problem := 'invalid-state'; body := SQLERRM;
END;
$$;

-- The station scans a failed package back in.
CREATE OR REPLACE FUNCTION scan_return(p_station text, p_tracking text, p_now timestamptz,
    OUT http_status integer, OUT problem text, OUT status text, OUT on_time boolean)
LANGUAGE plpgsql AS $$
DECLARE
    pkg package%ROWTYPE;
    actor text := 'station:' || p_station;
BEGIN
    SELECT * INTO pkg FROM package WHERE tracking_id = p_tracking FOR UPDATE;
    IF pkg.tracking_id IS NULL OR pkg.station_id <> p_station OR pkg.failed_days = 0 THEN
        http_status := 404; problem := 'not-found'; RETURN;
    END IF;
    IF pkg.status <> 'AwaitingReturn' THEN
        IF pkg.returned_at IS NOT NULL AND pkg.status IN ('ReturnedToStation', 'ScheduledForRedelivery', 'ReturnToSender') THEN
            http_status := 200; status := pkg.status; on_time := pkg.returned_at <= pkg.return_by; RETURN;
        END IF;
        http_status := 409; problem := 'invalid-state'; RETURN;
    END IF;
    on_time := p_now <= pkg.return_by;
    UPDATE package SET status = 'ReturnedToStation', returned_at = p_now WHERE tracking_id = p_tracking;
    IF on_time THEN
        INSERT INTO audit VALUES (p_tracking, p_now, actor, 'status', 'ReturnedToStation', NULL);
    ELSE
        INSERT INTO audit VALUES (p_tracking, p_now, actor, 'status', 'ReturnedToStation', NULL),
                                 (p_tracking, p_now, actor, 'return', 'late', NULL);
    END IF;
    http_status := 200; status := 'ReturnedToStation';
END;
$$;
