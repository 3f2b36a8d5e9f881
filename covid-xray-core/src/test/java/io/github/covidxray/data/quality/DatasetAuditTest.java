package io.github.covidxray.data.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.opencv.global.opencv_core.CV_16U;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2BGRA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import io.github.covidxray.data.DatasetException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DatasetAudit} on a synthetic folder with known sizes, layouts, a copy, odd names and a broken file. */
class DatasetAuditTest {

  @TempDir
  static Path root;

  private static Path data;
  private static AuditReport report;

  @BeforeAll
  static void writeAndAudit() throws IOException {
    data = root.resolve("dataset");
    try (Mat gray = SyntheticXrays.picture(11, 400, 300); Mat bgr = new Mat()) {
      cvtColor(gray, bgr, COLOR_GRAY2BGR);
      SyntheticXrays.write(data.resolve("covid/c1.png"), bgr);
    }
    SyntheticXrays.writePicture(data.resolve("covid/normal_c2.png"), 12, 320, 240);
    try (Mat gray = SyntheticXrays.picture(13, 500, 260); Mat deep = new Mat()) {
      gray.convertTo(deep, CV_16U, 257, 0);
      SyntheticXrays.write(data.resolve("covid/c3.png"), deep);
    }
    Path im1 = SyntheticXrays.writePicture(data.resolve("normal/IM-1.png"), 14, 300, 360);
    SyntheticXrays.copy(im1, data.resolve("normal/IM-1-copy.png"));
    try (Mat gray = SyntheticXrays.picture(15, 280, 200)) {
      SyntheticXrays.write(data.resolve("normal/person1_bacteria_1.jpeg"), gray);
    }
    try (Mat gray = SyntheticXrays.picture(16, 310, 330); Mat bgra = new Mat()) {
      cvtColor(gray, bgra, COLOR_GRAY2BGRA);
      SyntheticXrays.write(data.resolve("normal/n4.png"), bgra);
    }
    try (Mat gray = SyntheticXrays.picture(17, 200, 200)) {
      Path whole = SyntheticXrays.write(root.resolve("whole.jpg"), gray);
      byte[] bytes = Files.readAllBytes(whole);
      Files.write(data.resolve("normal/broken.jpg"), Arrays.copyOf(bytes, bytes.length / 2));
    }
    report = DatasetAudit.builder().directory(data).build().run();
  }

  @Test
  void summarisesEachClassFromTheStoredFiles() {
    assertThat(report.classes()).containsExactly(
        new ClassAudit("covid", 3, 0, 320, 500, 240, 300,
            Map.of("8-bit RGB", 1, "8-bit gray", 1, "16-bit gray", 1), 0, 3),
        new ClassAudit("normal", 4, 1, 280, 310, 200, 360, Map.of("8-bit gray", 3, "8-bit RGBA", 1), 0, 4));
  }

  @Test
  void findsTheCopyTheContradictingNamesAndTheBrokenFile() {
    assertThat(report.duplicates().pairs()).extracting(p -> p.kind() + " " + p.first().file().getFileName() + " "
        + p.second().file().getFileName()).containsExactly("IDENTICAL_FILE IM-1-copy.png IM-1.png");
    assertThat(report.suspiciousNames()).extracting(s -> s.file().getFileName() + " " + s.rule())
        .containsExactly("normal_c2.png !normal:normal", "person1_bacteria_1.jpeg normal:bacteria");
    assertThat(report.skipped()).singleElement()
        .satisfies(s -> assertThat(s.file()).isEqualTo(data.resolve("normal/broken.jpg")))
        .satisfies(s -> assertThat(s.reason()).contains("truncated"));
    assertThat(report.hasFindings()).isTrue();
  }

