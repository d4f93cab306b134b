/**
 * The drift inventory: drifts keyed by what drifted, with a status, their occurrences, their
 * resolution and the notifications waiting to be delivered. The core decides every change; a {@link
 * io.tfdrift.api.spi.DriftStore} keeps it.
 *
 * @since 0.1.0
 */
package io.tfdrift.api.inventory;
