package io.github.covidxray.explain;

import static org.bytedeco.opencv.global.opencv_core.CV_32FC1;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/** Normalising and resizing heat maps: the steps between the layer's grid and the image. */
final class HeatMaps {

  private HeatMaps() {}

  /**
   * Divides by the maximum, so the map lies in [0, 1]; a map with no positive value (Grad-CAM's ReLU
   * left nothing) becomes all zeros rather than 0/0. Non-finite and negative values count as 0.
   */
  static float[][] normalise(float[][] map) {
    float max = 0;
    for (float[] row : map) {
      for (float v : row) {
        if (Float.isFinite(v) && v > max) {
          max = v;
        }
      }
    }
    float[][] out = new float[map.length][map[0].length];
    if (max > 0) {
      for (int y = 0; y < map.length; y++) {
        for (int x = 0; x < map[y].length; x++) {
          float v = map[y][x];
          out[y][x] = Float.isFinite(v) && v > 0 ? Math.min(1f, v / max) : 0f;
        }
      }
    }
    return out;
  }

  /** OpenCV's bilinear resize ({@code INTER_LINEAR}, half-pixel centres) to width × height. */
  @SuppressWarnings("try")
  static float[][] resizeBilinear(float[][] map, int width, int height) {
    int h = map.length;
    int w = map[0].length;
    float[] flat = new float[h * w];
    for (int y = 0; y < h; y++) {
      System.arraycopy(map[y], 0, flat, y * w, w);
    }
    float[] resized = new float[width * height];
    try (PointerScope scope = new PointerScope()) {
      Mat source = new Mat(h, w, CV_32FC1);
      new FloatPointer(source.data()).put(flat);
      Mat target = new Mat();
      resize(source, target, new Size(width, height), 0, 0, INTER_LINEAR);
      Mat continuous = target.isContinuous() ? target : target.clone();
      new FloatPointer(continuous.data()).get(resized);
    }
    float[][] out = new float[height][width];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        out[y][x] = Math.max(0f, Math.min(1f, resized[y * width + x]));
      }
    }
    return out;
  }
}
