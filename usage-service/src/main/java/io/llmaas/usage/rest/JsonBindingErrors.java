package io.llmaas.usage.rest;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.llmaas.contracts.error.ApiExceptionMappers;

/**
 * A body value of the wrong type (e.g. a timestamp that is not ISO-8601) raises a {@link MismatchedInputException},
 * for which Quarkus REST ships a more specific mapper than the shared {@code JsonProcessingException} one; this routes
 * it back to the shared error shape.
 */
public class JsonBindingErrors {

    private final ApiExceptionMappers shared = new ApiExceptionMappers();

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return shared.unreadableJson(e);
    }
}
