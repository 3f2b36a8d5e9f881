package io.github.covidxray.study;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.covidxray.SdkInfo;
import io.github.covidxray.crossval.CrossValidationResult;
import io.github.covidxray.crossval.FoldResult;
import io.github.covidxray.crossval.FoldStatistic;
import io.github.covidxray.data.quality.LeakagePair;
import io.github.covidxray.data.quality.LeakageReport;
import io.github.covidxray.metrics.AucEstimate;
import io.github.covidxray.metrics.ConfusionMatrix;
import io.github.covidxray.metrics.Evaluation;
import io.github.covidxray.metrics.Proportion;
import io.github.covidxray.model.ModelConfig;
import io.github.covidxray.train.TrainingConfig;
import java.io.UncheckedIOException;
import java.util.List;

/** The JSON form of a {@link StudyResult}: a plain tree, so any tool can read it. */
final class StudyJson {

  private static final ObjectMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private StudyJson() {}

  static String write(StudyResult r) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("version", StudyResult.JSON_VERSION);
    root.put("notice", SdkInfo.RESEARCH_USE_NOTICE);
    root.put("started", r.startedAt().toString());
    root.put("sdk_version", r.sdkVersion());
    root.put("tensorflow_version", r.tensorflowVersion());
    root.set("data", data(r.data()));
    r.split().ifPresent(s -> root.set("split", split(s, r.data().classes())));
    r.leakage().ifPresent(l -> root.set("leakage", leakage(l)));
    r.modelConfig().ifPresent(c -> root.set("model", model(c)));
    root.set("training", training(r.trainingConfig()));
    r.history().ifPresent(h -> {
      try {
        root.set("history", MAPPER.readTree(h.toJson()));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("the training history wrote invalid JSON", e);
      }
    });
    r.evaluation().ifPresent(e -> root.set("evaluation", evaluation(e)));
    r.crossValidation().ifPresent(cv -> root.set("cross_validation", crossValidation(cv)));
    ObjectNode timings = root.putObject("timings_s");
    r.timings().forEach((step, time) -> timings.put(step, time.toMillis() / 1000.0));
    ObjectNode outputs = root.putObject("outputs");
    r.model().ifPresent(p -> outputs.put("model", p.toString()));
    r.plot().ifPresent(p -> outputs.put("plot", p.toString()));
    try {
      return MAPPER.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode data(StudyResult.DataSummary d) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("dataset", d.dataset().toString());
    node.put("image_size", d.imageSize());
    node.put("images", d.images());
    node.set("classes", counts(d.classes(), d.classCounts()));
    node.put("skipped", d.skipped());
    node.put("images_with_patient_id", d.groupedImages());
    ArrayNode sources = node.putArray("patient_id_sources");
    d.patientIdSources().forEach(p -> sources.add(p.toString()));
    return node;
  }

