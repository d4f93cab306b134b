/**
 * The TFDrift model: immutable values that flow through the pipeline ({@link
 * io.tfdrift.api.AuditEvent} in, {@link io.tfdrift.api.DriftEvent} out), typed component
 * configuration and the exceptions that cross module boundaries.
 *
 * <p>This module depends on the JDK only. Everything public here is a compatibility promise.
 *
 * @since 0.1.0
 */
package io.tfdrift.api;
