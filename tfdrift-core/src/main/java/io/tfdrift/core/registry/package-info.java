/** Discovery of providers through {@link java.util.ServiceLoader}, strict about duplicates. */
package io.tfdrift.core.registry;
