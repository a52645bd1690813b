package dev.basin.dynamodb.store;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One stored item.
 *
 * @param size the item's size as DynamoDB counts it ({@code AttributeValues.itemSize})
 */
public record ItemRow(byte[] hashKey, byte[] rangeKey, ObjectNode item, long size) {}
