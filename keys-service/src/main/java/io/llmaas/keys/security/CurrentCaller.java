package io.llmaas.keys.security;

import jakarta.enterprise.context.RequestScoped;

import io.llmaas.contracts.error.ApiException;

/** The {@link Caller} of the current request, set by {@link CallerFilter}. */
@RequestScoped
public class CurrentCaller {

    private Caller caller;

    void set(Caller caller) {
        this.caller = caller;
    }

    public Caller get() {
        if (caller == null) {
            throw ApiException.unauthorized("Authentication required");
        }
        return caller;
    }

    /** The caller if the request carried management credentials, else null (public endpoints). */
    public Caller orNull() {
        return caller;
    }
}
