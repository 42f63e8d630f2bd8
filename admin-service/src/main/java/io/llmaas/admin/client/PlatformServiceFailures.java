package io.llmaas.admin.client;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.jboss.logging.Logger;

import io.llmaas.contracts.error.ApiException;

/**
 * Outside the fault-tolerance interceptors (a lower priority runs first), so it sees what is left after timeouts,
 * retries and circuit breakers: a failed call to another service becomes one clear 503 for the page to show, and one
 * warning in the log. Refusals of the request ({@link ApiException}) pass unchanged.
 */
@PlatformService("")
@Interceptor
@Priority(Interceptor.Priority.APPLICATION)
public class PlatformServiceFailures {

    private static final Logger LOG = Logger.getLogger(PlatformServiceFailures.class);

    @AroundInvoke
    Object translate(InvocationContext invocation) throws Exception {
        try {
            return invocation.proceed();
        } catch (FaultToleranceException | ProcessingException | ServiceFailure | WebApplicationException e) {
            String service = service(invocation);
            LOG.warnf("%s.%s failed: %s", service, invocation.getMethod().getName(), describe(e));
            throw ApiException.unavailable(service + " is not answering right now, so this part of the portal "
                    + "cannot be shown or changed. Try again in a moment; your keys keep working at the gateway.");
        }
    }

    private static String service(InvocationContext invocation) {
        PlatformService binding = invocation.getMethod().getDeclaringClass().getAnnotation(PlatformService.class);
        return binding == null ? "A platform service" : binding.value();
    }

    private static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null && text.length() < 300; t = t.getCause() == t ? null : t.getCause()) {
            text.append(text.length() == 0 ? "" : " <- ").append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                text.append(": ").append(t.getMessage());
            }
        }
        return text.toString();
    }
}
