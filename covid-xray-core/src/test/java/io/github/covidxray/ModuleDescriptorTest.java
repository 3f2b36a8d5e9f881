package io.github.covidxray;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JPMS descriptor of covid-xray-core: it exports the API packages and nothing else (not
 * {@code internal}), opens nothing, and a consumer on the module path can use the library, natives
 * included.
 */
class ModuleDescriptorTest {

  private static final String MODULE = "io.github.covidxray.core";
  private static final String INTERNAL = "io.github.covidxray.internal";
  private static final Set<String> API = Set.of(
      "io.github.covidxray",
      "io.github.covidxray.crossval",
      "io.github.covidxray.data",
      "io.github.covidxray.data.quality",
      "io.github.covidxray.explain",
      "io.github.covidxray.metrics",
      "io.github.covidxray.model",
      "io.github.covidxray.plot",
      "io.github.covidxray.study",
      "io.github.covidxray.train");

  /** The descriptor compiled into the main classes (target/classes or the jar), not the patched one. */
  private static ModuleDescriptor compiledDescriptor() throws URISyntaxException {
    Path classes = Path.of(SdkInfo.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    ModuleReference reference = ModuleFinder.of(classes).find(MODULE)
        .orElseThrow(() -> new AssertionError("no module " + MODULE + " in " + classes));
    return reference.descriptor();
  }

  private static Set<String> unqualifiedExports(ModuleDescriptor descriptor) {
    return descriptor.exports().stream()
        .filter(e -> !e.isQualified())
        .map(ModuleDescriptor.Exports::source)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void exportsExactlyTheApiPackagesAndNotInternal() throws URISyntaxException {
    ModuleDescriptor descriptor = compiledDescriptor();
    Set<String> expected = new TreeSet<>(API);

    assertThat(descriptor.name()).isEqualTo(MODULE);
    assertThat(descriptor.isOpen()).isFalse();
    assertThat(descriptor.opens()).isEmpty();
    assertThat(descriptor.exports()).noneMatch(ModuleDescriptor.Exports::isQualified);
    assertThat(unqualifiedExports(descriptor)).isEqualTo(expected);
    assertThat(descriptor.packages()).contains(INTERNAL);
    // Every package is either API or internal: a new package has to be exported or listed here.
    // data.dicom is the DICOM reader behind ImagePreprocessor, reached only through the data package.
    Set<String> notExported = new TreeSet<>(descriptor.packages());
    notExported.removeAll(expected);
    assertThat(notExported).containsExactly("io.github.covidxray.data.dicom", INTERNAL);
  }

  @Test
  void testsRunInsideTheNamedModule() {
    Module module = SdkInfo.class.getModule();
    Assumptions.assumeTrue(module.isNamed(), "tests run on the class path (not by Maven)");
    assertThat(module.getName()).isEqualTo(MODULE);
    assertThat(module.isExported(INTERNAL)).isFalse();
    // The version file sits in an encapsulated resource directory of the module: still readable.
    assertThat(SdkInfo.version()).isNotEqualTo(SdkInfo.UNKNOWN_VERSION);
  }

  /**
   * A fresh JVM with the library on the module path exactly as Maven's test run puts it (the module
   * and the modules it requires; the native platform jars, JavaCV and jHDF's and XChart's own
   * dependencies on the class path), {@code --add-modules io.github.covidxray.core} and a consumer
   * in the unnamed module: it reads the version, builds a small model, classifies a PNG (OpenCV and
   * TensorFlow natives), saves, loads and classifies again, and is refused reflective access to
   * {@code internal}.
   */
  @Test
  void aConsumerOnTheModulePathBuildsSavesLoadsAndClassifies(@TempDir Path dir)
      throws IOException, InterruptedException {
    String modulePath = System.getProperty("jdk.module.path");
    Assumptions.assumeTrue(modulePath != null && !modulePath.isBlank(),
        "tests run on the class path, so there is no module path to hand on");
    Path testClasses = Path.of(System.getProperty("user.dir"), "target", "test-classes")
        .toAbsolutePath().normalize();
    String classPath = Arrays.stream(System.getProperty("java.class.path", "").split(File.pathSeparator))
        .filter(entry -> !entry.isBlank())
        .filter(entry -> !Path.of(entry).toAbsolutePath().normalize().equals(testClasses))
        .collect(Collectors.joining(File.pathSeparator));

    Path source = dir.resolve("Consumer.java");
    Files.writeString(source, CONSUMER, StandardCharsets.UTF_8);
    Path work = Files.createDirectories(dir.resolve("work"));
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx2g",
        "--module-path", modulePath,
        "--add-modules", MODULE));
    if (!classPath.isEmpty()) {
      command.addAll(List.of("--class-path", classPath));
    }
    command.addAll(List.of(source.toString(), work.toString()));
    Path log = dir.resolve("consumer.log");
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    boolean finished = process.waitFor(5, TimeUnit.MINUTES);
    if (!finished) {
      process.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(finished).as("consumer JVM finished within 5 minutes; output:%n%s", output).isTrue();
    assertThat(process.exitValue()).as("consumer JVM exit code; output:%n%s", output).isZero();
    assertThat(output).contains("CONSUMER OK " + SdkInfo.version());
  }

  /** Compiled and run by the {@code java} source launcher, in the unnamed module. */
  private static final String CONSUMER = """
      import io.github.covidxray.SdkInfo;
      import io.github.covidxray.model.Prediction;
      import io.github.covidxray.model.VggTransferModel;
      import io.github.covidxray.model.VggWeights;
      import java.awt.image.BufferedImage;
      import java.nio.file.Path;
      import java.util.List;
      import javax.imageio.ImageIO;

      public class Consumer {
        static void check(boolean ok, String what) {
          if (!ok) {
            throw new AssertionError(what);
          }
        }

        public static void main(String[] args) throws Exception {
          Module core = SdkInfo.class.getModule();
          check("io.github.covidxray.core".equals(core.getName()), "SdkInfo is in " + core);
          check(!core.isExported("io.github.covidxray.internal"), "internal is exported");
          String version = SdkInfo.version();
          check(!version.equals(SdkInfo.UNKNOWN_VERSION), "version unknown");

          Class<?> csv = Class.forName("io.github.covidxray.internal.CsvTable");
          try {
            csv.getMethod("parse", String.class, String.class).invoke(null, "a\\n1\\n", "t.csv");
            throw new AssertionError("internal.CsvTable was callable from outside the module");
          } catch (IllegalAccessException expected) {
            System.out.println("internal refused: " + expected.getMessage());
          }

          Path dir = Path.of(args[0]);
          Path png = dir.resolve("image.png");
          BufferedImage image = new BufferedImage(40, 40, BufferedImage.TYPE_BYTE_GRAY);
          for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 40; x++) {
              int v = (x * 6 + y * 3) % 256;
              image.getRaster().setSample(x, y, 0, v);
            }
          }
          check(ImageIO.write(image, "png", png.toFile()), "no PNG writer");

          Path saved = dir.resolve("model");
          double before;
          try (VggTransferModel model = VggTransferModel.builder().inputSize(32)
              .weights(VggWeights.none()).classes(List.of("covid", "normal")).seed(7).build()) {
            Prediction prediction = model.classify(png);
            before = prediction.probability("covid");
            model.save(saved);
          }
          try (VggTransferModel model = VggTransferModel.load(saved)) {
            double after = model.classify(png).probability("covid");
            check(after == before, "loaded model predicts " + after + ", saved one " + before);
          }
          System.out.println("CONSUMER OK " + version);
        }
      }
      """;
}
