/** AWS CloudTrail (issue: iam, which groups IAM, STS and CloudTrail). */
package dev.basin.cloudtrail;
