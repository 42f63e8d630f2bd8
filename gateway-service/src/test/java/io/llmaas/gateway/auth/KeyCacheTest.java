package io.llmaas.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.llmaas.contracts.internal.KeyPrincipal;
import io.llmaas.contracts.internal.Limits;

/** The key cache: one verification per key, shared by concurrent misses; unknown keys remembered briefly; bounded. */
class KeyCacheTest {

    private final AtomicLong nanos = new AtomicLong();
    private final Map<String, CompletableFuture<Optional<KeyPrincipal>>> answers = new ConcurrentHashMap<>();
    private final AtomicInteger verifications = new AtomicInteger();
    private final List<KeyCache.Lookup> lookups = new ArrayList<>();

    private KeyCache cache(int size, int maxConcurrent) {
        return new KeyCache(this::verify, this::verify, size, Duration.ofSeconds(5), maxConcurrent, nanos::get,
                lookups::add);
    }

    private CompletableFuture<Optional<KeyPrincipal>> verify(String hash) {
        verifications.incrementAndGet();
        return answers.computeIfAbsent(hash, h -> new CompletableFuture<>());
    }

    @Test
    void concurrentMissesForOneKeyShareOneVerification() {
        KeyCache cache = cache(100, 16);
        CompletableFuture<Optional<Principal>> first = cache.lookup("h1");
        CompletableFuture<Optional<Principal>> second = cache.lookup("h1");
        assertThat(verifications).hasValue(1);
        answers.get("h1").complete(Optional.of(principal("h1")));
        assertThat(first.join()).isPresent();
        assertThat(second.join().orElseThrow().keyId()).isEqualTo("id-h1");
        assertThat(cache.lookup("h1").join()).isPresent();
        assertThat(verifications).hasValue(1);
        assertThat(lookups).containsExactly(KeyCache.Lookup.MISS, KeyCache.Lookup.HIT);
    }

    @Test
    void unknownKeysAreRememberedForTheNegativeTtlOnly() {
        KeyCache cache = cache(100, 16);
        answers.put("nope", CompletableFuture.completedFuture(Optional.empty()));
        assertThat(cache.lookup("nope").join()).isEmpty();
        nanos.addAndGet(Duration.ofSeconds(4).toNanos());
        assertThat(cache.lookup("nope").join()).isEmpty();
        assertThat(verifications).hasValue(1);
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(cache.lookup("nope").join()).isEmpty();
        assertThat(verifications).hasValue(2);
    }

    @Test
    void knownKeysStayUntilTheFeedSaysTheyChanged() {
        KeyCache cache = cache(100, 16);
        answers.put("h", CompletableFuture.completedFuture(Optional.of(principal("h"))));
        cache.lookup("h").join();
        nanos.addAndGet(Duration.ofDays(1).toNanos());
        assertThat(cache.lookup("h").join()).isPresent();
        assertThat(verifications).hasValue(1);

        // Changed: verified again in the background and replaced; gone at keys-service: dropped.
        answers.put("h", CompletableFuture.completedFuture(Optional.of(blocked("h"))));
        cache.refresh("h").join();
        assertThat(cache.lookup("h").join().orElseThrow().key().status()).isEqualTo(KeyPrincipal.KeyStatus.BLOCKED);
        answers.put("h", CompletableFuture.completedFuture(Optional.empty()));
        cache.refresh("h").join();
        assertThat(cache.size()).isZero();

        // A remembered unknown key is forgotten at once, so a key just created works.
        answers.put("new", CompletableFuture.completedFuture(Optional.empty()));
        cache.lookup("new").join();
        cache.refresh("new").join();
        answers.put("new", CompletableFuture.completedFuture(Optional.of(principal("new"))));
        assertThat(cache.lookup("new").join()).isPresent();
    }

    @Test
    void theCacheIsBoundedAndAFailedVerificationIsNotCached() {
        KeyCache cache = cache(3, 16);
        for (int i = 0; i < 10; i++) {
            answers.put("k" + i, CompletableFuture.completedFuture(Optional.of(principal("k" + i))));
            cache.lookup("k" + i).join();
        }
        assertThat(cache.size()).isLessThanOrEqualTo(3);

        answers.put("down", CompletableFuture.failedFuture(new IllegalStateException("keys-service down")));
        assertThat(cache.lookup("down")).isCompletedExceptionally();
        answers.put("down", CompletableFuture.completedFuture(Optional.of(principal("down"))));
        assertThat(cache.lookup("down").join()).isPresent();
    }

    @Test
    void aFloodOfUnknownKeysIsCappedAtTheConcurrentVerifications() {
        KeyCache cache = cache(1000, 2);
        cache.lookup("a");
        cache.lookup("b");
        assertThat(cache.lookup("c")).isCompletedExceptionally();
        assertThat(verifications).hasValue(2);
        answers.get("a").complete(Optional.empty());
        cache.lookup("d");
        assertThat(verifications).hasValue(3);
    }

    private static KeyPrincipal principal(String hash) {
        return new KeyPrincipal("id-" + hash, hash, "sk-ab…", null, "u", null, KeyPrincipal.KeyStatus.ACTIVE,
                Instant.now().plusSeconds(3600), List.of("m"), List.of("m"), Limits.NONE, Map.of(), Limits.NONE,
                Limits.NONE, false, List.of(), Map.of());
    }

    private static KeyPrincipal blocked(String hash) {
        return new KeyPrincipal("id-" + hash, hash, "sk-ab…", null, "u", null, KeyPrincipal.KeyStatus.BLOCKED, null,
                List.of(), List.of(), Limits.NONE, Map.of(), Limits.NONE, Limits.NONE, false, List.of(), Map.of());
    }
}
