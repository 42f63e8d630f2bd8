package io.llmaas.gateway.routing;

/**
 * A deployment's own RPM / TPM caps on this gateway replica (the routing file's {@code rpm} and {@code tpm}): a
 * deployment over a cap in the current minute is skipped like a down one. A fixed one-minute window is enough here;
 * the exact, cluster-wide limits of keys and teams are the Limit step's business.
 */
final class DeploymentQuota {

    private final long rpm;
    private final long tpm;
    private long minute;
    private long requests;
    private long tokens;

    DeploymentQuota(Long rpm, Long tpm) {
        this.rpm = rpm == null ? 0 : rpm;
        this.tpm = tpm == null ? 0 : tpm;
    }

    static DeploymentQuota of(Long rpm, Long tpm) {
        boolean capped = rpm != null && rpm > 0 || tpm != null && tpm > 0;
        return capped ? new DeploymentQuota(rpm, tpm) : null;
    }

    synchronized boolean admits() {
        roll();
        return (rpm <= 0 || requests < rpm) && (tpm <= 0 || tokens < tpm);
    }

    synchronized void countRequest() {
        roll();
        requests++;
    }

    synchronized void countTokens(long count) {
        roll();
        tokens += count;
    }

    private void roll() {
        long now = System.currentTimeMillis() / 60_000;
        if (now != minute) {
            minute = now;
            requests = 0;
            tokens = 0;
        }
    }
}
