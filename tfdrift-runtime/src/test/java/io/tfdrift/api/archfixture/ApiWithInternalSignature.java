package io.tfdrift.api.archfixture;

import io.tfdrift.core.internal.archfixture.InternalThing;

/** A leak: an internal type in a public API signature. */
public final class ApiWithInternalSignature {
  /**
   * Returns an internal type.
   *
   * @return the internal thing
   */
  public InternalThing leak() {
    return new InternalThing();
  }
}
