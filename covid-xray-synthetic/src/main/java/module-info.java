/**
 * covid-xray-synthetic: synthetic chest-radiograph-like images, marked SYNTHETIC, for demos and
 * tests; not X-rays.
 */
module io.github.covidxray.synthetic {
  exports io.github.covidxray.synthetic;

  requires org.bytedeco.javacpp;
  requires org.bytedeco.opencv;
  requires org.slf4j;
}
