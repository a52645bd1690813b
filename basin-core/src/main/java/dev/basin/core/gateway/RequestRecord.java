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
 * @param serviceModel the service's model, or null when none matched
 * @param operationModel the operation's model, or null when none was resolved
 * @param input the decoded input in the value form, or null when decoding did not happen; it may
 *     hold secrets and streaming bodies: listeners that keep it must redact by the model's {@code
 *     sensitive} shapes and skip payloads
 * @param output the handler's output, or null (failed requests, operations without output)
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
    Caller caller,
    dev.basin.core.model.ServiceModel serviceModel,
    dev.basin.core.model.OperationModel operationModel,
    com.fasterxml.jackson.databind.JsonNode input,
    com.fasterxml.jackson.databind.JsonNode output) {}
