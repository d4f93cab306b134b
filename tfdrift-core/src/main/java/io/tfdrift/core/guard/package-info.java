/**
 * The guards around calls into providers at run time (STYLE rule 13): {@link
 * io.tfdrift.core.guard.LogThrottle}, so that a failure repeating thousands of times is logged at
 * warn only for its first occurrences.
 */
package io.tfdrift.core.guard;
