/**
 * DynamoDB's expression languages as a pure library: parsing with DynamoDB's validation messages,
 * and evaluation against items in the wire form (see {@link dev.basin.dynamodb.AttributeValues}).
 *
 * <p>Per request:
 *
 * <pre>{@code
 * ExpressionAttributes attrs = ExpressionAttributes.of(input.get("ExpressionAttributeNames"),
 *     input.get("ExpressionAttributeValues"));
 * ConditionExpression condition = ConditionExpression.parse(text, attrs);   // or parseFilter
 * UpdateExpression update = UpdateExpression.parse(updateText, attrs);
 * ProjectionExpression projection = ProjectionExpression.parse(projectionText, attrs);
 * KeyCondition key = KeyCondition.parse(keyText, attrs, "pk", "sk");       // Query
 * attrs.assertAllUsed();                 // after every expression of the request is parsed
 * update.assertKeyNotUpdated(List.of("pk", "sk"));
 * if (!condition.test(oldItem)) { ... ConditionalCheckFailedException ... }
 * ObjectNode newItem = update.apply(oldItem);
 * ObjectNode projected = projection.project(newItem);
 * }</pre>
 *
 * <p>Parsed expressions are immutable and thread safe; {@link
 * dev.basin.dynamodb.expression.ExpressionAttributes} is per request. All errors are {@code
 * AwsException("ValidationException", 400, message)} with DynamoDB's message text. Not covered here
 * (the service's job): "ExpressionAttributeNames can only be specified when using expressions",
 * mixing legacy and expression parameters, key value types against the table schema, and the 400 KB
 * item limit (use {@link dev.basin.dynamodb.AttributeValues#itemSize}).
 */
package dev.basin.dynamodb.expression;
