package io.llmaas.admin.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.smallrye.jwt.build.Jwt;

/**
 * A generic OpenID Connect provider (as Keycloak or Entra ID would be) on a dynamic port: discovery, JWKS,
 * authorization endpoint that logs in {@link #nextLogin} at once, and a token endpoint that checks PKCE S256 and the
 * client's credentials and issues an RS256-signed ID token with a groups claim.
 */
public final class FakeOidcProvider implements AutoCloseable {

    public static final String CLIENT_ID = "llmaas-portal";
    public static final String CLIENT_SECRET = "oidc-client-secret-0123456789abcdefghij";
    public static final String GROUPS_CLAIM = "llmaas_groups";

    private record Grant(String user, List<String> groups, String challenge, String redirectUri) {
    }

    private final HttpServer server;
    private final KeyPair keys;
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final List<FakeOpenShiftOAuth.Recorded> requests = new CopyOnWriteArrayList<>();
    private volatile String nextUser = "developer";
    private volatile List<String> nextGroups = List.of();

    public FakeOidcProvider() throws IOException, NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/realms/llmaas/.well-known/openid-configuration", this::discovery);
        server.createContext("/realms/llmaas/protocol/openid-connect/auth", this::authorize);
        server.createContext("/realms/llmaas/protocol/openid-connect/token", this::token);
        server.createContext("/realms/llmaas/protocol/openid-connect/certs", this::jwks);
        server.start();
    }

    public String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/llmaas";
    }

    public void nextLogin(String user, List<String> groups) {
        this.nextUser = user;
        this.nextGroups = List.copyOf(groups);
    }

    public FakeOpenShiftOAuth.Recorded lastRequest(String pathSuffix) {
        List<FakeOpenShiftOAuth.Recorded> matching = requests.stream().filter(r -> r.path().endsWith(pathSuffix))
                .toList();
        return matching.isEmpty() ? null : matching.get(matching.size() - 1);
    }

    private void discovery(HttpExchange exchange) throws IOException {
        String base = issuer() + "/protocol/openid-connect";
        respond(exchange, 200, """
                {"issuer":"%1$s","authorization_endpoint":"%2$s/auth","token_endpoint":"%2$s/token",
                 "jwks_uri":"%2$s/certs","response_types_supported":["code"],
                 "subject_types_supported":["public"],"id_token_signing_alg_values_supported":["RS256"],
                 "code_challenge_methods_supported":["S256"]}""".formatted(issuer(), base));
    }

    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> query = FakeOpenShiftOAuth.parse(exchange.getRequestURI().getRawQuery());
        requests.add(new FakeOpenShiftOAuth.Recorded(exchange.getRequestURI().getPath(), query, Map.of()));
        String code = UUID.randomUUID().toString();
        codes.put(code, new Grant(nextUser, nextGroups, query.get("code_challenge"), query.get("redirect_uri")));
        exchange.getResponseHeaders().add("Location", query.get("redirect_uri") + "?code=" + code + "&state="
                + java.net.URLEncoder.encode(query.getOrDefault("state", ""), StandardCharsets.UTF_8));
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> form = FakeOpenShiftOAuth.parse(
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        requests.add(new FakeOpenShiftOAuth.Recorded(exchange.getRequestURI().getPath(), form,
                Map.copyOf(exchange.getRequestHeaders())));
        String expectedBasic = "Basic " + Base64.getEncoder().encodeToString(
                (CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        Grant grant = codes.remove(form.getOrDefault("code", ""));
        if (grant == null || !expectedBasic.equals(exchange.getRequestHeaders().getFirst("Authorization"))
                || form.get("code_verifier") == null
                || !grant.challenge().equals(FakeOpenShiftOAuth.s256(form.get("code_verifier")))) {
            respond(exchange, 400, "{\"error\":\"invalid_grant\"}");
            return;
        }
        String idToken = Jwt.issuer(issuer()).audience(CLIENT_ID).subject("sub-" + grant.user())
                .claim("preferred_username", grant.user())
                .claim("name", grant.user() + " Example")
                .claim("email", grant.user() + "@example.com")
                .claim(GROUPS_CLAIM, grant.groups())
                .expiresIn(300)
                .jws().keyId("test-key").sign(keys.getPrivate());
        respond(exchange, 200, """
                {"access_token":"opaque-%s","token_type":"Bearer","expires_in":300,"id_token":"%s"}"""
                .formatted(UUID.randomUUID(), idToken));
    }

    private void jwks(HttpExchange exchange) throws IOException {
        RSAPublicKey key = (RSAPublicKey) keys.getPublic();
        respond(exchange, 200, """
                {"keys":[{"kty":"RSA","kid":"test-key","use":"sig","alg":"RS256","n":"%s","e":"%s"}]}"""
                .formatted(base64Url(key.getModulus()), base64Url(key.getPublicExponent())));
    }

    private static String base64Url(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
