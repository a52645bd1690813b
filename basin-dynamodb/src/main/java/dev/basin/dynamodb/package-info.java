/** Amazon DynamoDB (issue: dynamodb). */
package dev.basin.dynamodb;
