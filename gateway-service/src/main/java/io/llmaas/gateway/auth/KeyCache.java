package io.llmaas.gateway.auth;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;

import org.jboss.logging.Logger;

import io.llmaas.contracts.internal.KeyPrincipal;

/**
 * Key principals by key hash, bounded (least-used evicted first). A miss asks keys-service once: concurrent misses
 * for one hash share that call, and unknown keys are remembered for a short time, so a client retrying a wrong key
 * does not reach keys-service each time. At most {@code maxConcurrentVerifications} run at once: a flood of random
 * keys is refused here ({@link TooManyVerifications}) instead of hammering keys-service. Known keys stay until the
 * changes feed says they changed ({@link #refresh}) or the feed was reset ({@link #invalidateAll}).
 */
public final class KeyCache {

    /** How a key hash is verified: empty when keys-service does not know it. */
    @FunctionalInterface
    public interface Verifier {
        CompletionStage<Optional<KeyPrincipal>> verify(String keyHash);
    }

    /** More verifications are in flight than allowed. */
    public static final class TooManyVerifications extends RuntimeException {
        TooManyVerifications() {
            super("too many key verifications in flight", null, false, false);
        }
    }

    /** What a lookup found, for the cache metrics. */
    public enum Lookup {
        HIT, NEGATIVE, MISS
    }

    private static final Logger LOG = Logger.getLogger(KeyCache.class);

    private final Verifier verifier;
    private final Verifier refresher;
    private final AsyncCache<String, Optional<Principal>> cache;
    private final Semaphore verifications;
    private final Consumer<Lookup> observer;

    /**
     * @param verifier  verifies a key on a miss
     * @param refresher verifies a cached key again after the changes feed named it
     */
    public KeyCache(Verifier verifier, Verifier refresher, int maxSize, Duration negativeTtl,
            int maxConcurrentVerifications, Ticker ticker, Consumer<Lookup> observer) {
        this.verifier = verifier;
        this.refresher = refresher;
        this.verifications = new Semaphore(maxConcurrentVerifications);
        this.observer = observer;
        long negativeNanos = negativeTtl.toNanos();
        this.cache = Caffeine.newBuilder()
                .maximumSize(maxSize)
                .ticker(ticker)
                .executor(Runnable::run)
                .expireAfter(new Expiry<String, Optional<Principal>>() {
                    @Override
                    public long expireAfterCreate(String hash, Optional<Principal> principal, long now) {
                        return principal.isPresent() ? Long.MAX_VALUE : negativeNanos;
                    }

                    @Override
                    public long expireAfterUpdate(String hash, Optional<Principal> principal, long now,
                            long current) {
                        return expireAfterCreate(hash, principal, now);
                    }

                    @Override
                    public long expireAfterRead(String hash, Optional<Principal> principal, long now,
                            long current) {
                        return current;
                    }
                })
                .buildAsync();
    }

    /** The principal of {@code keyHash}; completed at once on a hit, after one verification on a miss. */
    public CompletableFuture<Optional<Principal>> lookup(String keyHash) {
        CompletableFuture<Optional<Principal>> cached = cache.getIfPresent(keyHash);
        if (cached != null) {
            if (cached.isDone() && !cached.isCompletedExceptionally()) {
                observer.accept(cached.join().isPresent() ? Lookup.HIT : Lookup.NEGATIVE);
            }
            return cached;
        }
        return cache.get(keyHash, (hash, executor) -> verify(hash));
    }

    /**
     * The key changed: its principal is verified again in the background and replaced, or dropped when keys-service
     * no longer knows it or cannot be asked (so a revoked key is never served from a stale entry). A remembered
     * unknown key is forgotten, so a key just created works at once.
     */
    public CompletableFuture<Void> refresh(String keyHash) {
        CompletableFuture<Optional<Principal>> cached = cache.getIfPresent(keyHash);
        if (cached == null) {
            return CompletableFuture.completedFuture(null);
        }
        if (!cached.isDone() || cached.isCompletedExceptionally() || cached.join().isEmpty()) {
            LOG.debug("A changed key that was being verified or is unknown: forgotten");
            cache.synchronous().invalidate(keyHash);
            return CompletableFuture.completedFuture(null);
        }
        return refresher.verify(keyHash).toCompletableFuture().handle((principal, failure) -> {
            if (failure == null && principal.isPresent()) {
                cache.put(keyHash, CompletableFuture.completedFuture(principal.map(Principal::new)));
                LOG.debugf("Key %s changed: re-verified", cached.join().get().keyId());
            } else {
                cache.synchronous().invalidate(keyHash);
                LOG.debugf("Key %s changed: dropped (%s)", cached.join().get().keyId(),
                        failure == null ? "unknown to keys-service" : failure.getClass().getSimpleName());
            }
            return null;
        });
    }

    /** Drops every entry: the next request of each key verifies it again. */
    public void invalidateAll() {
        LOG.debug("Every cached key dropped");
        cache.synchronous().invalidateAll();
    }

    /** Entries held (known and unknown keys). */
    public long size() {
        cache.synchronous().cleanUp();
        return cache.synchronous().estimatedSize();
    }

    private CompletableFuture<Optional<Principal>> verify(String keyHash) {
        if (!verifications.tryAcquire()) {
            return CompletableFuture.failedFuture(new TooManyVerifications());
        }
        observer.accept(Lookup.MISS);
        try {
            return verifier.verify(keyHash).toCompletableFuture()
                    .whenComplete((principal, failure) -> verifications.release())
                    .thenApply(principal -> principal.map(Principal::new));
        } catch (RuntimeException e) {
            verifications.release();
            return CompletableFuture.failedFuture(e);
        }
    }
}
