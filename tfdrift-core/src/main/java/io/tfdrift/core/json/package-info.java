/** The public JSON form of {@link io.tfdrift.api.DriftEvent}. */
package io.tfdrift.core.json;
