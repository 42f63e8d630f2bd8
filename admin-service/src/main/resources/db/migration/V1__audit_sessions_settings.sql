-- admin-service owns the audit log, portal sessions and portal settings (schema "admin").

-- Every change made through the portal or a management API, from admin-service itself and from the outboxes of
-- keys- and usage-service. The id comes from the sender, so redelivery is a no-op.
CREATE TABLE audit_log (
    id           VARCHAR(64)  PRIMARY KEY,
    at           TIMESTAMPTZ  NOT NULL,
    service      VARCHAR(32)  NOT NULL,
    actor        VARCHAR(255) NOT NULL,
    action       VARCHAR(128) NOT NULL,
    target_type  VARCHAR(64),
    target_id    VARCHAR(255),
    before_state JSONB,
    after_state  JSONB,
    source_ip    VARCHAR(64),
    request_id   VARCHAR(128),
    received_at  TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_at_idx ON audit_log (at DESC, id DESC);
CREATE INDEX audit_log_actor_idx ON audit_log (actor, at DESC);
CREATE INDEX audit_log_action_idx ON audit_log (action, at DESC);
CREATE INDEX audit_log_target_idx ON audit_log (target_type, at DESC);

-- One row per login. The browser holds only a random session token; its SHA-256 is the lookup key, so a copy of
-- this table does not let anyone use a session. The identity provider's tokens stay on the server.
CREATE TABLE portal_session (
    id                      BIGSERIAL    PRIMARY KEY,
    token_hash              CHAR(64)     NOT NULL UNIQUE,
    username                VARCHAR(255),
    roles                   VARCHAR(255),
    created_at              TIMESTAMPTZ  NOT NULL,
    last_seen_at            TIMESTAMPTZ  NOT NULL,
    expires_at              TIMESTAMPTZ  NOT NULL,
    ended_at                TIMESTAMPTZ,
    end_reason              VARCHAR(32),
    ended_by                VARCHAR(255),
    source_ip               VARCHAR(64),
    user_agent              VARCHAR(512),
    id_token                TEXT,
    access_token            TEXT,
    refresh_token           TEXT,
    access_token_expires_in BIGINT
);
CREATE INDEX portal_session_active_idx ON portal_session (last_seen_at DESC) WHERE ended_at IS NULL;
CREATE INDEX portal_session_user_idx ON portal_session (username, created_at DESC);

-- Defaults and maximums for self-service keys; a single row once an admin has saved them (until then the values
-- come from configuration, admin.key-defaults.*).
CREATE TABLE key_settings (
    id                  SMALLINT       PRIMARY KEY CHECK (id = 1),
    default_max_budget  NUMERIC(14, 4) NOT NULL,
    max_budget_limit    NUMERIC(14, 4) NOT NULL,
    budget_duration     VARCHAR(16)    NOT NULL,
    default_rpm         INTEGER        NOT NULL,
    max_rpm             INTEGER        NOT NULL,
    default_tpm         INTEGER        NOT NULL,
    max_tpm             INTEGER        NOT NULL,
    default_expiry_days INTEGER        NOT NULL,
    max_expiry_days     INTEGER        NOT NULL,
    models_policy       VARCHAR(32)    NOT NULL,
    updated_at          TIMESTAMPTZ    NOT NULL,
    updated_by          VARCHAR(255)   NOT NULL
);
