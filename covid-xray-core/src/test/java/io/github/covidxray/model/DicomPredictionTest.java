package io.github.covidxray.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;

import io.github.covidxray.data.ImagePreprocessor;
import io.github.covidxray.synthetic.DicomFiles;
import io.github.covidxray.synthetic.SyntheticClass;
import io.github.covidxray.synthetic.SyntheticXrays;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model predicts the same for an X-ray saved as PNG and as DICOM: MONOCHROME2 (8- and 16-bit) and
 * MONOCHROME1, whose stored values are inverted and which a viewer (and the reader) inverts back.
 * The DICOM files are written here, Explicit VR Little Endian, from the same grey levels as the PNG;
 * the image spans 0..255, so the reader's min-max window is the identity and the pixels must match
 * exactly, and so must the probabilities.
 */
class DicomPredictionTest {

  private static final int SIDE = 96;
  private static VggTransferModel model;

  @TempDir Path dir;

  @BeforeAll
  static void buildModel() {
    model = TestData.small().build();
    model.restore(TestData.heUniform(model.snapshot(), 8));
  }

  @AfterAll
  static void closeModel() {
    model.close();
  }

  @Test
  void pngAndDicomOfTheSameXrayGiveTheSamePixelsClassAndProbabilities() throws IOException {
    List<Path> pngs = new ArrayList<>();
    List<List<Path>> dicoms = new ArrayList<>();
    for (SyntheticClass label : SyntheticClass.values()) {
      byte[] gray = new SyntheticXrays(SIDE, SIDE, 3).generate(label, 0).pixels();
      gray[0] = 0; // the full range, so that the reader's min-max window maps every level to itself
      gray[1] = (byte) 255;
      String name = label.folderName();
      Path png = dir.resolve(name + ".png");
      try (Mat mat = new Mat(SIDE, SIDE, CV_8UC1)) {
        mat.data().put(gray);
        assertThat(imwrite(png.toString(), mat)).isTrue();
      }
      pngs.add(png);
      byte[] inverted = new byte[gray.length];
      byte[] wide = new byte[gray.length * 2];
      for (int i = 0; i < gray.length; i++) {
        inverted[i] = (byte) (255 - (gray[i] & 0xFF));
        int v = (gray[i] & 0xFF) * 257;
        wide[2 * i] = (byte) v;
        wide[2 * i + 1] = (byte) (v >> 8);
      }
      dicoms.add(List.of(
          Files.write(dir.resolve(name + "-mono2.dcm"), dicom(gray, 8, "MONOCHROME2")),
          Files.write(dir.resolve(name + "-mono1.dcm"), dicom(inverted, 8, "MONOCHROME1")),
          Files.write(dir.resolve(name + "-mono2-16bit"), dicom(wide, 16, "MONOCHROME2")))); // no extension
    }

    ImagePreprocessor preprocessor = ImagePreprocessor.of(model.config().inputSize());
    List<Path> all = new ArrayList<>();
    List<Prediction> batched = new ArrayList<>();
    for (int c = 0; c < pngs.size(); c++) {
      all.add(pngs.get(c));
      all.addAll(dicoms.get(c));
    }
    model.classifyAll(all, 3, batched::add, (file, e) -> {
      throw new AssertionError(file + ": " + e);
    });
    assertThat(batched).extracting(Prediction::file).containsExactlyElementsOf(all);

    for (int c = 0; c < pngs.size(); c++) {
      Path png = pngs.get(c);
      Prediction fromPng = model.classify(png);
      for (Path dcm : dicoms.get(c)) {
        assertThat(preprocessor.preprocess(dcm)).as(dcm.toString()).isEqualTo(preprocessor.preprocess(png));
        Prediction fromDicom = model.classify(dcm);
        assertThat(fromDicom.predictedClass()).as(dcm.toString()).isEqualTo(fromPng.predictedClass());
        assertThat(fromDicom.probabilities()).as(dcm.toString()).isEqualTo(fromPng.probabilities());
        Prediction inBatch = batched.get(all.indexOf(dcm));
        for (String cls : model.classes()) { // another batch size may round the last bits differently
          assertThat(inBatch.probability(cls)).as(dcm + " in a batch").isCloseTo(fromPng.probability(cls), within(1e-5));
        }
      }
    }
  }

  /** A one-frame Explicit VR Little Endian file, unsigned samples, bits stored = bits allocated. */
  private static byte[] dicom(byte[] samples, int bits, String photometric) {
    return DicomFiles.explicitVrLittleEndian(samples, SIDE, SIDE, bits, photometric, "PAT-1");
  }
}
