-- The run history of UrbanFlow's orchestration, in the database of the Iceberg catalog (SQLite or PostgreSQL).
-- Portable SQL only: both databases run these statements as they are. Times are epoch milliseconds.

-- One run of a selection of the DAG: started by hand, a schedule, new data, a backfill interval or a retry.
CREATE TABLE urbanflow_runs (
    run_id        VARCHAR(64)   NOT NULL PRIMARY KEY,
    trigger_kind  VARCHAR(16)   NOT NULL,
    -- a schedule's firing (schedule:NAME:TIME), a data trigger's inputs, a backfill interval: unique, so that two
    -- schedulers on one catalog start it once
    trigger_key   VARCHAR(400),
    selection     VARCHAR(2000) NOT NULL,
    full_refresh  INTEGER       NOT NULL,
    window_start  BIGINT,
    window_end    BIGINT,
    state         VARCHAR(16)   NOT NULL,
    holder        VARCHAR(200),
    heartbeat_at  BIGINT,
    queued_at     BIGINT        NOT NULL,
    started_at    BIGINT,
    finished_at   BIGINT,
    CONSTRAINT urbanflow_runs_trigger_key UNIQUE (trigger_key)
);
CREATE INDEX urbanflow_runs_state ON urbanflow_runs (state);
CREATE INDEX urbanflow_runs_queued_at ON urbanflow_runs (queued_at);

-- The tasks of a run, with their upstream tasks within the run (comma-separated) and their latest outcome.
CREATE TABLE urbanflow_run_tasks (
    run_id        VARCHAR(64)   NOT NULL,
    task          VARCHAR(400)  NOT NULL,
    kind          VARCHAR(16)   NOT NULL,
    position      INTEGER       NOT NULL,
    upstream      TEXT          NOT NULL,
    state         VARCHAR(16)   NOT NULL,
    attempts      INTEGER       NOT NULL,
    max_attempts  INTEGER       NOT NULL,
    retry_at      BIGINT,
    started_at    BIGINT,
    finished_at   BIGINT,
    rows_written  BIGINT        NOT NULL,
    snapshots     TEXT,
    error         TEXT,
    PRIMARY KEY (run_id, task)
);

-- Every attempt of a task: who ran it, when, what it wrote, and its log.
CREATE TABLE urbanflow_task_attempts (
    run_id        VARCHAR(64)   NOT NULL,
    task          VARCHAR(400)  NOT NULL,
    attempt       INTEGER       NOT NULL,
    state         VARCHAR(16)   NOT NULL,
    holder        VARCHAR(200)  NOT NULL,
    started_at    BIGINT        NOT NULL,
    finished_at   BIGINT,
    rows_written  BIGINT        NOT NULL,
    snapshots     TEXT,
    error         TEXT,
    log           TEXT,
    PRIMARY KEY (run_id, task, attempt)
);

-- Who runs a task (or a backfill) now, until when: a holder renews its leases; an expired lease may be taken over.
CREATE TABLE urbanflow_leases (
    lease_key     VARCHAR(400)  NOT NULL PRIMARY KEY,
    holder        VARCHAR(200)  NOT NULL,
    run_id        VARCHAR(64),
    expires_at    BIGINT        NOT NULL
);

-- A backfill: the intervals of [from, to) run one at a time; next_start is where it resumes.
CREATE TABLE urbanflow_backfills (
    backfill_id   VARCHAR(64)   NOT NULL PRIMARY KEY,
    selection     VARCHAR(2000) NOT NULL,
    from_time     BIGINT        NOT NULL,
    to_time       BIGINT        NOT NULL,
    every         VARCHAR(200)  NOT NULL,
    next_start    BIGINT        NOT NULL,
    state         VARCHAR(16)   NOT NULL,
    created_at    BIGINT        NOT NULL,
    updated_at    BIGINT        NOT NULL,
    error         TEXT
);

-- What a trigger saw last (a data trigger: its models' input snapshots), so that a restart does not fire again.
CREATE TABLE urbanflow_trigger_state (
    trigger_name  VARCHAR(400)  NOT NULL PRIMARY KEY,
    seen          TEXT          NOT NULL,
    fired_at      BIGINT        NOT NULL
);
