package io.llmaas.admin.testing;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A browser without rendering, for REST-level tests: keeps cookies, follows redirects only when told, logs in through
 * the real code flow (portal → OAuth server → callback) and sends the CSRF token the way the portal's pages do.
 */
public final class PortalClient {

    private final URI base;
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient http;

    public PortalClient(URI base) {
        this.base = base;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /**
     * Logs in through the authorization code flow: GET {@code /api/me} → redirect to the OAuth server → its redirect
     * to the callback → the portal's redirect back. Returns the first redirect (to the OAuth server).
     */
    public URI login() {
        HttpResponse<String> start = get("/api/me");
        if (start.statusCode() != 302) {
            throw new IllegalStateException("Expected a redirect to the OAuth server, got " + start.statusCode());
        }
        URI authorize = URI.create(start.headers().firstValue("Location").orElseThrow());
        HttpResponse<String> granted = send(HttpRequest.newBuilder(authorize).GET());
        URI callback = URI.create(granted.headers().firstValue("Location").orElseThrow(
                () -> new IllegalStateException("The OAuth server did not redirect back: " + granted.statusCode())));
        HttpResponse<String> done = send(HttpRequest.newBuilder(callback).GET());
        if (done.statusCode() != 302) {
            throw new IllegalStateException("Login did not complete: " + done.statusCode() + " " + done.body());
        }
        get("/api/me");
        return authorize;
    }

    /**
     * Logs in through the portal's dev OAuth server as {@code user} with {@code groups}: the portal's redirect to its
     * login page, the page's form posted as a person would, the callback, the portal's redirect back.
     */
    public void loginWithDevOAuth(String user, List<String> groups) {
        HttpResponse<String> start = get("/api/me");
        if (start.statusCode() != 302) {
            throw new IllegalStateException("Expected a redirect to the dev OAuth server, got " + start.statusCode());
        }
        URI authorize = base.resolve(start.headers().firstValue("Location").orElseThrow());
        StringBuilder form = new StringBuilder(authorize.getRawQuery());
        form.append("&username=").append(URLEncoder.encode(user, StandardCharsets.UTF_8));
        groups.forEach(group -> form.append("&group=").append(URLEncoder.encode(group, StandardCharsets.UTF_8)));
        HttpResponse<String> granted = send(HttpRequest.newBuilder(authorize)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())));
        URI callback = URI.create(granted.headers().firstValue("Location").orElseThrow(
                () -> new IllegalStateException("The dev OAuth server did not redirect back: " + granted.statusCode()
                        + " " + granted.body())));
        HttpResponse<String> done = send(HttpRequest.newBuilder(callback).GET());
        if (done.statusCode() != 302) {
            throw new IllegalStateException("Login did not complete: " + done.statusCode() + " " + done.body());
        }
        get("/api/me");
    }

    /** A form as a page posts it: the CSRF token in the {@code csrf-token} field. */
    public HttpResponse<String> postForm(String path, String form) {
        String token = csrfToken().orElseThrow();
        String body = (form == null || form.isEmpty() ? "" : form + "&") + "csrf-token="
                + URLEncoder.encode(token, StandardCharsets.UTF_8);
        return send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** The same form as htmx sends it: the token in the {@code X-CSRF-TOKEN} header, marked as an htmx request. */
    public HttpResponse<String> postFormWithHtmx(String path, String form) {
        return send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("HX-Request", "true")
                .header("X-CSRF-TOKEN", csrfToken().orElseThrow())
                .POST(HttpRequest.BodyPublishers.ofString(form == null ? "" : form)));
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    public HttpResponse<String> getHtml(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Accept", "text/html").GET());
    }

    /** A state-changing request carrying the CSRF token in the header, as htmx does. */
    public HttpResponse<String> send(String method, String path, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        csrfToken().ifPresent(token -> request.header("X-CSRF-TOKEN", token));
        return send(request);
    }

    /** A state-changing request without any CSRF token. */
    public HttpResponse<String> sendWithoutCsrf(String method, String path, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request);
    }

    public HttpResponse<String> send(HttpRequest.Builder request, Map<String, String> headers) {
        headers.forEach(request::header);
        return send(request);
    }

    /** The CSRF token the portal put in its cookie (a page GET sets it). */
    public Optional<String> csrfToken() {
        if (cookie("csrf-token").isEmpty()) {
            get("/api/me");
        }
        return cookie("csrf-token");
    }

    public Optional<String> cookie(String name) {
        List<HttpCookie> all = cookies.getCookieStore().getCookies();
        return all.stream().filter(c -> c.getName().equals(name)).map(HttpCookie::getValue).findFirst();
    }

    public void forgetCookies() {
        cookies.getCookieStore().removeAll();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
