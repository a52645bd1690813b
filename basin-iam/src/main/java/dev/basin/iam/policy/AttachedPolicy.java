package dev.basin.iam.policy;

/**
 * A policy as it takes part in one evaluation.
 *
 * @param name how the decision names it: a managed policy's ARN, {@code user/alice/inline-name},
 *     {@code bucket-policy:my-bucket}; free text for the caller's messages and CloudTrail
 * @param document the parsed document
 */
public record AttachedPolicy(String name, PolicyDocument document) {}
