/**
 * Source {@code kafka}: audit records (CloudTrail, EventBridge, GCP audit log entries, or any
 * installed {@link io.tfdrift.api.spi.AuditFormat}) read from Kafka topics by a consumer group,
 * with offsets committed only after each message's events were processed ({@link
 * io.tfdrift.api.spi.EventSink#submit}). Setup and keys: {@code docs/sources.md}.
 */
package io.tfdrift.source.kafka;
