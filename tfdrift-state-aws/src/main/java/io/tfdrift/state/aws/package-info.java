/**
 * Terraform state in Amazon S3 (state backend {@code s3}) and secrets in AWS Secrets Manager
 * (secret scheme {@code aws-secret}), both on the AWS SDK for Java v2 over the JDK's HTTP client.
 * The public types are the two providers, found by {@link java.util.ServiceLoader}.
 */
package io.tfdrift.state.aws;
