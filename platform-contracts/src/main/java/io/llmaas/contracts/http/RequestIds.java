package io.llmaas.contracts.http;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Request ids: a caller's {@code x-request-id} is kept when it looks like an id (so it cannot inject text into our
 * logs), otherwise one is generated. Every response carries it and every log line shows it as {@code %X{requestId}}.
 */
public final class RequestIds {

    public static final String HEADER = "x-request-id";
    public static final String MDC_KEY = "requestId";

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);
    private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");

    private RequestIds() {
    }

    /** The caller's id if it is acceptable, a fresh one otherwise. */
    public static String accept(String candidate) {
        return candidate != null && ACCEPTABLE.matcher(candidate).matches() ? candidate : generate();
    }

    /**
     * {@code req_} and 32 hex digits of 128 random bits: unique, not secret, so not from {@code UUID.randomUUID()}'s
     * SecureRandom, which costs a lock and several strings on every request.
     */
    public static String generate() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        byte[] id = new byte[4 + 32];
        id[0] = 'r';
        id[1] = 'e';
        id[2] = 'q';
        id[3] = '_';
        hex(random.nextLong(), id, 4);
        hex(random.nextLong(), id, 20);
        return new String(id, StandardCharsets.ISO_8859_1);
    }

    private static void hex(long bits, byte[] into, int at) {
        for (int i = 15; i >= 0; i--, bits >>>= 4) {
            into[at + i] = HEX[(int) (bits & 0xF)];
        }
    }
}
