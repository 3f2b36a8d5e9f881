package io.github.covidxray.synthetic;

import static io.github.covidxray.synthetic.Canvas.SHIFT;
import static io.github.covidxray.synthetic.Canvas.fixed;
import static org.bytedeco.opencv.global.opencv_core.CV_32SC2;
import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.ellipse;
import static org.bytedeco.opencv.global.opencv_imgproc.fillPoly;
import static org.bytedeco.opencv.global.opencv_imgproc.line;

import java.util.Random;
import java.util.function.Consumer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Paints one synthetic chest radiograph, layer by layer, from a seeded {@link Random}.
 *
 * <p>Anatomy is described in a normalised frame: {@code a} runs across the chest from the midline
 * ({@code -0.5} image left to {@code +0.5} image right), {@code b} down from the top of the image
 * ({@code 0} to {@code 1}); each image shifts, scales and tilts that frame a little. Shapes are drawn
 * with OpenCV into soft masks ({@link Canvas}) and composited in grey levels (0 to 255, floats):
 *
 * <ol>
 *   <li>dark background; a bright body silhouette (torso, shoulders, neck), darker laterally where
 *       the body is thinner; the heart; the mediastinum and spine, brightest;
 *   <li>two dark lung fields (the visible, air-filled parts: the lung outlines minus the heart), a
 *       little brighter near the hila and at the apices, with a fine texture and branching vessels;
 *   <li>posterior rib arcs (clearly visible over the lungs, faint over soft tissue), fainter anterior
 *       ribs, and the clavicles; in some images of either class, soft lower-lateral breast shadows;
 *   <li>{@link SyntheticClass#COVID} only: bilateral, patchy, blurred ground-glass opacities,
 *       biased towards the periphery and the lower zones, sometimes with a diffuse lower-zone haze,
 *       always confined to the lung fields;
 *   <li>a random exposure (gain and offset, larger than the opacities' effect on the image's mean,
 *       so that brightness alone does not give the class away) and quantum noise;
 *   <li>the burned-in label {@value SyntheticXray#LABEL} in the top-left corner.
 * </ol>
 */
final class ChestPainter {

  /** Grey level added by an opacity, at least, for a pixel to count in the opacity mask. */
  static final float OPACITY_THRESHOLD = 8f;

  /** Torso outline, clockwise from the left shoulder, in frame units (a, b); ends below the image. */
  private static final double[][] TORSO_OUTLINE = {
      {-0.36, 0.22}, {-0.415, 0.30}, {-0.435, 0.45}, {-0.43, 0.65}, {-0.42, 0.85}, {-0.41, 1.10},
      {0.41, 1.10}, {0.42, 0.85}, {0.43, 0.65}, {0.435, 0.45}, {0.415, 0.30}, {0.36, 0.22},
  };

  /** Image-left lung outline (patient's right), clockwise from the apex, in frame units (a, b). */
  private static final double[][] LUNG_OUTLINE = {
      {-0.140, 0.145}, {-0.190, 0.165}, {-0.235, 0.215}, {-0.270, 0.290}, {-0.295, 0.380},
      {-0.310, 0.480}, {-0.318, 0.580}, {-0.322, 0.680}, {-0.318, 0.760}, {-0.290, 0.745},
      {-0.250, 0.715}, {-0.200, 0.695}, {-0.150, 0.690}, {-0.100, 0.700}, {-0.065, 0.715},
      {-0.055, 0.620}, {-0.060, 0.520}, {-0.062, 0.420}, {-0.060, 0.320}, {-0.070, 0.240},
      {-0.095, 0.170},
  };

  /** Standard deviation of the sum of four uniform bytes: sqrt(4 (256^2 - 1) / 12). */
  private static final double BYTE_SUM_STD = Math.sqrt(4 * (256.0 * 256.0 - 1) / 12);

  private ChestPainter() {}

  /**
   * Paints image {@code index} of class {@code label}; everything random comes from {@code random}.
   *
   * @return the image with its lung and opacity masks
   */
  @SuppressWarnings("try") // the PointerScope only releases the native buffers made inside it
  static SyntheticXray paint(SyntheticClass label, int index, int width, int height, Random random) {
    try (PointerScope scope = new PointerScope()) {
      return new ChestPainter.Job(label, index, width, height, random).paint();
    }
  }

  /** The per-image placement of the normalised anatomical frame on the pixel grid. */
  private record Frame(double centreX, double centreY, double scaleX, double scaleY, double tiltDegrees,
      int width, int height) {

    double x(double a, double b) {
      double dx = a * scaleX * width;
      double dy = (b - 0.5) * scaleY * height;
      double t = Math.toRadians(tiltDegrees);
      return centreX * width + dx * Math.cos(t) - dy * Math.sin(t);
    }

    double y(double a, double b) {
      double dx = a * scaleX * width;
      double dy = (b - 0.5) * scaleY * height;
      double t = Math.toRadians(tiltDegrees);
      return centreY * height + dx * Math.sin(t) + dy * Math.cos(t);
    }

    /** The frame's {@code b} of pixel row {@code y} (ignoring the small tilt). */
    double b(double y) {
      return (y / height - centreY) / scaleY + 0.5;
    }

    /** The frame's {@code a} of pixel column {@code x} (ignoring the small tilt). */
    double a(double x) {
      return (x / width - centreX) / scaleX;
    }

    Point point(double a, double b) {
      return new Point(fixed(x(a, b)), fixed(y(a, b)));
    }

    Size axes(double ra, double rb) {
      return new Size(fixed(ra * scaleX * width), fixed(rb * scaleY * height));
    }
  }

  /** The state of one painting: the frame, the canvas and the random draws, in a fixed order. */
  private static final class Job {
    private final SyntheticClass label;
    private final int index;
    private final int width;
    private final int height;
    private final int n;
    private final double size;
    private final Random random;
    private final Canvas canvas;
    private final Frame frame;
    /** Full mask value; per job, as a static native object could be released by a caller's scope. */
    private final Scalar white = new Scalar(255.0);

    Job(SyntheticClass label, int index, int width, int height, Random random) {
      this.label = label;
      this.index = index;
      this.width = width;
      this.height = height;
      this.n = width * height;
      this.size = Math.min(width, height);
      this.random = random;
      this.canvas = new Canvas(width, height);
      this.frame = new Frame(0.5 + clamp(0.012 * gaussian(), -0.03, 0.03),
          0.5 + clamp(0.012 * gaussian(), -0.025, 0.025),
          1 + clamp(0.035 * gaussian(), -0.07, 0.07), 1 + clamp(0.035 * gaussian(), -0.07, 0.07),
          clamp(1.2 * gaussian(), -3, 3), width, height);
    }

    SyntheticXray paint() {
      float[] img = background();
      float tissue = (float) (118 + 7 * gaussian());
      float[] body = paintBody(img, tissue);
      byte[] heartMask = paintHeartAndMediastinum(img, tissue);
      byte[] lungMask = lungFields(heartMask);
      float[] lungs = paintLungs(img, lungMask);
      paintBones(img, lungs);
      paintBreastShadows(img, body);
      byte[] opacityMask = label == SyntheticClass.COVID ? paintOpacities(img, lungMask, lungs) : new byte[n];
      byte[] pixels = expose(img);
      SyntheticXray.burnInLabel(pixels, width, height);
      return new SyntheticXray(label, index, width, height, pixels, lungMask, opacityMask);
    }

    /** The dark background (fully exposed film), a little lighter towards the bottom. */
    private float[] background() {
      float[] img = new float[n];
      float level = (float) (16 + 3 * gaussian());
      for (int y = 0; y < height; y++) {
        float v = level + 10f * y / height;
        for (int x = 0; x < width; x++) {
          img[y * width + x] = v;
        }
      }
      return img;
    }

    /** Torso, shoulders and neck, thinner (darker) towards the sides; returns the soft body mask. */
    private float[] paintBody(float[] img, float tissue) {
      float[] body = canvas.mask(m -> {
        fillPolygon(m, TORSO_OUTLINE);
        fillEllipse(m, 0, 0.29, 0.45, 0.15, 0);
        fillEllipse(m, 0, 0.04, 0.09, 0.14, 0);
      }, 0.012 * size);
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          int i = y * width + x;
          double lateral = frame.a(x) / 0.45;
          float shade = (float) (tissue * (1 - 0.18 * lateral * lateral));
          img[i] += body[i] * (shade - img[i]);
        }
      }
      return body;
    }

    /**
     * The heart (with the aortic knob) over the lower mediastinum, then the brighter mediastinum and
     * spine down the middle; returns where the heart hides the lungs.
     */
    private byte[] paintHeartAndMediastinum(float[] img, float tissue) {
      Consumer<Mat> heartShape = m -> {
        fillEllipse(m, 0.075, 0.62, 0.185, 0.13, 22);
        fillEllipse(m, 0.055, 0.31, 0.04, 0.035, 0); // aortic knob
        fillEllipse(m, 0.07, 0.72, 0.13, 0.05, 0); // where the heart meets the diaphragm
      };
      float[] heartHard = canvas.mask(heartShape, 0);
      float[] heart = canvas.mask(heartShape, 0.02 * size);
      float heartLevel = tissue + 10;
      float[] mediastinum = canvas.mask(m -> fillPolygon(m, new double[][] {
          {-0.045, 0.0}, {0.045, 0.0}, {0.055, 0.40}, {0.06, 1.0}, {-0.05, 1.0}, {-0.055, 0.40}}),
          0.015 * size);
      byte[] heartMask = new byte[n];
      for (int i = 0; i < n; i++) {
        img[i] += heart[i] * (heartLevel - img[i]) + 38 * mediastinum[i];
        if (heartHard[i] >= 0.5f) {
          heartMask[i] = (byte) 255;
        }
      }
      return heartMask;
    }

    /** The visible lung fields: both (randomly varied) lung outlines minus the heart. */
    private byte[] lungFields(byte[] heartMask) {
      double[][] left = jitteredLung(-1);
      double[][] right = jitteredLung(+1);
      float[] outlines = canvas.mask(m -> {
        fillPolygon(m, left);
        fillPolygon(m, right);
      }, 0);
      byte[] lungMask = new byte[n];
      for (int i = 0; i < n; i++) {
        if (outlines[i] >= 0.5f && heartMask[i] == 0) {
          lungMask[i] = (byte) 255;
        }
      }
      return lungMask;
    }

    /**
     * Darkens the lung fields, a little less near the hila and at the apices, with a fine texture and
     * branching vessels; returns the soft lung mask that later layers are weighted by.
     */
    private float[] paintLungs(float[] img, byte[] lungMask) {
      float[] lungs = canvas.soften(lungMask, 0.01 * size);
      float lungLevel = (float) (48 + 5 * gaussian());
      float[] texture = canvas.smoothNoise(random, 0.012 * size);
      double hilumSigma = 0.09 * size;
      double leftHilumX = frame.x(-0.085, 0.43);
      double rightHilumX = frame.x(0.085, 0.43);
      double hilumY = frame.y(0, 0.43);
      for (int y = 0; y < height; y++) {
        double apex = clamp((0.30 - frame.b(y)) / 0.15, 0, 1);
        for (int x = 0; x < width; x++) {
          int i = y * width + x;
          double dx = Math.min(Math.abs(x - leftHilumX), Math.abs(x - rightHilumX));
          double dy = y - hilumY;
          double hilum = Math.exp(-(dx * dx + dy * dy) / (2 * hilumSigma * hilumSigma));
          float level = (float) (lungLevel + 20 * hilum + 10 * apex + 3.5 * texture[i]);
          img[i] += lungs[i] * (level - img[i]);
        }
      }
      float[] vessels = canvas.mask(m -> {
        drawVessels(m, -1);
        drawVessels(m, +1);
      }, 0.004 * size);
      for (int i = 0; i < n; i++) {
        img[i] += 10 * vessels[i] * lungs[i];
      }
      return lungs;
    }

    /** Posterior ribs (clear over the lungs, faint over soft tissue), anterior ribs, clavicles. */
    private void paintBones(float[] img, float[] lungs) {
      float[] posteriorRibs = canvas.mask(this::drawPosteriorRibs, 0.005 * size);
      float[] anteriorRibs = canvas.mask(this::drawAnteriorRibs, 0.006 * size);
      float[] clavicles = canvas.mask(m -> {
        int t = Math.max(1, (int) Math.round(0.028 * height));
        line(m, frame.point(-0.05, 0.175), frame.point(-0.30, 0.125), white, t, LINE_AA, SHIFT);
        line(m, frame.point(0.05, 0.175), frame.point(0.30, 0.125), white, t, LINE_AA, SHIFT);
      }, 0.006 * size);
      for (int i = 0; i < n; i++) {
        img[i] += posteriorRibs[i] * (4 + 9 * lungs[i]) + 4 * anteriorRibs[i] * lungs[i] + 40 * clavicles[i];
      }
    }

    /**
     * Soft lower-lateral breast shadows in some images of either class, so that brightness of the
     * lower zones alone does not give the class away.
     */
    private void paintBreastShadows(float[] img, float[] body) {
      if (random.nextDouble() >= 0.4) {
        return;
      }
      float strength = (float) (6 + 5 * random.nextDouble());
      float[] breasts = canvas.mask(m -> {
        fillEllipse(m, -0.24, 0.76, 0.13, 0.10, 0);
        fillEllipse(m, 0.24, 0.77, 0.13, 0.10, 0);
      }, 0.05 * size);
      for (int i = 0; i < n; i++) {
        img[i] += strength * breasts[i] * body[i];
      }
    }

    /** The random exposure (gain and offset) and quantum noise, rounded to 8 bits. */
    private byte[] expose(float[] img) {
      double gain = 0.85 + 0.30 * random.nextDouble();
      double offset = -14 + 28 * random.nextDouble();
      double noise = 2.5 + 1.5 * random.nextDouble();
      byte[] pixels = new byte[n];
      for (int i = 0; i < n; i++) {
        double v = gain * img[i] + offset + noise * approximateGaussian();
        pixels[i] = (byte) (int) clamp(Math.round(v), 0, 255);
      }
      return pixels;
    }

    /** The lung outline of one side ({@code -1} image left), randomly resized and perturbed. */
    private double[][] jitteredLung(int side) {
      double widthScale = 1.07 + clamp(0.04 * gaussian(), -0.08, 0.08);
      double heightScale = 1 + clamp(0.04 * gaussian(), -0.08, 0.08);
      double lower = side > 0 ? 0.02 : 0.0; // the left hemidiaphragm (image right) sits lower
      double[][] out = new double[LUNG_OUTLINE.length][];
      for (int k = 0; k < LUNG_OUTLINE.length; k++) {
        double a = LUNG_OUTLINE[k][0];
        double b = LUNG_OUTLINE[k][1];
        double bb = 0.145 + (b - 0.145) * heightScale + (b > 0.6 ? lower * (b - 0.6) / 0.16 : 0);
        double aa = side * Math.abs(a) * widthScale + 0.004 * gaussian();
        out[k] = new double[] {aa, bb + 0.004 * gaussian()};
      }
      return out;
    }

    private void drawVessels(Mat m, int side) {
      int thick = Math.max(1, (int) Math.round(0.008 * size));
      for (int k = 0; k < 9; k++) {
        double startA = side * (0.085 + 0.01 * gaussian());
        double startB = 0.43 + 0.03 * gaussian();
        double phi = Math.toRadians(-55 + 130 * random.nextDouble());
        double length = 0.09 + 0.10 * random.nextDouble();
        double endA = startA + side * length * Math.cos(phi);
        double endB = startB + length * Math.sin(phi);
        line(m, frame.point(startA, startB), frame.point(endA, endB), white, thick, LINE_AA, SHIFT);
        double midA = (startA + endA) / 2;
        double midB = (startB + endB) / 2;
        double psi = phi + Math.toRadians(random.nextBoolean() ? 28 : -28);
        double branch = 0.5 * length;
        line(m, frame.point(midA, midB),
            frame.point(midA + side * branch * Math.cos(psi), midB + branch * Math.sin(psi)),
            white, Math.max(1, thick - 1), LINE_AA, SHIFT);
      }
    }

    private void drawPosteriorRibs(Mat m) {
      int thick = Math.max(1, (int) Math.round(0.016 * height));
      double first = 0.155 + 0.006 * gaussian();
      double step = 0.062 + 0.002 * gaussian();
      for (int k = 0; k < 10; k++) {
        double top = first + step * k;
        double ra = 0.29 + 0.004 * k;
        double rb = 0.10 + 0.004 * k;
        // OpenCV measures angles clockwise on screen: 180..270 is the upper-left quarter, which runs
        // from the spine out and down, as a posterior rib does; 270..360 is its mirror image
        arc(m, 0, top + rb, ra, rb, 180, 270, thick);
        arc(m, 0, top + rb, ra, rb, 270, 360, thick);
      }
    }

    private void drawAnteriorRibs(Mat m) {
      int thick = Math.max(1, (int) Math.round(0.022 * height));
      for (int k = 0; k < 6; k++) {
        double b = 0.20 + 0.075 * k;
        // lower quarters: from the lateral chest wall down and in, as anterior ribs run
        arc(m, -0.08, b, 0.22, 0.12, 90, 180, thick);
        arc(m, 0.08, b, 0.22, 0.12, 0, 90, thick);
      }
    }

    /**
     * The finding: two to four patchy, blurred ground-glass opacities in each lung, biased towards
     * the periphery and the lower zone, sometimes with a diffuse lower-zone haze, weighted by the
     * soft lung mask so that nothing spills outside the lungs. Returns where they add at least
     * {@link #OPACITY_THRESHOLD} grey levels.
     */
    private byte[] paintOpacities(float[] img, byte[] lungMask, float[] lungs) {
      float[] blobs = canvas.mask(m -> {
        for (int side = -1; side <= 1; side += 2) {
          int count = 2 + random.nextInt(3);
          for (int k = 0; k < count; k++) {
            double[] at = pointInLung(side, lungMask);
            double ra = 0.05 + 0.05 * random.nextDouble();
            double rb = 0.045 + 0.045 * random.nextDouble();
            double angle = 180 * random.nextDouble();
            double level = 170 + 85 * random.nextDouble();
            ellipse(m, frame.point(at[0], at[1]), frame.axes(ra, rb), angle + frame.tiltDegrees(), 0, 360,
                new Scalar(level), FILLED, LINE_AA, SHIFT);
            int satellites = random.nextInt(3);
            for (int s = 0; s < satellites; s++) {
              double da = 0.06 * (random.nextDouble() - 0.5);
              double db = 0.06 * (random.nextDouble() - 0.5);
              double r = 0.015 + 0.02 * random.nextDouble();
              ellipse(m, frame.point(at[0] + da, at[1] + db), frame.axes(r, r), 0, 0, 360,
                  new Scalar(level), FILLED, LINE_AA, SHIFT);
            }
          }
        }
      }, 0.022 * size);
      float[] patches = canvas.smoothNoise(random, 0.03 * size);
      float strength = (float) (70 + 30 * random.nextDouble());
      boolean diffuse = random.nextDouble() < 0.5;
      float haze = diffuse ? (float) (10 + 8 * random.nextDouble()) : 0f;
      byte[] opacityMask = new byte[n];
      for (int y = 0; y < height; y++) {
        double lowerZone = clamp((frame.b(y) - 0.45) / 0.25, 0, 1);
        for (int x = 0; x < width; x++) {
          int i = y * width + x;
          double patchy = clamp(0.7 + 0.3 * patches[i], 0.35, 1.0);
          double peripheral = clamp((Math.abs(frame.a(x)) - 0.06) / 0.2, 0, 1);
          float opacity = (float) (lungs[i] * (strength * blobs[i] * patchy
              + haze * lowerZone * (0.5 + 0.5 * peripheral)));
          img[i] += opacity;
          if (opacity >= OPACITY_THRESHOLD && lungMask[i] != 0) {
            opacityMask[i] = (byte) 255;
          }
        }
      }
      return opacityMask;
    }

    /**
     * A point of the lung on {@code side}, drawn with a bias towards the periphery and the lower
     * zone (where COVID-19 opacities are typically seen); the lung's middle if none is found.
     */
    private double[] pointInLung(int side, byte[] lungMask) {
      for (int attempt = 0; attempt < 50; attempt++) {
        double a = side * (0.10 + 0.20 * Math.pow(random.nextDouble(), 0.6));
        double b = 0.28 + 0.44 * Math.pow(random.nextDouble(), 0.6);
        int x = (int) Math.round(frame.x(a, b));
        int y = (int) Math.round(frame.y(a, b));
        if (x >= 0 && x < width && y >= 0 && y < height && lungMask[y * width + x] != 0) {
          return new double[] {a, b};
        }
      }
      return new double[] {side * 0.2, 0.45};
    }

    /**
     * A standard normal deviate, approximately: the sum of the four bytes of one random int,
     * centred and scaled (Irwin-Hall). Quantum noise needs one per pixel, and this is many times
     * cheaper than {@link Random#nextGaussian()}.
     */
    private double approximateGaussian() {
      int r = random.nextInt();
      int sum = (r & 0xFF) + ((r >>> 8) & 0xFF) + ((r >>> 16) & 0xFF) + (r >>> 24);
      return (sum - 510) / BYTE_SUM_STD;
    }

    private void fillEllipse(Mat m, double a, double b, double ra, double rb, double angle) {
      ellipse(m, frame.point(a, b), frame.axes(ra, rb), angle + frame.tiltDegrees(), 0, 360, white, FILLED,
          LINE_AA, SHIFT);
    }

    private void arc(Mat m, double a, double b, double ra, double rb, double from, double to, int thick) {
      ellipse(m, frame.point(a, b), frame.axes(ra, rb), frame.tiltDegrees(), from, to, white, thick, LINE_AA,
          SHIFT);
    }

    private void fillPolygon(Mat m, double[][] outline) {
      int[] xy = new int[outline.length * 2];
      for (int k = 0; k < outline.length; k++) {
        xy[2 * k] = fixed(frame.x(outline[k][0], outline[k][1]));
        xy[2 * k + 1] = fixed(frame.y(outline[k][0], outline[k][1]));
      }
      IntPointer data = new IntPointer(xy);
      Mat points = new Mat(outline.length, 1, CV_32SC2, data);
      fillPoly(m, new MatVector(points), white, LINE_AA, SHIFT, new Point(0, 0));
    }

    private double gaussian() {
      return random.nextGaussian();
    }
  }

  private static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }
}
