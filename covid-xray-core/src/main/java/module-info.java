/**
 * covid-xray-core: chest X-ray classifiers by transfer learning on VGG16 with TensorFlow Java and
 * OpenCV, for research use only.
 *
 * <p>Only the API packages are exported; {@code io.github.covidxray.internal} (CSV, atomic files,
 * hashing, decimals) is not. No public signature exposes a TensorFlow, JavaCPP/OpenCV, jHDF, Jackson
 * or SLF4J type, so those are plain {@code requires}; {@code RocPlot.chart()} returns an XChart
 * {@code XYChart} and {@code TrainingPlot.render} a {@code java.awt.image.BufferedImage}, hence the
 * two {@code requires transitive}. Nothing is opened: JSON is written and read through Jackson's tree
 * model (no data binding by reflection), and {@code SdkInfo} reads its own
 * {@code covid-xray.properties} through {@code Class.getResourceAsStream}, which sees the module's
 * own encapsulated resources.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"}) // jhdf, xchart, jai: no module-info
module io.github.covidxray.core {
  exports io.github.covidxray;
  exports io.github.covidxray.crossval;
  exports io.github.covidxray.data;
  exports io.github.covidxray.data.quality;
  exports io.github.covidxray.explain;
  exports io.github.covidxray.metrics;
  exports io.github.covidxray.model;
  exports io.github.covidxray.plot;
  exports io.github.covidxray.study;
  exports io.github.covidxray.train;
  // io.github.covidxray.internal and io.github.covidxray.data.dicom are deliberately not exported.

  requires transitive java.desktop; // TrainingPlot.render(...) returns java.awt.image.BufferedImage
  requires transitive org.knowm.xchart; // RocPlot.chart() returns org.knowm.xchart.XYChart (automatic module)

  requires tensorflow;
  requires tensorflow.framework;
  requires tensorflow.nativelib; // org.tensorflow.exceptions
  requires org.tensorflow.ndarray;
  requires org.bytedeco.javacpp;
  requires org.bytedeco.opencv;
  requires io.jhdf; // automatic module (Automatic-Module-Name io.jhdf)
  requires jai.imageio.jpeg2000; // automatic module (name derived from the jar): DICOM JPEG 2000 frames
  requires com.fasterxml.jackson.core;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;
  requires java.net.http; // WeightsRepository downloads the ImageNet weights
}
