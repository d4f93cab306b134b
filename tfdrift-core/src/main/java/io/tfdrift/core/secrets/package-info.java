/** The built-in secret schemes {@code env} and {@code file}. */
package io.tfdrift.core.secrets;
