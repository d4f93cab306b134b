/**
 * The {@code falco-http} event source: a receiver for Falco's {@code http_output} ({@code POST
 * /api/v1/falco/events}), on the JDK's HTTP server.
 */
package io.tfdrift.falco.http;
