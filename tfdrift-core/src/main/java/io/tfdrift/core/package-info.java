/** The TFDrift engine: {@link io.tfdrift.core.TfDrift} turns audit events into classified drift. */
package io.tfdrift.core;
