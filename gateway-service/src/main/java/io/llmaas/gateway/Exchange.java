package io.llmaas.gateway;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import io.llmaas.contracts.http.RequestIds;
import io.llmaas.gateway.api.ApiEndpoint;
import io.llmaas.gateway.api.OpenAiRequest;
import io.llmaas.gateway.auth.Principal;
import io.llmaas.gateway.limits.Claims;
import io.llmaas.gateway.metering.StreamedText;
import io.llmaas.gateway.routing.Deployment;
import io.llmaas.gateway.routing.ModelGroup;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * One client request on its way through the {@link RequestPath}: what each step found out (principal, parsed request,
 * model, deployment) and what happened (timing, tokens, status), so that the last step can meter it. It lives on the
 * request's Vert.x context only, so it needs no synchronization.
 */
public final class Exchange {

    /** The status metered for a request whose client went away before the answer ended (nginx's convention). */
    public static final int CLIENT_CLOSED_REQUEST = 499;

    private final RoutingContext http;
    private final ApiEndpoint endpoint;
    private final String requestId;
    private final long startNanos = System.nanoTime();
    private final long startEpochMillis = System.currentTimeMillis();
    private final long createdEpochSecond = startEpochMillis / 1000;

    private Principal principal;
    private OpenAiRequest request;
    private ModelGroup model;
    private ModelGroup servedModel;
    private Deployment deployment;
    private List<Deployment> failedDeployments;
    private int attempts;
    private boolean holdsDeployment;

    private long upstreamStartNanos;
    private long upstreamFirstByteNanos;
    private long upstreamEndNanos;
    private long firstChunkNanos;
    private long promptTokens = -1;
    private long completionTokens = -1;
    private boolean tokensEstimated;
    private BigDecimal costUsd = BigDecimal.ZERO;
    private long costNanos;
    private StreamedText streamedText;
    private Buffer answerBody;

    private Claims claims;
    private Object budgetReservation;
    private String budgetLeaseId;

    private int status;
    private String errorType;
    private String retryAfter;
    private boolean clientGone;
    private Runnable cancelUpstream;

    public Exchange(RoutingContext http, ApiEndpoint endpoint) {
        this.http = http;
        this.endpoint = endpoint;
        String id = http.get(RequestIds.MDC_KEY);
        this.requestId = id != null ? id : RequestIds.generate();
        http.response().closeHandler(closed -> clientWentAway());
    }

    public HttpServerRequest request() {
        return http.request();
    }

    public HttpServerResponse response() {
        return http.response();
    }

    public ApiEndpoint endpoint() {
        return endpoint;
    }

    public String requestId() {
        return requestId;
    }

    public long startNanos() {
        return startNanos;
    }

    /** When the request arrived, for its usage event. */
    public long startEpochMillis() {
        return startEpochMillis;
    }

    /** The {@code created} timestamp of answers the gateway builds itself (translated or mock). */
    public long createdEpochSecond() {
        return createdEpochSecond;
    }

    // ---- Authenticate

    public Principal principal() {
        return principal;
    }

    public void principal(Principal principal) {
        this.principal = principal;
    }

    // ---- the parsed body

    public OpenAiRequest openAiRequest() {
        return request;
    }

    public void openAiRequest(OpenAiRequest request) {
        this.request = request;
    }

    /** Estimated prompt tokens of the body (for reservations), 0 before it was read. */
    public long promptTokenEstimate() {
        return request == null ? 0 : request.promptTokenEstimate();
    }

    /** The most completion tokens the request may generate: its max_tokens, else {@code defaultMaxTokens}. */
    public long completionTokenBound(int defaultMaxTokens) {
        if (!endpoint.generates()) {
            return 0;
        }
        return request != null && request.maxTokens() >= 0 ? request.maxTokens() : defaultMaxTokens;
    }

    /** The tokens a TPM limit reserves for the request: prompt estimate plus completion bound. */
    public long estimatedTokens(int defaultMaxTokens) {
        return promptTokenEstimate() + completionTokenBound(defaultMaxTokens);
    }

    // ---- Limit and Reserve budget

    /** What the request took from local rate-limit slices; null when none. */
    public Claims claims() {
        return claims;
    }

    public void claims(Claims claims) {
        this.claims = claims;
    }

    /** The budget reservation the request holds until it is settled; null when none. */
    public Object budgetReservation() {
        return budgetReservation;
    }

    public void budgetReservation(Object reservation, String leaseId) {
        this.budgetReservation = reservation;
        this.budgetLeaseId = leaseId;
    }

    /** The BUDGET lease the request reserved from, for its usage event; null when no budget applied. */
    public String budgetLeaseId() {
        return budgetLeaseId;
    }

    // ---- Route

    /** The model the client asked for; null until routing found it. */
    public ModelGroup model() {
        return model;
    }

    public void model(ModelGroup model) {
        this.model = model;
        this.servedModel = model;
    }

