package io.github.covidxray.train;

import io.github.covidxray.data.ImageDataset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Small, clearly separable image sets for training tests: class {@code a} shows a bright disc, class
 * {@code b} only the noisy dark background. Position and size of the disc vary a little.
 */
public final class SyntheticSets {
  public static final List<String> CLASSES = List.of("a", "b");

  private SyntheticSets() {}

  public static ImageDataset discVersusBackground(int perClass, int size, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<byte[]> pixels = new ArrayList<>();
    List<Path> sources = new ArrayList<>();
    int[] labels = new int[2 * perClass];
    for (int i = 0; i < 2 * perClass; i++) {
      int label = i % 2;
      labels[i] = label;
      byte[] image = new byte[size * size * 3];
      int centreX = size / 2 + random.nextInt(-size / 8, size / 8 + 1);
      int centreY = size / 2 + random.nextInt(-size / 8, size / 8 + 1);
      int radius = label == 0 ? size / 4 + random.nextInt(0, size / 8 + 1) : 0;
      for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
          int dx = x - centreX;
          int dy = y - centreY;
          int value = dx * dx + dy * dy < radius * radius ? 220 : 30;
          value += random.nextInt(-20, 21);
          for (int c = 0; c < 3; c++) {
            image[(y * size + x) * 3 + c] = (byte) Math.max(0, Math.min(255, value));
          }
        }
      }
      pixels.add(image);
      sources.add(Path.of("synthetic-" + i + ".png"));
    }
    return ImageDataset.of(CLASSES, size, pixels, labels, sources);
  }
}
