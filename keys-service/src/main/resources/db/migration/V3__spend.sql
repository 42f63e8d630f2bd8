-- Spend settled by usage-service, the per-key daily ledger, manual adjustments, threshold crossings.

-- Settlement batches already applied (idempotency by batch id) with the answer given.
create table spend_batches (
    batch_id    text primary key,
    received_at timestamptz not null,
    result      jsonb not null
);

-- Settled spend per key and UTC day: exactly the sum of usage events. Adjustments never touch it.
create table ledger (
    key_id     text not null,
    day        timestamptz not null,
    cost_nanos bigint not null,
    requests   bigint not null,
    primary key (key_id, day)
);

-- Manual changes of a holder's period spend (spend reset, LiteLLM's "spend" field), reported separately.
create table spend_adjustments (
    id           bigserial primary key,
    scope_type   text not null,
    scope_id     text not null,
    period_start timestamptz not null,
    amount_nanos bigint not null,
    actor        text not null,
    reason       text,
    at           timestamptz not null
);

-- One row per threshold crossed per holder and period: a crossing is reported once.
create table budget_crossings (
    scope_type   text not null,
    scope_id     text not null,
    period_start timestamptz not null,
    threshold    text not null,
    at           timestamptz not null,
    primary key (scope_type, scope_id, period_start, threshold)
);
