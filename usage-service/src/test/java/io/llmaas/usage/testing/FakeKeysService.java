package io.llmaas.usage.testing;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.llmaas.contracts.internal.InternalApi;
import io.llmaas.contracts.internal.KeyPrincipal;
import io.llmaas.contracts.internal.KeyVerifyRequest;
import io.llmaas.contracts.internal.LedgerReport;
import io.llmaas.contracts.internal.SpendSettlement;

/**
 * A real HTTP server playing keys-service's internal API: {@code POST /internal/spend} (idempotent by batch id, its
 * ledger is the sum of accepted settlements), {@code GET /internal/ledger}, {@code POST /internal/keys/verify}. Tests
 * make it fail the next N settlements, plant ledger differences and script the crossings it answers.
 */
public final class FakeKeysService {

    public static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final HttpServer server;
    private final String token;
    private final AtomicInteger failNext = new AtomicInteger();
    private final AtomicInteger spendCalls = new AtomicInteger();
    private final Map<String, SpendSettlement> accepted = new ConcurrentHashMap<>();
    private final List<SpendSettlement> received = new CopyOnWriteArrayList<>();
    private final List<LedgerReport.Row> planted = new CopyOnWriteArrayList<>();
    private final Map<String, KeyPrincipal> keysByHash = new ConcurrentHashMap<>();
    private volatile Function<SpendSettlement, List<SpendSettlement.BudgetCrossing>> crossings = s -> List.of();

    FakeKeysService(String token) throws IOException {
        this.token = token;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext(InternalApi.KEYS_SPEND, this::spend);
        server.createContext(InternalApi.KEYS_LEDGER, this::ledger);
        server.createContext(InternalApi.KEYS_VERIFY, this::verify);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void stop() {
        server.stop(0);
    }

    public void reset() {
        failNext.set(0);
        spendCalls.set(0);
        accepted.clear();
        received.clear();
        planted.clear();
        keysByHash.clear();
        crossings = s -> List.of();
    }

    /** The next {@code n} settlement calls answer 503. */
    public void failNextSettlements(int n) {
        failNext.set(n);
    }

    public void answerCrossings(Function<SpendSettlement, List<SpendSettlement.BudgetCrossing>> answer) {
        this.crossings = answer;
    }

    public void plantLedgerRow(String keyId, LocalDate day, BigDecimal costUsd, long requests) {
        planted.add(new LedgerReport.Row(keyId, day.atStartOfDay(ZoneOffset.UTC).toInstant(), costUsd, requests));
    }

    public void knowKey(String keyHash, String keyId) {
        keysByHash.put(keyHash, new KeyPrincipal(keyId, keyHash, "sk-…", null, null, null,
                KeyPrincipal.KeyStatus.ACTIVE, null, List.of(), List.of(), null, Map.of(), null, null, false,
                List.of(), Map.of()));
    }

    /** Settlements accepted, one per batch id. */
    public List<SpendSettlement> accepted() {
        return new ArrayList<>(accepted.values());
    }

    /** Every settlement body that reached the server, accepted or not, repeats included. */
    public List<SpendSettlement> received() {
        return new ArrayList<>(received);
    }

    public int spendCalls() {
        return spendCalls.get();
    }

    private void spend(HttpExchange exchange) throws IOException {
        if (!authorized(exchange)) {
            return;
        }
        spendCalls.incrementAndGet();
        SpendSettlement settlement = JSON.readValue(body(exchange), SpendSettlement.class);
        received.add(settlement);
        if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            respond(exchange, 503, Map.of("error", Map.of("message", "keys-service is down (fake)")));
            return;
        }
        boolean fresh = accepted.putIfAbsent(settlement.batchId(), settlement) == null;
        List<SpendSettlement.BudgetCrossing> answer = fresh ? crossings.apply(settlement) : List.of();
        respond(exchange, 200, new SpendSettlement.Result(answer));
    }

    private void ledger(HttpExchange exchange) throws IOException {
        if (!authorized(exchange)) {
            return;
        }
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        Instant from = Instant.parse(query.get("from"));
        Instant to = Instant.parse(query.get("to"));
        Map<String, LedgerReport.Row> rows = new ConcurrentHashMap<>();
        List<LedgerReport.Row> all = new ArrayList<>(planted);
        for (SpendSettlement s : accepted.values()) {
            for (SpendSettlement.Entry e : s.entries()) {
                Instant day = LocalDate.ofInstant(e.hour(), ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
                all.add(new LedgerReport.Row(e.keyId(), day, e.costUsd(), e.requests()));
            }
        }
        for (LedgerReport.Row r : all) {
            if (r.day().isBefore(from) || !r.day().isBefore(to)) {
                continue;
            }
            rows.merge(r.keyId() + "|" + r.day(), r, (a, b) -> new LedgerReport.Row(a.keyId(), a.day(),
                    a.costUsd().add(b.costUsd()), a.requests() + b.requests()));
        }
        respond(exchange, 200, new LedgerReport(from, to, new ArrayList<>(rows.values())));
    }

    private void verify(HttpExchange exchange) throws IOException {
        if (!authorized(exchange)) {
            return;
        }
        KeyVerifyRequest request = JSON.readValue(body(exchange), KeyVerifyRequest.class);
        KeyPrincipal key = keysByHash.get(request.keyHash());
        if (key == null) {
            respond(exchange, 404, Map.of("error", Map.of("message", "unknown key")));
        } else {
            respond(exchange, 200, key);
        }
    }

    private boolean authorized(HttpExchange exchange) throws IOException {
        if (!("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            respond(exchange, 401, Map.of("error", Map.of("message", "bad service token")));
            return false;
        }
        return true;
    }

    static byte[] body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return in.readAllBytes();
        }
    }

    static void respond(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    static Map<String, String> query(String raw) {
        Map<String, String> params = new ConcurrentHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                params.put(pair.substring(0, eq), java.net.URLDecoder.decode(pair.substring(eq + 1),
                        StandardCharsets.UTF_8));
            }
        }
        return params;
    }
}
