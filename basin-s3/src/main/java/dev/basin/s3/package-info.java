/** Amazon S3 (issue: s3). */
package dev.basin.s3;
