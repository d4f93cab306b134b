/**
 * Table-driven mapping of cloud calls to Terraform resources: YAML tables per service under {@code
 * io/tfdrift/core/mapping/<provider>/}, compiled paths, id templates, value shapers, and the
 * built-in {@code aws} and {@code gcp} mappers.
 */
package io.tfdrift.core.mapping;
