package io.tfdrift.core.internal.archfixture;

/** Something in an internal package. */
public final class InternalThing {}
