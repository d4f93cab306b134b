/**
 * Decoders that turn cloud audit records into {@link io.tfdrift.api.AuditEvent}s: AWS CloudTrail
 * ({@link io.tfdrift.core.decode.CloudTrailDecoder}), GCP Cloud Audit Logs ({@link
 * io.tfdrift.core.decode.GcpAuditDecoder}), the file reader that detects a file's layout and hands
 * each record to the first accepting format ({@link io.tfdrift.core.decode.AuditFileReader}), and
 * the audit formats core registers ({@code cloudtrail}, {@code eventbridge}, {@code gcp-audit}).
 * JSON is read and written by {@link io.tfdrift.core.json.JsonTrees}.
 */
package io.tfdrift.core.decode;
