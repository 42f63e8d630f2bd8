-- usage-service owns this schema. Raw events are partitioned by UTC day (daily partitions are created ahead and on
-- demand by PartitionMaintenance; the default partition only catches rows no day partition existed for, and the
-- maintenance job moves them out). Rollups and the settlement outbox are maintained in the ingest transaction.

CREATE TABLE usage_event (
    request_id        text           NOT NULL,
    ts                timestamptz    NOT NULL,
    gateway_id        text,
    key_id            text,
    key_alias         text,
    user_id           text,
    team_id           text,
    model             text           NOT NULL,
    endpoint          text,
    deployment_id     text,
    prompt_tokens     bigint         NOT NULL,
    completion_tokens bigint         NOT NULL,
    cost_usd          numeric(20, 9) NOT NULL,
    status            integer        NOT NULL,
    error_type        text,
    latency_ms        bigint         NOT NULL,
    ttft_ms           bigint,
    streamed          boolean        NOT NULL,
    estimated         boolean        NOT NULL,
    budget_lease_id   text,
    metadata          jsonb,
    ingested_at       timestamptz    NOT NULL DEFAULT now()
) PARTITION BY RANGE (ts);

CREATE INDEX usage_event_ts_idx ON usage_event (ts);
CREATE INDEX usage_event_key_ts_idx ON usage_event (key_id, ts);

CREATE TABLE usage_event_default PARTITION OF usage_event DEFAULT;

-- Idempotency by request id across all partitions (a unique index on the partitioned table would have to include
-- the partition key, so a replay with another timestamp would slip through). Pruned with the raw partitions.
CREATE TABLE event_key (
    request_id text        PRIMARY KEY,
    ts         timestamptz NOT NULL
);
CREATE INDEX event_key_ts_idx ON event_key (ts);

-- Rollups: '' stands for "none" in the dimension columns so that the primary key can serve the upserts.
CREATE TABLE rollup_hourly (
    bucket            timestamptz    NOT NULL,
    key_id            text           NOT NULL,
    user_id           text           NOT NULL,
    team_id           text           NOT NULL,
    model             text           NOT NULL,
    requests          bigint         NOT NULL,
    prompt_tokens     bigint         NOT NULL,
    completion_tokens bigint         NOT NULL,
    cost_usd          numeric(24, 9) NOT NULL,
    errors            bigint         NOT NULL,
    streamed          bigint         NOT NULL,
    estimated         bigint         NOT NULL,
    PRIMARY KEY (bucket, key_id, user_id, team_id, model)
);

CREATE TABLE rollup_daily (LIKE rollup_hourly INCLUDING ALL);

-- Settlement outbox, stage 1: spend of newly stored events, aggregated as SpendSettlement entries.
CREATE TABLE settlement_pending (
    lease_id  text           NOT NULL,
    key_id    text           NOT NULL,
    user_id   text           NOT NULL,
    team_id   text           NOT NULL,
    model     text           NOT NULL,
    hour      timestamptz    NOT NULL,
    cost_usd  numeric(24, 9) NOT NULL,
    requests  bigint         NOT NULL,
    PRIMARY KEY (lease_id, key_id, user_id, team_id, model, hour)
);

-- Settlement outbox, stage 2: pending entries frozen into a batch with a fixed id, sent until keys-service accepts it
-- (keys-service is idempotent by batch id, so a batch whose answer was lost is simply sent again).
CREATE TABLE settlement_batch (
    batch_id        text        PRIMARY KEY,
    created_at      timestamptz NOT NULL DEFAULT now(),
    state           text        NOT NULL,
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error      text,
    sent_at         timestamptz
);
CREATE INDEX settlement_batch_due_idx ON settlement_batch (next_attempt_at) WHERE state = 'PENDING';

CREATE TABLE settlement_batch_entry (
    batch_id  text           NOT NULL REFERENCES settlement_batch (batch_id) ON DELETE CASCADE,
    lease_id  text           NOT NULL,
    key_id    text           NOT NULL,
    user_id   text           NOT NULL,
    team_id   text           NOT NULL,
    model     text           NOT NULL,
    hour      timestamptz    NOT NULL,
    cost_usd  numeric(24, 9) NOT NULL,
    requests  bigint         NOT NULL
);
CREATE INDEX settlement_batch_entry_batch_idx ON settlement_batch_entry (batch_id);

-- Budget alerts: one per budget, period and threshold, whatever the number of settlements that report the crossing.
CREATE TABLE budget_alert (
    id              uuid           PRIMARY KEY,
    budget_id       text           NOT NULL,
    scope_type      text           NOT NULL,
    scope_id        text,
    scope_name      text,
    period_start    timestamptz    NOT NULL,
    period_end      timestamptz,
    threshold       text           NOT NULL,
    spend           numeric(24, 9),
    max_budget      numeric(24, 9),
    soft_budget     numeric(24, 9),
    created_at      timestamptz    NOT NULL DEFAULT now(),
    delivery_state  text           NOT NULL,
    attempts        integer        NOT NULL DEFAULT 0,
    next_attempt_at timestamptz    NOT NULL DEFAULT now(),
    last_error      text,
    delivered_at    timestamptz,
    CONSTRAINT budget_alert_once UNIQUE (budget_id, period_start, threshold)
);
CREATE INDEX budget_alert_due_idx ON budget_alert (next_attempt_at) WHERE delivery_state = 'PENDING';
CREATE INDEX budget_alert_created_idx ON budget_alert (created_at);
