package io.llmaas.admin.client;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;

import org.jboss.logging.MDC;

import io.llmaas.contracts.http.RequestIds;

/**
 * Sends the portal request's id along, so keys- and usage-service log the call, and keys-service's audit records of
 * the change, under the same request id as the portal.
 */
public class RequestIdPropagation implements ClientRequestFilter {

    @Override
    public void filter(ClientRequestContext request) {
        Object requestId = MDC.get(RequestIds.MDC_KEY);
        if (requestId != null && !request.getHeaders().containsKey(RequestIds.HEADER)) {
            request.getHeaders().putSingle(RequestIds.HEADER, requestId.toString());
        }
    }
}
