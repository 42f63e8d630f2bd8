package io.llmaas.contracts.http;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Request ids: a caller's {@code x-request-id} is kept when it looks like an id (so it cannot inject text into our
 * logs), otherwise one is generated. Every response carries it and every log line shows it as {@code %X{requestId}}.
 */
public final class RequestIds {

    public static final String HEADER = "x-request-id";
    public static final String MDC_KEY = "requestId";

    private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");

    private RequestIds() {
    }

    /** The caller's id if it is acceptable, a fresh one otherwise. */
    public static String accept(String candidate) {
        return candidate != null && ACCEPTABLE.matcher(candidate).matches() ? candidate : generate();
    }

    public static String generate() {
        return "req_" + UUID.randomUUID().toString().replace("-", "");
    }
}
