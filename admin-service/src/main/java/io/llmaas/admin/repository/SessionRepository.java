package io.llmaas.admin.repository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;

@ApplicationScoped
public class SessionRepository implements PanacheRepositoryBase<PortalSession, Long> {

    public Optional<PortalSession> findByTokenHash(String tokenHash) {
        return find("tokenHash", tokenHash).firstResultOptional();
    }

    /** Active sessions first (most recently seen first), then ended ones, newest first. */
    public List<PortalSession> recent(boolean activeOnly, int limit) {
        Sort sort = Sort.descending("lastSeenAt").and("id", Sort.Direction.Descending);
        return (activeOnly ? find("endedAt is null", sort) : findAll(sort)).page(Page.ofSize(limit)).list();
    }

    /** Ends sessions unused since {@code idleSince} or past their expiry; returns how many. */
    public int endStale(Instant idleSince, Instant now) {
        return update("endedAt = ?1, endReason = case when expiresAt <= ?1 then 'expired' else 'idle' end,"
                + " idToken = null, accessToken = null, refreshToken = null"
                + " where endedAt is null and (lastSeenAt < ?2 or expiresAt <= ?1)", now, idleSince);
    }
}
