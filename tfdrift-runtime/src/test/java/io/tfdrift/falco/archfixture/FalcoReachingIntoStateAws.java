package io.tfdrift.falco.archfixture;

import io.tfdrift.state.aws.archfixture.AwsThing;

/** A forbidden arrow: the Falco module using the AWS state module. */
public final class FalcoReachingIntoStateAws {
  /**
   * Uses the other module.
   *
   * @return its thing
   */
  public AwsThing use() {
    return new AwsThing();
  }
}
