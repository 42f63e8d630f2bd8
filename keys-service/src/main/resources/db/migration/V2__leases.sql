-- Leases: slices of a scope's RPM/TPM/PARALLEL quota or of the budgets applying to a key on a model, taken by gateways.

-- One row per lockable scope (e.g. "RPM key:k1", "budget key:k1"): a grant locks its scope rows FOR UPDATE, so
-- concurrent grants on several keys-service replicas are serialized per scope and the sums they read stay exact.
create table lease_scopes (
    scope text primary key
);

create table leases (
    id            text primary key,
    scope         text not null,
    kind          text not null check (kind in ('RPM', 'TPM', 'PARALLEL', 'BUDGET')),
    gateway_id    text not null,
    amount        bigint not null check (amount >= 0),
    consumed      bigint not null default 0,
    settled_nanos bigint not null default 0,
    granted_at    timestamptz not null,
    expires_at    timestamptz not null,
    released_at   timestamptz
);
create index leases_window on leases (scope, kind, granted_at);
create index leases_gateway on leases (gateway_id, scope, kind) where released_at is null;

-- The budget holders (and their period) a BUDGET lease is reserved against: "key:<id>@<period start>".
create table lease_budget_holds (
    lease_id text not null references leases (id) on delete cascade,
    holder   text not null,
    primary key (lease_id, holder)
);
create index lease_budget_holds_holder on lease_budget_holds (holder);
