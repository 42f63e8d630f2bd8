package io.llmaas.bench;

import java.net.URI;
import java.util.List;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/** One system under test: a name for the report, the URL to POST to, and the headers of every request to it. */
record Target(String name, String host, int port, String path, MultiMap headers) {

    /**
     * {@code headers} are {@code Header: value} lines for every target, or {@code name=Header: value} for the target
     * of that name only.
     */
    static Target of(String name, String url, List<String> headers) {
        URI uri = URI.create(url);
        MultiMap h = MultiMap.caseInsensitiveMultiMap();
        h.add("Content-Type", "application/json");
        for (String header : headers) {
            int eq = header.indexOf('=');
            int colon = header.indexOf(':');
            String line = header;
            if (eq > 0 && eq < colon) {
                if (!header.substring(0, eq).equals(name)) {
                    continue;
                }
                line = header.substring(eq + 1);
                colon = line.indexOf(':');
            }
            h.add(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
        }
        return new Target(name, uri.getHost(), uri.getPort(), uri.getRawPath(), h);
    }

    RequestOptions request(long timeoutMs) {
        return new RequestOptions().setMethod(HttpMethod.POST).setHost(host).setPort(port).setURI(path)
                .setHeaders(headers).setIdleTimeout(timeoutMs);
    }
}