  @Test
  void printsAReadableReportEndingWithTheNotice() {
    String text = report.toText();
    String nl = System.lineSeparator();
    assertThat(text).contains(
        "class covid: 3 image(s)" + nl,
        "  stored size (W x H): width 320 to 500 px, height 240 to 300 px" + nl,
        "  channel layouts: 16-bit gray 1, 8-bit RGB 1, 8-bit gray 1" + nl,
        "class normal: 4 image(s), 1 unreadable" + nl,
        "  channel layouts: 8-bit RGBA 1, 8-bit gray 3" + nl,
        "  patients (group ids): unknown",
        "exact duplicates (identical file bytes): 1 pair(s)" + nl
            + "  normal/IM-1-copy.png [normal]  =  normal/IM-1.png [normal]" + nl,
        "near-duplicates (crop-tolerant perceptual hash distance <= 44 of 256): none" + nl,
        "file names that contradict their folder's label: 2 (rules: normal:bacteria,",
        "  covid/normal_c2.png  ('normal' in covid, not normal)" + nl,
        "  normal/person1_bacteria_1.jpeg  ('bacteria' in normal)" + nl,
        "unreadable image files: 1" + nl + "  normal/broken.jpg: truncated");
    assertThat(text).doesNotContain("patients with images in more than one class");
    assertThat(text).endsWith(AuditReport.NOTICE + nl);
  }

  @Test
  void groupsAreCountedAndAPatientUnderTwoLabelsIsReported() {
    Map<String, String> patients = Map.of("c1.png", "p1", "normal_c2.png", "p1", "IM-1.png", "p9",
        "IM-1-copy.png", "p9", "person1_bacteria_1.jpeg", "p1");
    AuditReport withGroups = DatasetAudit.builder().directory(data)
        .groups(p -> patients.get(p.getFileName().toString())).nameRules(List.of()).build().run();
    assertThat(withGroups.classes()).extracting(ClassAudit::groups, ClassAudit::imagesWithoutGroup)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1, 1), org.assertj.core.groups.Tuple.tuple(2, 1));
    assertThat(withGroups.duplicates().pairs(LeakageKind.SHARED_GROUP))
        .extracting(p -> p.first().file().getFileName() + " " + p.second().file().getFileName())
        .containsExactlyInAnyOrder("c1.png person1_bacteria_1.jpeg", "normal_c2.png person1_bacteria_1.jpeg");
    assertThat(withGroups.suspiciousNames()).isEmpty();
    assertThat(withGroups.toText()).contains("  patients (group ids): 1, images without one: 1",
        "patients with images in more than one class: 2 pair(s)",
        "  patient p1: covid/c1.png [covid]  /  normal/person1_bacteria_1.jpeg [normal]",
        "file names that contradict their folder's label: none (rules: none)");
  }

  @Test
  void aCleanDataSetHasNoFindingsAndABrokenLayoutIsAnError() throws IOException {
    Path clean = root.resolve("clean");
    SyntheticXrays.writePicture(clean.resolve("a/x.png"), 21, 100, 100);
    SyntheticXrays.writePicture(clean.resolve("b/y.png"), 22, 100, 100);
    AuditReport cleanReport = DatasetAudit.builder().directory(clean).build().run();
    assertThat(cleanReport.hasFindings()).isFalse();
    assertThat(cleanReport.toText()).contains("exact duplicates (identical file bytes): none",
        "file names that contradict their folder's label: none", "unreadable image files: none");
    Files.createDirectories(root.resolve("one-class/a"));
    SyntheticXrays.writePicture(root.resolve("one-class/a/x.png"), 23, 50, 50);
    assertThatThrownBy(() -> DatasetAudit.builder().directory(root.resolve("one-class")).build().run())
        .isInstanceOf(DatasetException.class).hasMessageContaining("only one class folder");
    assertThatThrownBy(() -> DatasetAudit.builder().build()).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("directory");
    assertThatThrownBy(() -> DatasetAudit.builder().directory(clean).nearDuplicateDistance(300).build())
        .isInstanceOf(IllegalArgumentException.class);
  }
}
