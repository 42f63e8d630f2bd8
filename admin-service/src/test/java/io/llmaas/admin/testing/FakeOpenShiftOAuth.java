package io.llmaas.admin.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on a dynamic port that behaves like OpenShift's OAuth server ({@code /oauth/authorize},
 * {@code /oauth/token}) and API server ({@code /apis/user.openshift.io/v1/users/~}). The authorize endpoint logs in
 * whoever the test named with {@link #nextLogin} at once. It checks PKCE S256 the way OpenShift does and records
 * every request, so tests can assert what the portal sent.
 */
public final class FakeOpenShiftOAuth implements AutoCloseable {

    public static final String CLIENT_ID = "system:serviceaccount:llmaas:admin-service";
    public static final String CLIENT_SECRET = "test-serviceaccount-token-0123456789abcdef";

    /** What the portal sent to an endpoint. */
    public record Recorded(String path, Map<String, String> params, Map<String, List<String>> headers) {
    }

    private record Grant(String user, List<String> groups, String challenge, String method, String redirectUri) {
    }

    private final HttpServer server;
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final Map<String, Grant> tokens = new ConcurrentHashMap<>();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private volatile String nextUser = "developer";
    private volatile List<String> nextGroups = List.of();

    public FakeOpenShiftOAuth() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/oauth/authorize", this::authorize);
        server.createContext("/oauth/token", this::token);
        server.createContext("/apis/user.openshift.io/v1/users/~", this::user);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The user (and groups) the next authorization request logs in. */
    public void nextLogin(String user, List<String> groups) {
        this.nextUser = user;
        this.nextGroups = List.copyOf(groups);
    }

    public List<Recorded> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    public Recorded lastRequest(String path) {
        List<Recorded> matching = requests(path);
        return matching.isEmpty() ? null : matching.get(matching.size() - 1);
    }

    public void clearRequests() {
        requests.clear();
    }

    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> query = parse(exchange.getRequestURI().getRawQuery());
        record(exchange, query);
        String code = UUID.randomUUID().toString();
        codes.put(code, new Grant(nextUser, nextGroups, query.get("code_challenge"),
                query.get("code_challenge_method"), query.get("redirect_uri")));
        String location = query.get("redirect_uri") + "?code=" + code + "&state="
                + java.net.URLEncoder.encode(query.getOrDefault("state", ""), StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Location", location);
        respond(exchange, 302, "text/plain", "");
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> form = parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        record(exchange, form);
        Grant grant = codes.remove(form.getOrDefault("code", ""));
        if (grant == null || !CLIENT_ID.equals(form.get("client_id"))
                || !CLIENT_SECRET.equals(form.get("client_secret"))
                || !grant.redirectUri().equals(form.get("redirect_uri"))) {
            respond(exchange, 400, "application/json", "{\"error\":\"invalid_grant\"}");
            return;
        }
        if (!"S256".equals(grant.method()) || form.get("code_verifier") == null
                || !grant.challenge().equals(s256(form.get("code_verifier")))) {
            respond(exchange, 400, "application/json", "{\"error\":\"invalid_grant\",\"error_description\":\"PKCE\"}");
            return;
        }
        String token = "sha256~" + UUID.randomUUID();
        tokens.put(token, grant);
        respond(exchange, 200, "application/json",
                "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":86400,"
                        + "\"scope\":\"user:info\"}");
    }

    private void user(HttpExchange exchange) throws IOException {
        record(exchange, Map.of());
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        Grant grant = authorization == null ? null : tokens.get(authorization.replace("Bearer ", ""));
        if (grant == null) {
            respond(exchange, 401, "application/json", "{\"kind\":\"Status\",\"code\":401}");
            return;
        }
        StringBuilder groups = new StringBuilder();
        for (String group : grant.groups()) {
            groups.append(groups.length() == 0 ? "" : ",").append('"').append(group).append('"');
        }
        respond(exchange, 200, "application/json", """
                {"kind":"User","apiVersion":"user.openshift.io/v1",
                 "metadata":{"name":"%s","uid":"%s"},
                 "fullName":"%s Example","identities":["htpasswd:%s"],"groups":[%s]}"""
                .formatted(grant.user(), UUID.nameUUIDFromBytes(grant.user().getBytes(StandardCharsets.UTF_8)),
                        grant.user(), grant.user(), groups));
    }

    private void record(HttpExchange exchange, Map<String, String> params) {
        requests.add(new Recorded(exchange.getRequestURI().getPath(), params,
                Map.copyOf(exchange.getRequestHeaders())));
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static Map<String, String> parse(String encoded) {
        Map<String, String> values = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return values;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            values.put(name, value);
        }
        return values;
    }

    public static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
