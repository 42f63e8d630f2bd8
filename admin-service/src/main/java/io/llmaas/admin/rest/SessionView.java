package io.llmaas.admin.rest;

import io.llmaas.admin.repository.PortalSession;
import io.llmaas.admin.web.AuditView;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A portal session as pages and the API show it: never its tokens. Times are UTC. */
@RegisterForReflection
public record SessionView(long id, String username, String roles, String createdAt, String lastSeenAt,
        String sourceIp, String userAgent, boolean active, String endReason, String endedBy) {

    public static SessionView from(PortalSession session) {
        return new SessionView(session.id, session.username == null ? "(logging in)" : session.username,
                session.roles == null ? "" : session.roles, AuditView.time(session.createdAt),
                AuditView.time(session.lastSeenAt), session.sourceIp, session.userAgent, session.active(),
                session.endReason, session.endedBy);
    }
}
