/**
 * Explanations of a {@link io.github.covidxray.model.VggTransferModel}'s predictions: Grad-CAM heat
 * maps ({@link io.github.covidxray.explain.GradCam}), their overlays and {@code .npy} files, and how
 * much of a map lies outside the lungs ({@link io.github.covidxray.explain.AttentionShares}), a
 * heuristic hint of shortcut learning. A heat map shows where the model's score is sensitive, not why
 * a patient is ill. For research use only.
 */
package io.github.covidxray.explain;
