/**
 * Falco ingestion: alert parsing and decoding into {@link io.tfdrift.api.AuditEvent}s, the shipped
 * Falco rules, and PEM-based TLS shared by the {@code falco-http} receiver ({@link
 * io.tfdrift.falco.http}) and the {@code falco-grpc} client ({@link io.tfdrift.falco.grpc}).
 */
package io.tfdrift.falco;
