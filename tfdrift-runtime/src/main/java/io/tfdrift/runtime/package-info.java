/** The {@code tfdrift} command and daemon: it assembles the modules below it. */
package io.tfdrift.runtime;
