/**
 * Implementation shared by several packages and not part of the API (the module does not export it):
 * atomic file writes ({@link io.github.covidxray.internal.AtomicFiles}), a small RFC 4180 CSV reader
 * and writer, and file hashing. It may change in any release.
 */
package io.github.covidxray.internal;
