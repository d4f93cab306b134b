package io.tfdrift.state.aws.archfixture;

/** Something in the AWS state module. */
public final class AwsThing {}