  private static ObjectNode split(StudyResult.SplitSummary s, List<String> classes) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("by_patient", s.byPatient());
    node.put("test_fraction", s.testFraction());
    node.put("seed", s.seed());
    node.set("train", counts(classes, s.trainCounts()));
    node.set("test", counts(classes, s.testCounts()));
    return node;
  }

  private static ObjectNode leakage(LeakageReport report) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("clean", report.isClean());
    node.put("near_duplicate_distance", report.nearDuplicateDistance());
    ArrayNode pairs = node.putArray("pairs");
    for (LeakagePair pair : report.pairs()) {
      ObjectNode p = pairs.addObject();
      p.put("kind", pair.kind().name().toLowerCase(java.util.Locale.ROOT));
      p.put("first", pair.first().toString());
      p.put("second", pair.second().toString());
      p.put("hash_distance", pair.hashDistance());
    }
    ArrayNode unreadable = node.putArray("unreadable_files");
    report.unreadableFiles().forEach(f -> unreadable.add(f.toString()));
    return node;
  }

  private static ObjectNode model(ModelConfig c) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("weights", c.weightsSource());
    node.put("input_size", c.inputSize());
    node.put("input_scaling", c.inputScaling().name().toLowerCase(java.util.Locale.ROOT));
    node.put("fine_tuning", c.fineTuning().describe());
    node.put("head_units", c.headUnits());
    node.put("head_pool_size", c.effectiveHeadPoolSize());
    node.put("dropout", c.dropout());
    node.put("seed", c.seed());
    ArrayNode classes = node.putArray("classes");
    c.classes().forEach(classes::add);
    return node;
  }

  private static ObjectNode training(TrainingConfig t) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("epochs", t.epochs());
    node.put("batch_size", t.batchSize());
    node.put("learning_rate", t.schedule().initialRate());
    node.put("decay", t.schedule().decay());
    node.put("augmentation", t.augmentation().toString());
    node.put("seed", t.seed());
    return node;
  }

  private static ObjectNode evaluation(Evaluation e) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("positive_class", e.positiveClass());
    node.put("decision", e.decisionRule().describe());
    node.put("n", e.size());
    ConfusionMatrix cm = e.confusionMatrix();
    ArrayNode matrix = node.putArray("confusion_matrix");
    for (long[] row : cm.toArray()) {
      ArrayNode r = matrix.addArray();
      for (long v : row) {
        r.add(v);
      }
    }
    node.set("accuracy", proportion(e.accuracy()));
    node.set("sensitivity", proportion(e.sensitivity()));
    node.set("specificity", proportion(e.specificity()));
    node.set("ppv", proportion(e.ppv()));
    node.set("npv", proportion(e.npv()));
    e.auc().ifPresent(a -> node.set("auc", auc(a)));
    return node;
  }

  private static ObjectNode crossValidation(CrossValidationResult cv) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("folds", cv.folds());
    node.put("seed", cv.seed());
    ArrayNode folds = node.putArray("per_fold");
    for (FoldResult fold : cv.foldResults()) {
      ObjectNode f = evaluation(fold.evaluation());
      f.put("fold", fold.index() + 1);
      f.put("train_size", fold.trainSize());
      f.put("validation_size", fold.validationSize());
      f.put("wall_time_s", fold.wallTime().toMillis() / 1000.0);
      folds.add(f);
    }
    ObjectNode stats = node.putObject("across_folds");
    for (FoldStatistic stat : cv.statistics()) {
      ObjectNode s = stats.putObject(stat.metric().label());
      stat.mean().ifPresentOrElse(v -> s.put("mean", v), () -> s.putNull("mean"));
      stat.sd().ifPresentOrElse(v -> s.put("sd", v), () -> s.putNull("sd"));
      s.put("contributing_folds", stat.contributing());
    }
    node.set("pooled", evaluation(cv.pooled()));
    return node;
  }

  private static ObjectNode proportion(Proportion p) {
    ObjectNode node = MAPPER.createObjectNode();
    p.value().ifPresentOrElse(v -> node.put("value", v), () -> node.putNull("value"));
    node.put("numerator", p.numerator());
    node.put("denominator", p.denominator());
    p.interval().ifPresent(ci -> {
      node.put("ci_lower", ci.lower());
      node.put("ci_upper", ci.upper());
      node.put("ci_level", ci.level());
    });
    return node;
  }

  private static ObjectNode auc(AucEstimate a) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("value", a.auc());
    node.put("ci_lower", a.interval().lower());
    node.put("ci_upper", a.interval().upper());
    node.put("ci_level", a.interval().level());
    node.put("bootstrap_resamples", a.resamples());
    node.put("bootstrap_seed", a.seed());
    return node;
  }

  private static ObjectNode counts(List<String> classes, int[] counts) {
    ObjectNode node = MAPPER.createObjectNode();
    for (int c = 0; c < counts.length; c++) {
      node.put(classes.get(c), counts[c]);
    }
    return node;
  }
}
