-- Access control: identities, teams, the model catalog, subscriptions, virtual keys, the changes feed, the audit outbox.
-- Every timestamp is written by the service from its clock (never now()), so tests can steer time.

-- A budget: limits and a period. Shared ones are LiteLLM's reusable budget objects (/budget/new); a key, user, team or
-- subscription given max_budget inline gets a private one. Spend is always tracked per key/user/team/subscription.
create table budgets (
    id          text primary key,
    shared      boolean not null,
    max_budget  numeric(20, 9) check (max_budget >= 0),
    soft_budget numeric(20, 9) check (soft_budget >= 0),
    duration    text,
    thresholds  jsonb,
    rpm_limit   bigint check (rpm_limit >= 0),
    tpm_limit   bigint check (tpm_limit >= 0),
    max_parallel integer check (max_parallel >= 0),
    anchor_at   timestamptz not null,
    created_at  timestamptz not null,
    updated_at  timestamptz not null
);

create table users (
    id           text primary key,
    external_id  text unique,
    email        text,
    display_name text,
    role         text not null check (role in ('admin', 'admin-readonly', 'user')),
    models       jsonb not null default '[]',
    rpm_limit    bigint check (rpm_limit >= 0),
    tpm_limit    bigint check (tpm_limit >= 0),
    max_parallel integer check (max_parallel >= 0),
    metadata     jsonb not null default '{}',
    budget_id    text references budgets (id),
    created_at   timestamptz not null,
    updated_at   timestamptz not null
);

create table teams (
    id           text primary key,
    alias        text,
    models       jsonb not null default '[]',
    rpm_limit    bigint check (rpm_limit >= 0),
    tpm_limit    bigint check (tpm_limit >= 0),
    max_parallel integer check (max_parallel >= 0),
    blocked      boolean not null default false,
    metadata     jsonb not null default '{}',
    budget_id    text references budgets (id),
    created_at   timestamptz not null,
    updated_at   timestamptz not null
);

create table team_members (
    team_id    text not null references teams (id) on delete cascade,
    user_id    text not null references users (id) on delete cascade,
    role       text not null check (role in ('admin', 'member', 'viewer')),
    created_at timestamptz not null,
    primary key (team_id, user_id)
);
create index team_members_user on team_members (user_id);

create table models (
    id             text primary key,
    alias          text not null unique,
    description    text,
    capabilities   jsonb not null default '["chat"]',
    context_window integer check (context_window > 0),
    input_price    numeric(20, 9) not null default 0 check (input_price >= 0),
    output_price   numeric(20, 9) not null default 0 check (output_price >= 0),
    restricted     boolean not null default false,
    enabled        boolean not null default true,
    fallbacks      jsonb not null default '[]',
    strategy       text,
    created_at     timestamptz not null,
    updated_at     timestamptz not null
);

create table deployments (
    id                    text primary key,
    model_id              text not null references models (id) on delete cascade,
    backend               text not null check (backend in ('openai', 'ollama', 'mock')),
    base_url              text not null,
    upstream_model        text not null,
    weight                integer not null default 1 check (weight > 0),
    rpm_limit             bigint check (rpm_limit >= 0),
    tpm_limit             bigint check (tpm_limit >= 0),
    connect_timeout_ms    integer check (connect_timeout_ms > 0),
    first_byte_timeout_ms integer check (first_byte_timeout_ms > 0),
    idle_timeout_ms       integer check (idle_timeout_ms > 0),
    -- AES-GCM ciphertext (base64 of iv || ciphertext+tag); never the clear key
    api_key_encrypted     text,
    created_at            timestamptz not null,
    updated_at            timestamptz not null
);
create index deployments_model on deployments (model_id);

create table subscriptions (
    id         text primary key,
    user_id    text references users (id) on delete cascade,
    team_id    text references teams (id) on delete cascade,
    model_id   text not null references models (id) on delete cascade,
    status     text not null check (status in ('pending', 'active', 'denied', 'suspended', 'cancelled')),
    reason     text,
    budget_id  text references budgets (id),
    created_at timestamptz not null,
    updated_at timestamptz not null,
    check ((user_id is null) <> (team_id is null))
);
create unique index subscriptions_user_model on subscriptions (user_id, model_id) where user_id is not null;
create unique index subscriptions_team_model on subscriptions (team_id, model_id) where team_id is not null;
create index subscriptions_model on subscriptions (model_id);

create table subscription_history (
    id              bigserial primary key,
    subscription_id text not null references subscriptions (id) on delete cascade,
    from_status     text,
    to_status       text not null,
    actor           text not null,
    reason          text,
    at              timestamptz not null
);
create index subscription_history_subscription on subscription_history (subscription_id, id);

create table virtual_keys (
    id           text primary key,
    alias        text unique,
    user_id      text references users (id) on delete cascade,
    team_id      text references teams (id) on delete cascade,
    models       jsonb not null default '[]',
    rpm_limit    bigint check (rpm_limit >= 0),
    tpm_limit    bigint check (tpm_limit >= 0),
    max_parallel integer check (max_parallel >= 0),
    model_rpm    jsonb not null default '{}',
    model_tpm    jsonb not null default '{}',
    expires_at   timestamptz,
    blocked      boolean not null default false,
    metadata     jsonb not null default '{}',
    budget_id    text references budgets (id),
    created_by   text not null,
    created_at   timestamptz not null,
    updated_at   timestamptz not null,
    last_used_at timestamptz
);
create index virtual_keys_user on virtual_keys (user_id);
create index virtual_keys_team on virtual_keys (team_id);

-- The secrets of a key: only their SHA-256 (hex). A rotated-out secret stays valid until valid_until (grace period).
create table key_secrets (
    hash        char(64) primary key,
    key_id      text not null references virtual_keys (id) on delete cascade,
    prefix      text not null,
    valid_until timestamptz,
    created_at  timestamptz not null
);
create index key_secrets_key on key_secrets (key_id);

-- Changes feed: one counter row, locked by every writing transaction, so commit order equals sequence order.
create table change_counter (
    id             integer primary key check (id = 1),
    head           bigint not null,
    purged_through bigint not null
);
insert into change_counter (id, head, purged_through) values (1, 0, 0);

create table change_log (
    seq        bigint primary key,
    kind       text not null check (kind in ('KEY', 'ROUTING')),
    key_hash   char(64),
    created_at timestamptz not null
);
create index change_log_created on change_log (created_at);

-- Audit records waiting to be shipped to admin-service, written in the transaction of the change they describe.
create table audit_outbox (
    id              text primary key,
    record          jsonb not null,
    created_at      timestamptz not null,
    attempts        integer not null default 0,
    next_attempt_at timestamptz not null
);
create index audit_outbox_next on audit_outbox (next_attempt_at);

-- Spend per budget holder (scope_type key|user|team|subscription) and budget period. settled comes only from
-- usage-service's settlements (the ledger); adjustment holds admin actions such as a spend reset, so the ledger
-- totals never change by hand. Holders without a periodic budget accumulate under period_start = epoch.
create table budget_spend (
    scope_type       text not null check (scope_type in ('key', 'user', 'team', 'subscription')),
    scope_id         text not null,
    period_start     timestamptz not null,
    settled_nanos    bigint not null default 0,
    adjustment_nanos bigint not null default 0,
    requests         bigint not null default 0,
    primary key (scope_type, scope_id, period_start)
);
