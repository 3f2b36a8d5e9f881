package io.github.covidxray.plot;

import io.github.covidxray.train.EpochRecord;
import io.github.covidxray.train.TrainingHistory;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The tutorial's training plot: {@code train_loss}, {@code val_loss}, {@code train_acc} and
 * {@code val_acc} against {@code Epoch #}, y axis {@code Loss/Accuracy}, legend in the lower left, in
 * the look of matplotlib's {@code ggplot} style (grey panel, white grid, its colour cycle), at
 * matplotlib's default figure size (6.4 x 4.8 inches at 100 dpi = 640 x 480 pixels).
 *
 * <p>One difference from the tutorial: the x axis shows epoch numbers from 1 (as Keras prints
 * {@code Epoch 1/25}), where the tutorial plotted {@code np.arange(0, N)}. Epochs without validation
 * figures are left out of the two validation series.
 */
public final class TrainingPlot {

  /** The tutorial's title. */
  public static final String DEFAULT_TITLE = "Training Loss and Accuracy on COVID-19 Dataset";
  /** matplotlib's default figure width: 6.4 in at 100 dpi. */
  public static final int DEFAULT_WIDTH = 640;
  /** matplotlib's default figure height: 4.8 in at 100 dpi. */
  public static final int DEFAULT_HEIGHT = 480;

  // matplotlib's ggplot style (lib/matplotlib/mpl-data/stylelib/ggplot.mplstyle)
  private static final Color PANEL = new Color(0xE5E5E5);
  private static final Color LABELS = new Color(0x555555);
  private static final Color[] CYCLE = {
      new Color(0xE24A33), new Color(0x348ABD), new Color(0x988ED5), new Color(0x777777)};
  // matplotlib sizes in points at 100 dpi, converted to pixels (XChart draws 1 pt as 1 px)
  private static final float LINE_WIDTH = 2.1f; // lines.linewidth 1.5 pt
  private static final int TITLE_PX = 20;       // x-large, 14.4 pt
  private static final int AXIS_TITLE_PX = 17;  // large, 12 pt
  private static final int TICK_PX = 14;        // 10 pt

  private final String title;
  private final int width;
  private final int height;

  private TrainingPlot(Builder b) {
    this.title = b.title;
    this.width = b.width;
    this.height = b.height;
  }

  /** A builder with the tutorial's title and matplotlib's default size. */
  public static Builder builder() {
    return new Builder();
  }

  /** The plot with every default (tutorial title, 640 x 480). */
  public static TrainingPlot defaults() {
    return builder().build();
  }

  /** The chart title. */
  public String title() {
    return title;
  }

  /** Image width in pixels. */
  public int width() {
    return width;
  }

  /** Image height in pixels. */
  public int height() {
    return height;
  }

  /**
   * Draws the history into an image of {@link #width()} x {@link #height()}.
   *
   * @throws IllegalArgumentException if the history has no epochs
   */
  public BufferedImage render(TrainingHistory history) {
    return BitmapEncoder.getBufferedImage(chart(history));
  }

  /**
   * Writes the plot as a PNG file, atomically (temporary sibling, then move), creating missing parent
   * directories, signed so that {@link #isOwnPlot} recognises it. The file name is used as given (no
   * extension is added).
   *
   * @throws IllegalArgumentException if the history has no epochs
   * @throws IOException if the file cannot be written; an existing file is then left unchanged
   */
  public void writePng(TrainingHistory history, Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    PngFiles.write(render(history), file);
  }

  /**
   * Whether {@code file} is a plot this SDK wrote (a PNG carrying its {@code Software} text chunk), so
   * that a tool may replace it; any other file at a plot's path is the user's and is not overwritten
   * without asking.
   *
   * @param file a path
   * @return true for a PNG written by {@link #writePng} or {@link RocPlot#write}
   */
  public static boolean isOwnPlot(Path file) {
    return PngFiles.isSigned(file);
  }

  private XYChart chart(TrainingHistory history) {
    Objects.requireNonNull(history, "history");
    if (history.isEmpty()) {
      throw new IllegalArgumentException("cannot plot a training history with no epochs");
    }
    XYChart chart = new XYChartBuilder().width(width).height(height).title(title)
        .xAxisTitle("Epoch #").yAxisTitle("Loss/Accuracy").theme(Styler.ChartTheme.GGPlot2).build();
    style(chart.getStyler());
    chart.getStyler().setChartTitleVisible(!title.isBlank());

    List<EpochRecord> all = history.epochs();
    List<EpochRecord> validated = all.stream().filter(EpochRecord::hasValidation).toList();
    add(chart, "train_loss", all, EpochRecord::loss, CYCLE[0]);
    if (!validated.isEmpty()) {
      add(chart, "val_loss", validated, EpochRecord::valLoss, CYCLE[1]);
    }
    add(chart, "train_acc", all, EpochRecord::accuracy, CYCLE[2]);
    if (!validated.isEmpty()) {
      add(chart, "val_acc", validated, EpochRecord::valAccuracy, CYCLE[3]);
    }
    if (all.size() == 1) {
      // one point spans no range: give the axis one epoch either side, as matplotlib does
      chart.getStyler().setXAxisMin(0.0).setXAxisMax(2.0);
    }
    return chart;
  }

  private static void add(XYChart chart, String name, List<EpochRecord> epochs,
      ToDoubleFunction<EpochRecord> figure, Color color) {
    double[] x = new double[epochs.size()];
    double[] y = new double[epochs.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = epochs.get(i).epoch();
      y[i] = figure.applyAsDouble(epochs.get(i));
    }
    XYSeries series = chart.addSeries(name, x, y);
    series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    series.setMarker(x.length == 1 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
    series.setMarkerColor(color);
    series.setLineColor(color);
    series.setLineStyle(new BasicStroke(LINE_WIDTH, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
  }

  private static void style(XYStyler s) {
    Font base = new Font(Font.SANS_SERIF, Font.PLAIN, TICK_PX);
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(PANEL);
    s.setPlotBorderVisible(false);
    s.setPlotGridLinesVisible(true);
    s.setPlotGridLinesColor(Color.WHITE);
    s.setPlotGridLinesStroke(new BasicStroke(1f));
    s.setPlotTicksMarksVisible(false);
    s.setAxisTicksLineVisible(false);
    s.setAxisTickMarksColor(LABELS);
    s.setAxisTickLabelsColor(LABELS);
    s.setAxisTickLabelsFont(base);
    s.setAxisTitleFont(base.deriveFont((float) AXIS_TITLE_PX));
    s.setXAxisTitleColor(LABELS);
    s.setYAxisTitleColor(LABELS);
    s.setChartTitleFont(base.deriveFont((float) TITLE_PX));
    s.setChartTitleBoxVisible(false);
    s.setChartFontColor(Color.BLACK);
    s.setLegendPosition(Styler.LegendPosition.InsideSW);
    s.setLegendFont(base);
    s.setLegendBackgroundColor(new Color(0xEE, 0xEE, 0xEE));
    s.setLegendBorderColor(new Color(0xCC, 0xCC, 0xCC));
    s.setLegendSeriesLineLength(28);
    s.setMarkerSize(6);
    s.setAntiAlias(true);
    s.setToolTipsEnabled(false);
  }

  /** Configures a {@link TrainingPlot}; {@link #build()} validates. */
  public static final class Builder {
    private String title = DEFAULT_TITLE;
    private int width = DEFAULT_WIDTH;
    private int height = DEFAULT_HEIGHT;

    private Builder() {}

    /** The chart title (default: the tutorial's). */
    public Builder title(String title) {
      this.title = title;
      return this;
    }

    /** Image size in pixels (default 640 x 480, matplotlib's default figure). */
    public Builder size(int width, int height) {
      this.width = width;
      this.height = height;
      return this;
    }

    /**
     * The configured plot.
     *
     * @throws IllegalArgumentException if the title is null or the size is not between 100 and
     *     10000 pixels a side
     */
    public TrainingPlot build() {
      if (title == null) {
        throw new IllegalArgumentException("title must not be null (use \"\" for none)");
      }
      if (width < 100 || height < 100 || width > 10_000 || height > 10_000) {
        throw new IllegalArgumentException(String.format(
            "plot size must be 100..10000 pixels a side, got %d x %d", width, height));
      }
      return new TrainingPlot(this);
    }
  }
}
