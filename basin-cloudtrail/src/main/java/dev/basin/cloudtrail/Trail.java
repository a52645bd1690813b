package dev.basin.cloudtrail;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A trail: where it delivers, what it selects, and its logging state.
 *
 * @param name the trail's name, unique in its account and home region
 * @param accountId the owning account
 * @param homeRegion the region it was created in
 * @param bucket the S3 bucket it delivers to
 * @param keyPrefix the key prefix of its log files, or null
 * @param includeGlobalServiceEvents whether events of global services (IAM, STS) are delivered
 * @param multiRegion whether events of every region are delivered, not only the home region's
 * @param logFileValidation stored and reported; Basin writes no digest files
 * @param snsTopicName stored and reported; Basin sends no notifications
 * @param kmsKeyId stored and reported; Basin does not encrypt log files
 * @param selectors {@code {"EventSelectors":[...]}} or {@code {"AdvancedEventSelectors":[...]}} in
 *     the API's form, or null for the default (all management events, no data events)
 * @param logging whether it is delivering
 * @param startedLogging when logging last started, or null
 * @param stoppedLogging when logging last stopped, or null
 * @param cursor the sequence number of the last event considered for delivery
 * @param lastDelivery when a log file was last delivered, or null
 * @param lastDeliveryAttempt when delivery was last attempted, or null
 * @param deliveryError the error of the last failed delivery, or null
 */
record Trail(
    String name,
    String accountId,
    String homeRegion,
    String bucket,
    String keyPrefix,
    boolean includeGlobalServiceEvents,
    boolean multiRegion,
    boolean logFileValidation,
    String snsTopicName,
    String kmsKeyId,
    JsonNode selectors,
    boolean logging,
    Instant startedLogging,
    Instant stoppedLogging,
    long cursor,
    Instant lastDelivery,
    Instant lastDeliveryAttempt,
    String deliveryError) {

  String arn() {
    return "arn:aws:cloudtrail:" + homeRegion + ":" + accountId + ":trail/" + name;
  }
}
