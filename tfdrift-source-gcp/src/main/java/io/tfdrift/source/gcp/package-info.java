/**
 * Source {@code gcp-pubsub}: GCP Cloud Audit Logs read from a Pub/Sub subscription that a Cloud
 * Logging sink feeds. Each message is one audit {@code LogEntry}, decoded exactly as a replayed
 * file is ({@link io.tfdrift.core.decode.GcpAuditDecoder}).
 */
package io.tfdrift.source.gcp;
