package io.llmaas.gateway.provider;

import java.net.URI;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import io.llmaas.contracts.internal.RoutingTable.DeploymentRoute;
import io.llmaas.gateway.config.GatewayConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * Where and how one deployment is called: the model server's address, the upstream model name, the credentials and
 * the timeouts, resolved once when the routing table is loaded so that a request only copies them. The upstream API
 * key never appears in {@link #toString()}.
 */
public final class UpstreamTarget {

    private final String deploymentId;
    private final String baseUrl;
    private final String host;
    private final int port;
    private final boolean ssl;
    private final String basePath;
    private final String upstreamModel;
    private final byte[] upstreamModelJson;
    private final String authorization;
    private final long connectTimeoutMs;
    private final long firstByteTimeoutMs;
    private final long idleTimeoutMs;

    private UpstreamTarget(DeploymentRoute route, GatewayConfig.Upstream defaults) {
        this.deploymentId = route.id();
        this.baseUrl = route.baseUrl();
        if (baseUrl == null || baseUrl.isBlank()) {
            this.host = null;
            this.port = 0;
            this.ssl = false;
            this.basePath = "";
        } else {
            URI uri = URI.create(baseUrl);
            this.ssl = "https".equalsIgnoreCase(uri.getScheme());
            this.host = uri.getHost();
            this.port = uri.getPort() > 0 ? uri.getPort() : ssl ? 443 : 80;
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        }
        this.upstreamModel = route.upstreamModel();
        this.upstreamModelJson = quoted(upstreamModel);
        this.authorization = route.apiKey() == null || route.apiKey().isBlank() ? null : "Bearer " + route.apiKey();
        this.connectTimeoutMs = orDefault(route.connectTimeoutMs(), defaults.connectTimeout().toMillis());
        this.firstByteTimeoutMs = orDefault(route.firstByteTimeoutMs(), defaults.firstByteTimeout().toMillis());
        this.idleTimeoutMs = orDefault(route.idleTimeoutMs(), defaults.idleTimeout().toMillis());
    }

    public static UpstreamTarget of(DeploymentRoute route, GatewayConfig.Upstream defaults) {
        return new UpstreamTarget(route, defaults);
    }

    /** Options for a request to {@code path} below the base URL, credentials included. */
    public RequestOptions request(HttpMethod method, String path) {
        RequestOptions options = new RequestOptions()
                .setMethod(method)
                .setHost(host)
                .setPort(port)
                .setSsl(ssl)
                .setURI(basePath + path)
                .setConnectTimeout(connectTimeoutMs);
        if (authorization != null) {
            options.putHeader(HttpHeaders.AUTHORIZATION, authorization);
        }
        return options;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** The model name the model server knows. */
    public String upstreamModel() {
        return upstreamModel;
    }

    /** {@link #upstreamModel()} as a JSON string literal, quotes included. */
    public byte[] upstreamModelJson() {
        return upstreamModelJson;
    }

    public long connectTimeoutMs() {
        return connectTimeoutMs;
    }

    public long firstByteTimeoutMs() {
        return firstByteTimeoutMs;
    }

    public long idleTimeoutMs() {
        return idleTimeoutMs;
    }

    @Override
    public String toString() {
        return deploymentId + " (" + upstreamModel + " at " + baseUrl + ")";
    }

    private static byte[] quoted(String value) {
        byte[] escaped = JsonStringEncoder.getInstance().quoteAsUTF8(value == null ? "" : value);
        byte[] quoted = new byte[escaped.length + 2];
        quoted[0] = '"';
        System.arraycopy(escaped, 0, quoted, 1, escaped.length);
        quoted[quoted.length - 1] = '"';
        return quoted;
    }

    private static long orDefault(Integer millis, long fallback) {
        return millis != null && millis > 0 ? millis : fallback;
    }
}
