/**
 * Source {@code aws-sqs}: CloudTrail records read from an SQS queue, delivered there by an
 * EventBridge rule ({@code AWS API Call via CloudTrail}, optionally through SNS) or by S3 event
 * notifications of CloudTrail log files. Every record is decoded exactly as a replayed file is
 * ({@link io.tfdrift.core.decode.CloudTrailDecoder}, {@link
 * io.tfdrift.core.decode.AuditFileReader}).
 */
package io.tfdrift.source.aws;
