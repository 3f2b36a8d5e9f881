/**
 * Charts written as PNG files (XChart, rendered off-screen; no display needed). Kept apart from
 * {@code train} and {@code metrics} so that those packages do not depend on AWT or a charting library.
 */
package io.github.covidxray.plot;

