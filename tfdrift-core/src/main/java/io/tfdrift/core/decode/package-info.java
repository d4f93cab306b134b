/**
 * Decoders that turn cloud audit records into {@link io.tfdrift.api.AuditEvent}s: AWS CloudTrail
 * ({@link io.tfdrift.core.decode.CloudTrailDecoder}), GCP Cloud Audit Logs ({@link
 * io.tfdrift.core.decode.GcpAuditDecoder}), the file reader that detects a file's layout and hands
 * each record to the first accepting decoder ({@link io.tfdrift.core.decode.AuditFileReader}), and
 * the JSON tree reader they all share ({@link io.tfdrift.core.decode.JsonTrees}, {@link
 * io.tfdrift.core.decode.JsonPath}).
 */
package io.tfdrift.core.decode;
