package io.llmaas.admin.rest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Builds the portal's own addresses from ids that come from other services. */
final class Paths {

    private Paths() {
    }

    /** An id as one path segment. */
    static String segment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
