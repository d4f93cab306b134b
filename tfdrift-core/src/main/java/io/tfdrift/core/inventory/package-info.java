/**
 * The drift inventory's decisions: which drift a detection belongs to ({@link
 * io.tfdrift.core.inventory.DriftKeys}), and how a drift's record changes when it is seen again,
 * escalates, is acknowledged or resolved ({@link io.tfdrift.core.inventory.Lifecycle}). It never
 * talks SQL: a {@link io.tfdrift.api.spi.DriftStore} applies each decision atomically.
 */
package io.tfdrift.core.inventory;
