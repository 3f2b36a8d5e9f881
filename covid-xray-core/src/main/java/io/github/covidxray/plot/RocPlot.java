package io.github.covidxray.plot;

import io.github.covidxray.internal.Decimals;
import io.github.covidxray.metrics.AucEstimate;
import io.github.covidxray.metrics.OperatingPoint;
import io.github.covidxray.metrics.RocCurve;
import io.github.covidxray.metrics.RocPoint;
import io.github.covidxray.metrics.ThresholdSelector;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A ROC curve as a PNG (ggplot-like theme): the curve, the chance diagonal, an optional operating
 * point, the AUC (with its bootstrap interval when given) in the title and a research-use notice.
 *
 * <p>The operating point is marked where its threshold falls on <em>this</em> curve, so a threshold
 * chosen on validation data shows what it does on the plotted (e.g. test) data. The file is written
 * to a temporary sibling and moved into place, so a failed write never leaves half a PNG.
 */
public final class RocPlot {

  /** Default image width in pixels. */
  public static final int DEFAULT_WIDTH = 640;
  /** Default image height in pixels. */
  public static final int DEFAULT_HEIGHT = 640;

  private static final String PLOT_NOTICE = "Research use only: not for diagnosis.";

  private final RocCurve curve;
  private AucEstimate auc;
  private OperatingPoint operatingPoint;
  private int width = DEFAULT_WIDTH;
  private int height = DEFAULT_HEIGHT;

  private RocPlot(RocCurve curve) {
    this.curve = Objects.requireNonNull(curve, "curve");
  }

  /** A plot of {@code curve}, to be configured and written. */
  public static RocPlot of(RocCurve curve) {
    return new RocPlot(curve);
  }

  /** Writes {@code curve} with {@code point} marked (null for none) to the PNG {@code file}. */
  public static void write(RocCurve curve, OperatingPoint point, Path file) throws IOException {
    of(curve).operatingPoint(point).write(file);
  }

  /** Shows the AUC's interval in the title. */
  public RocPlot auc(AucEstimate auc) {
    this.auc = auc;
    return this;
  }

  /** Marks a decision threshold on the curve (null for none). */
  public RocPlot operatingPoint(OperatingPoint operatingPoint) {
    this.operatingPoint = operatingPoint;
    return this;
  }

  /** Image size in pixels, each in [200, 4000]. */
  public RocPlot size(int width, int height) {
    if (width < 200 || height < 200 || width > 4000 || height > 4000) {
      throw new IllegalArgumentException("plot size must be within 200..4000 pixels, got " + width + "x" + height);
    }
    this.width = width;
    this.height = height;
    return this;
  }

  /**
   * Renders and writes the PNG atomically, replacing an existing file.
   *
   * @throws IOException if the folder is missing or not writable (nothing is left behind)
   */
  public void write(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    Path target = file.toAbsolutePath();
    Path folder = target.getParent();
    if (folder == null || !Files.isDirectory(folder)) {
      throw new IOException("cannot write ROC plot " + target + ": folder " + folder + " does not exist");
    }
    PngFiles.write(BitmapEncoder.getBufferedImage(chart()), target);
  }

  /** The chart, for callers that want to show or embed it themselves. */
  public XYChart chart() {
    String positive = curve.positiveClass();
    String aucText = "AUC " + Decimals.fixed(curve.auc(), 4)
        + (auc != null ? " (" + auc.interval() + ", bootstrap)" : "");
    XYChart chart = new XYChartBuilder()
        .width(width)
        .height(height)
        .theme(Styler.ChartTheme.GGPlot2)
        .title("ROC for '" + positive + "': " + aucText)
        .xAxisTitle("1 - specificity (false positive rate)")
        .yAxisTitle("sensitivity (true positive rate)")
        .build();
    chart.getStyler()
        .setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0)
        .setXAxisDecimalPattern("0.0").setYAxisDecimalPattern("0.0")
        .setLegendPosition(Styler.LegendPosition.OutsideS)
        .setAntiAlias(true);
    XYSeries chance = chart.addSeries("chance", new double[] {0, 1}, new double[] {0, 1});
    chance.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    chance.setMarker(SeriesMarkers.NONE);
    chance.setLineColor(Color.GRAY);
    chance.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
        new float[] {6f, 6f}, 0f));
    List<RocPoint> points = curve.points();
    double[] x = new double[points.size()];
    double[] y = new double[points.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = points.get(i).falsePositiveRate();
      y[i] = points.get(i).truePositiveRate();
    }
    XYSeries roc = chart.addSeries("ROC (" + curve.positives() + " positives, " + curve.negatives()
        + " negatives)", x, y);
    roc.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    roc.setMarker(SeriesMarkers.NONE);
    roc.setLineColor(new Color(0x1F, 0x77, 0xB4));
    roc.setLineWidth(2.5f);
    if (operatingPoint != null) {
      OperatingPoint here = ThresholdSelector.on(curve).at(operatingPoint.threshold());
      XYSeries marker = chart.addSeries(
          "p(" + positive + ") >= " + Decimals.fixed(operatingPoint.threshold(), 4)
              + " (" + operatingPoint.criterion() + ")",
          new double[] {here.falsePositiveRate()}, new double[] {here.sensitivity()});
      marker.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      marker.setMarker(SeriesMarkers.CIRCLE);
      marker.setMarkerColor(new Color(0xD6, 0x27, 0x28));
    }
    chart.getStyler().setMarkerSize(11);
    chart.addAnnotation(new AnnotationText(PLOT_NOTICE, 0.62, 0.04, false));
    return chart;
  }
}
