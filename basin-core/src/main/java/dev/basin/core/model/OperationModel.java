package dev.basin.core.model;

import java.util.List;

/**
 * An operation of a service model.
 *
 * @param name the operation name, e.g. {@code DescribeRegions}
 * @param httpMethod the HTTP method of the rest protocols
 * @param requestUri the request URI template of the rest protocols, e.g. {@code /{Bucket}/{Key+}}
 * @param responseCode the success status, 200 unless the model says otherwise
 * @param input the input structure, or null
 * @param output the output structure, or null
 * @param resultWrapper the query protocol's result element name, or null
 * @param errors the exception shapes the operation declares
 */
public record OperationModel(
    String name,
    String httpMethod,
    String requestUri,
    int responseCode,
    Shape input,
    Shape output,
    String resultWrapper,
    List<Shape> errors) {}
