/**
 * The drift dashboard: static pages (HTML, CSS, JavaScript, no build step, no CDN) served at {@code
 * /ui/} by the daemon's admin server. They read only the public {@code /api/v1} endpoints, so
 * anything the pages show a script can fetch too.
 */
package io.tfdrift.dashboard;