    /** The model serving the request: the one asked for, or a fallback of it. */
    public ModelGroup servedModel() {
        return servedModel;
    }

    public void servedModel(ModelGroup servedModel) {
        this.servedModel = servedModel;
    }

    /** The deployment of the current or last attempt; null when no attempt was made. */
    public Deployment deployment() {
        return deployment;
    }

    public int attempts() {
        return attempts;
    }

    /** Deployments that failed this request: a retry skips them. Null when none did. */
    public List<Deployment> failedDeployments() {
        return failedDeployments;
    }

    /** A new attempt on {@code deployment}. */
    public void attempt(Deployment deployment) {
        this.deployment = deployment;
        this.attempts++;
        this.holdsDeployment = true;
        this.upstreamStartNanos = System.nanoTime();
        this.upstreamFirstByteNanos = 0;
        this.upstreamEndNanos = 0;
    }

    /** The current attempt failed: a retry must skip its deployment. */
    public void attemptFailed() {
        if (failedDeployments == null) {
            failedDeployments = new ArrayList<>(2);
        }
        failedDeployments.add(deployment);
        holdsDeployment = false;
    }

    /** The deployment whose answer this request got and still holds, once; null after that or when none did. */
    public Deployment releaseDeployment() {
        if (!holdsDeployment) {
            return null;
        }
        holdsDeployment = false;
        return deployment;
    }

    // ---- Proxy

    public void upstreamFirstByte() {
        if (upstreamFirstByteNanos == 0) {
            upstreamFirstByteNanos = System.nanoTime();
        }
    }

    public void upstreamEnded() {
        if (upstreamEndNanos == 0) {
            upstreamEndNanos = System.nanoTime();
        }
    }

    public long upstreamStartNanos() {
        return upstreamStartNanos;
    }

    /** When the model server's answer started (0: it did not). */
    public long upstreamFirstByteNanos() {
        return upstreamFirstByteNanos;
    }

    /** When the model server's answer ended (0: it did not). */
    public long upstreamEndNanos() {
        return upstreamEndNanos;
    }

    /** The first chunk of a streamed answer is ready for the client: the time to first token. */
    public void firstChunk() {
        if (firstChunkNanos == 0) {
            firstChunkNanos = System.nanoTime();
        }
    }

    public long firstChunkNanos() {
        return firstChunkNanos;
    }

    /** Token counts as the backend reported them; a negative count is unknown. */
    public void usage(long promptTokens, long completionTokens) {
        this.promptTokens = promptTokens;
        this.completionTokens = completionTokens;
    }

    public long promptTokens() {
        return promptTokens;
    }

    public long completionTokens() {
        return completionTokens;
    }

    /** The final counts of the request, estimated ones included, and what they cost. */
    public void metered(long promptTokens, long completionTokens, boolean estimated, BigDecimal costUsd,
            long costNanos) {
        this.promptTokens = promptTokens;
        this.completionTokens = completionTokens;
        this.tokensEstimated = estimated;
        this.costUsd = costUsd;
        this.costNanos = costNanos;
    }

    /** Whether the gateway counted (some of) the tokens itself because the backend did not report them. */
    public boolean tokensEstimated() {
        return tokensEstimated;
    }

    public BigDecimal costUsd() {
        return costUsd;
    }

    public long costNanos() {
        return costNanos;
    }

    /** Stream events as sent to the client, kept (bounded) to count what was streamed when no usage comes. */
    public void streamed(Buffer events) {
        if (streamedText == null) {
            streamedText = new StreamedText();
        }
        streamedText.add(events);
    }

    /** What was streamed to the client; null when nothing was. */
    public StreamedText streamedText() {
        return streamedText;
    }

    /** A complete answer as sent to the client. */
    public void answerBody(Buffer body) {
        this.answerBody = body;
    }

    public Buffer answerBody() {
        return answerBody;
    }

    /** What to do to the upstream call in progress when the client goes away; null when there is none. */
    public void onClientGone(Runnable cancelUpstream) {
        this.cancelUpstream = cancelUpstream;
    }

    public boolean clientGone() {
        return clientGone;
    }

    /** The client's connection closed before its answer ended: cancels the upstream call in progress. */
    public void clientWentAway() {
        if (clientGone || http.response().ended()) {
            return;
        }
        clientGone = true;
        Runnable cancel = cancelUpstream;
        cancelUpstream = null;
        if (cancel != null) {
            cancel.run();
        }
    }

    // ---- the outcome

    public int status() {
        return clientGone ? CLIENT_CLOSED_REQUEST : status;
    }

    public void status(int status) {
        this.status = status;
    }

    /** The error type the client got, null on success. */
    public String errorType() {
        return errorType;
    }

    public void errorType(String errorType) {
        this.errorType = errorType;
    }

    /** An upstream's Retry-After, passed on with its 429 or 503. */
    public String retryAfter() {
        return retryAfter;
    }

    public void retryAfter(String retryAfter) {
        this.retryAfter = retryAfter;
    }
}
