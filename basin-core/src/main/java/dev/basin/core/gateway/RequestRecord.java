package dev.basin.core.gateway;

import dev.basin.core.auth.Caller;
import java.time.Instant;

/**
 * What the gateway knows about a finished request, handed to every {@link RequestListener}: the
 * access log, the metrics kept for CloudWatch, and (later) CloudTrail.
 *
 * @param service the service's model id, or {@code -} when none matched
 * @param operation the operation name, or {@code -} when none was resolved
 * @param errorCode the AWS error code of a failed request, or null
 * @param errorMessage its message, or null
 * @param latencyNanos time from the request's arrival to the response being handed to the server
 * @param caller who made the request (null when authentication failed before identifying them)
 */
public record RequestRecord(
    String requestId,
    Instant time,
    String service,
    String operation,
    String region,
    int status,
    String errorCode,
    String errorMessage,
    long latencyNanos,
    String remoteAddress,
    String userAgent,
    String accessKeyId,
    Caller caller) {}
