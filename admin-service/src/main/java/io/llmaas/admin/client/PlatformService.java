package io.llmaas.admin.client;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;

/**
 * Marks a client bean of another platform service: a call that finally fails (no answer, timeout, open circuit,
 * {@link ServiceFailure}) reaches the portal as a 503 naming that service ({@link PlatformServiceFailures}).
 */
@InterceptorBinding
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
public @interface PlatformService {

    /** The service's name as people read it, e.g. {@code keys-service}. */
    @Nonbinding
    String value();
}
