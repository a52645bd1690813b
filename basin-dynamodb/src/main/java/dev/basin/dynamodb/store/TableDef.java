package dev.basin.dynamodb.store;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A stored table.
 *
 * @param id the store's internal id, which item rows reference
 * @param definition what CreateTable and later updates set, in the value form of a {@code
 *     TableDescription} subset: {@code AttributeDefinitions}, {@code KeySchema}, {@code
 *     BillingMode}, {@code ProvisionedThroughput}, {@code TableId}, {@code Tags}, {@code
 *     TimeToLive}; owned by the caller once returned (a fresh copy per read)
 * @param createdMillis creation time on Basin's clock
 */
public record TableDef(
    long id, String name, KeySchema key, ObjectNode definition, long createdMillis) {}
