package io.llmaas.gateway.api;

import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.llmaas.contracts.error.ApiError;
import io.llmaas.contracts.error.ErrorType;
import io.llmaas.contracts.http.RequestIds;
import io.llmaas.gateway.config.GatewayConfig;
import io.llmaas.gateway.provider.AbandonedAnswers;
import io.llmaas.gateway.routing.ModelCatalog;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * LiteLLM's management paths at the gateway's address, as LiteLLM serves them on its proxy port: tools written for
 * LiteLLM (LiteMaaS among them) point everything at one URL. Key, user, team, model and budget management goes to
 * keys-service, spend reports to usage-service, as a plain streaming reverse proxy (the caller's Authorization goes
 * along; those services authorize). LiteLLM's health paths are answered here. None of this is on the inference path.
 */
@ApplicationScoped
public class ManagementProxy {

    private static final Logger LOG = Logger.getLogger(ManagementProxy.class);
    private static final String[] KEYS_PATHS = {"/key/*", "/user/*", "/team/*", "/model/*", "/v1/model/*",
        "/model_group/*", "/budget/*"};
    private static final String[] USAGE_PATHS = {"/spend/*", "/global/spend/*"};
    /** Headers that describe one connection, not the message: never forwarded (RFC 9110 7.6.1). */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host");
    private static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized("application/json");

    private final GatewayConfig config;
    private final ModelCatalog catalog;
    private final HttpClient client;
    private final URI keys;
    private final URI usage;

    ManagementProxy(GatewayConfig config, ModelCatalog catalog, Vertx vertx,
            @ConfigProperty(name = "quarkus.rest-client.keys.url") String keysUrl,
            @ConfigProperty(name = "quarkus.rest-client.usage.url") String usageUrl) {
        this.config = config;
        this.catalog = catalog;
        this.keys = URI.create(keysUrl);
        this.usage = URI.create(usageUrl);
        this.client = vertx.createHttpClient(new HttpClientOptions().setName("llmaas-management").setKeepAlive(true)
                .setConnectTimeout(5_000).setIdleTimeout(120).setDecompressionSupported(false));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    void register(@Observes Router router) {
        router.get("/health/liveliness").handler(http -> json(http.response(), 200, "\"I'm alive!\""));
        router.get("/health/readiness").handler(http -> {
            boolean ready = catalog.loaded();
            json(http.response(), ready ? 200 : 503, "{\"status\":\"" + (ready ? "healthy" : "unhealthy")
                    + "\",\"db\":\"" + (ready ? "connected" : "unknown") + "\"}");
        });
        if (config.mode() != GatewayConfig.Mode.PLATFORM) {
            return;
        }
        for (String path : KEYS_PATHS) {
            router.route(path).handler(http -> forward(http, keys));
        }
        for (String path : USAGE_PATHS) {
            router.route(path).handler(http -> forward(http, usage));
        }
    }

    private void forward(RoutingContext http, URI target) {
        HttpServerRequest in = http.request();
        in.pause();
        String base = target.getRawPath() == null ? "" : target.getRawPath().replaceAll("/$", "");
        RequestOptions options = new RequestOptions().setMethod(in.method()).setHost(target.getHost())
                .setPort(target.getPort() > 0 ? target.getPort() : "https".equals(target.getScheme()) ? 443 : 80)
                .setSsl("https".equals(target.getScheme())).setURI(base + in.uri());
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        copyHeaders(in.headers(), headers);
        String requestId = http.get(RequestIds.MDC_KEY);
        if (requestId != null) {
            headers.add(RequestIds.HEADER, requestId);
        }
        options.setHeaders(headers);
        client.request(options).onComplete(opened -> {
            if (opened.failed()) {
                in.resume();
                unavailable(http, opened.cause());
                return;
            }
            var out = opened.result();
            if (in.headers().get(HttpHeaders.CONTENT_LENGTH) == null
                    && "chunked".equalsIgnoreCase(in.headers().get(HttpHeaders.TRANSFER_ENCODING))) {
                out.setChunked(true);
            }
            out.response().onComplete(answered -> {
                if (answered.failed()) {
                    unavailable(http, answered.cause());
                    return;
                }
                relay(answered.result(), http.response());
            });
            in.pipeTo(out);
        });
    }

    private static void relay(HttpClientResponse upstream, HttpServerResponse response) {
        if (response.closed()) {
            AtomicBoolean ended = new AtomicBoolean();
            upstream.handler(null).endHandler(end -> ended.set(true));
            AbandonedAnswers.readOutOrReset(upstream, ended::get);
            return;
        }
        response.setStatusCode(upstream.statusCode());
        copyHeaders(upstream.headers(), response.headers());
        if (upstream.headers().get(HttpHeaders.CONTENT_LENGTH) == null) {
            response.setChunked(true);
        }
        upstream.pipeTo(response);
    }

    private static void copyHeaders(MultiMap from, MultiMap to) {
        from.forEach(header -> {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(name) && !name.equals(RequestIds.HEADER)) {
                to.add(header.getKey(), header.getValue());
            }
        });
    }

    private static void unavailable(RoutingContext http, Throwable cause) {
        // The exception's class only: a message could quote the request's URI, and LiteLLM puts keys in query strings.
        LOG.warnf("A management request could not be forwarded: %s", cause.getClass().getSimpleName());
        HttpServerResponse response = http.response();
        if (response.headWritten()) {
            response.reset();
            return;
        }
        Buffer body = ErrorResponses.json(ApiError.of("The management service behind this path is unreachable",
                ErrorType.SERVICE_UNAVAILABLE.wireName(), null, "service_unavailable"));
        response.setStatusCode(503).putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON).end(body);
    }

    private static void json(HttpServerResponse response, int status, String json) {
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON).end(json);
    }
}
