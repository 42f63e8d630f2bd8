package io.llmaas.admin.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.llmaas.admin.auth.LoginIdentity;
import io.llmaas.admin.config.AdminConfig;
import io.llmaas.admin.repository.PortalSession;
import io.llmaas.admin.repository.SessionRepository;
import io.llmaas.contracts.error.ApiException;
import io.quarkus.scheduler.Scheduled;

/**
 * Portal sessions: one row per login, found by the SHA-256 of the random token in the browser's session cookie.
 * Logging out, an admin's revocation, idleness and age end a session; an ended session is never resumed.
 */
@ApplicationScoped
public class SessionService {

    private static final Logger LOG = Logger.getLogger(SessionService.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The identity provider's tokens of a session; they stay on the server. */
    public record SessionTokens(String idToken, String accessToken, String refreshToken, Long accessTokenExpiresIn) {
    }

    /** A new session: {@code token} goes into the browser's cookie, {@code id} names it everywhere else. */
    public record Opened(long id, String token) {
    }

    /** A session that may go on; {@code bound} is false until its user is known. */
    public record Resumed(long id, SessionTokens tokens, boolean bound) {
    }

    private final SessionRepository repository;
    private final AuditService audit;
    private final AdminConfig.Sessions config;

    public SessionService(SessionRepository repository, AuditService audit, AdminConfig config) {
        this.repository = repository;
        this.audit = audit;
        this.config = config.sessions();
    }

    @Transactional
    public Opened open(SessionTokens tokens, LoginIdentity login, String sourceIp, String userAgent) {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Instant now = Instant.now();
        PortalSession session = new PortalSession();
        session.tokenHash = sha256(token);
        session.createdAt = now;
        session.lastSeenAt = now;
        session.expiresAt = now.plus(config.maxAge());
        session.sourceIp = limit(sourceIp, 64);
        session.userAgent = limit(userAgent, 512);
        session.idToken = tokens.idToken();
        session.accessToken = tokens.accessToken();
        session.refreshToken = tokens.refreshToken();
        session.accessTokenExpiresIn = tokens.accessTokenExpiresIn();
        repository.persist(session);
        if (login != null) {
            bind(session, login);
        }
        return new Opened(session.id, token);
    }

    /** The session behind a cookie token if it is still usable; touches its last-seen time now and then. */
    @Transactional
    public Optional<Resumed> resume(String token) {
        Optional<PortalSession> found = repository.findByTokenHash(sha256(token));
        if (found.isEmpty() || !found.get().active()) {
            return Optional.empty();
        }
        PortalSession session = found.get();
        Instant now = Instant.now();
        if (!session.expiresAt.isAfter(now)) {
            finish(session, "expired", null, now);
            return Optional.empty();
        }
        if (session.lastSeenAt.plus(config.idleTimeout()).isBefore(now)) {
            finish(session, "idle", null, now);
            return Optional.empty();
        }
        if (session.lastSeenAt.plus(config.lastSeenResolution()).isBefore(now)) {
            session.lastSeenAt = now;
        }
        return Optional.of(new Resumed(session.id, new SessionTokens(session.idToken, session.accessToken,
                session.refreshToken, session.accessTokenExpiresIn), session.username != null));
    }

    /** Records who a session belongs to (its login), once. */
    @Transactional
    public void bind(long id, LoginIdentity login) {
        PortalSession session = repository.findById(id);
        if (session != null && session.username == null) {
            bind(session, login);
        }
    }

    /** Ends the session behind a cookie token because its user logged out. */
    @Transactional
    public void logout(String token) {
        repository.findByTokenHash(sha256(token)).filter(PortalSession::active).ifPresent(session -> {
            finish(session, "logout", session.username, Instant.now());
            audit.record(actorOf(session), "session.logout", "session", String.valueOf(session.id), null, null,
                    session.sourceIp);
        });
    }

    /** An admin ends someone's session; their next request asks them to log in again. */
    @Transactional
    public PortalSession revoke(long id, String actor, String sourceIp) {
        PortalSession session = repository.findByIdOptional(id)
                .orElseThrow(() -> ApiException.notFound("Session", String.valueOf(id)));
        if (session.active()) {
            Map<String, Object> before = Map.of("username", actorOf(session), "active", true);
            finish(session, "revoked", actor, Instant.now());
            audit.record(actor, "session.revoke", "session", String.valueOf(id), before,
                    Map.of("username", actorOf(session), "active", false), sourceIp);
        }
        return session;
    }

    @Transactional
    public List<PortalSession> list(boolean activeOnly, int limit) {
        return repository.recent(activeOnly, limit);
    }

    @Scheduled(every = "5m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void endStaleSessions() {
        Instant now = Instant.now();
        int ended = repository.endStale(now.minus(config.idleTimeout()), now);
        if (ended > 0) {
            LOG.infof("Ended %d idle or expired portal sessions", ended);
        }
    }

    private void bind(PortalSession session, LoginIdentity login) {
        session.username = limit(login.username(), 255);
        session.roles = limit(String.join(",", login.roles()), 255);
        audit.record(login.username(), "session.login", "session", String.valueOf(session.id), null,
                Map.of("roles", login.roles(), "groups", login.groups(), "provider", login.provider().name(),
                        "userAgent", session.userAgent == null ? "" : session.userAgent),
                session.sourceIp);
    }

    private static void finish(PortalSession session, String reason, String by, Instant at) {
        session.endedAt = at;
        session.endReason = reason;
        session.endedBy = by;
        session.idToken = null;
        session.accessToken = null;
        session.refreshToken = null;
    }

    private static String actorOf(PortalSession session) {
        return session.username != null ? session.username : "unknown";
    }

    static String sha256(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static String limit(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
