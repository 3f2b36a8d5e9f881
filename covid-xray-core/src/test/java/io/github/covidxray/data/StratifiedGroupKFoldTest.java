package io.github.covidxray.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@link StratifiedGroupKFold} and {@link Fold}: coverage, stratification, groups, reproducibility. */
class StratifiedGroupKFoldTest {

  @Test
  void everyImageIsTestedExactlyOnceAndTrainIsTheRest() {
    ImageDataset data = GroupedData.singletons(25, 25);
    List<Fold> folds = StratifiedGroupKFold.withDefaultFolds(42).folds(data);
    assertThat(folds).hasSize(5);
    int[] timesTested = new int[data.size()];
    for (int f = 0; f < folds.size(); f++) {
      Fold fold = folds.get(f);
      assertThat(fold.index()).isEqualTo(f);
      for (int i : fold.testIndices()) {
        timesTested[i]++;
      }
      int[] expectedTrain = IntStream.range(0, data.size())
          .filter(i -> Arrays.stream(fold.testIndices()).noneMatch(t -> t == i)).toArray();
      assertThat(fold.trainIndices()).containsExactly(expectedTrain);
      assertThat(fold.testIndices()).isSorted();
    }
    assertThat(timesTested).containsOnly(1);
  }

  @Test
  void withoutGroupsClassCountsPerFoldDifferByAtMostOne() {
    ImageDataset balanced = GroupedData.singletons(25, 25);
    for (Fold fold : new StratifiedGroupKFold(5, 1).folds(balanced)) {
      assertThat(fold.split(balanced).test().classCounts()).containsExactly(5, 5);
    }
    ImageDataset uneven = GroupedData.singletons(7, 3, 11);
    List<int[]> counts = new ArrayList<>();
    for (Fold fold : new StratifiedGroupKFold(3, 9).folds(uneven)) {
      counts.add(fold.split(uneven).test().classCounts());
    }
    for (int c = 0; c < 3; c++) {
      final int cls = c;
      IntStream perFold = counts.stream().mapToInt(x -> x[cls]);
      int[] values = perFold.toArray();
      assertThat(Arrays.stream(values).max().getAsInt() - Arrays.stream(values).min().getAsInt())
          .as("class %d over folds %s", c, Arrays.toString(values)).isLessThanOrEqualTo(1);
      assertThat(Arrays.stream(values).sum()).isEqualTo(uneven.classCounts()[c]);
    }
    int[] sizes = counts.stream().mapToInt(x -> x[0] + x[1] + x[2]).toArray();
    assertThat(Arrays.stream(sizes).max().getAsInt() - Arrays.stream(sizes).min().getAsInt())
        .as("fold sizes %s", Arrays.toString(sizes)).isLessThanOrEqualTo(1);
  }

  @Test
  void groupsNeverStraddleFoldsAndLargeGroupsAreSpreadOut() {
    ImageDataset data = GroupedData.of(2, "a:0,0,0,0", "b:0,0,0,0", "c:0,0,0", "d:0,0", "e:0,0", "-:0", "-:0",
        "-:0", "-:0", "-:0", "-:0", "f:1,1", "g:1,1", "-:1", "-:1", "-:1", "-:1", "-:1", "-:1", "-:1", "-:1");
    List<Fold> folds = new StratifiedGroupKFold(3, 4).folds(data);
    Map<String, Integer> foldOfGroup = new HashMap<>();
    for (Fold fold : folds) {
      ImageDataset test = fold.split(data).test();
      for (String group : GroupedData.groupsOf(test)) {
        if (!group.equals("-")) {
          Integer previous = foldOfGroup.put(group, fold.index());
          assertThat(previous).as("group %s", group).isIn(null, fold.index());
        }
      }
      // class 0 has 21 images (4+4+3+2+2 grouped, 6 single): greedy balancing gives 7 per fold
      assertThat(test.classCounts()[0]).as("fold %d", fold.index()).isEqualTo(7);
      assertThat(test.classCounts()[1]).as("fold %d", fold.index()).isBetween(3, 5);
    }
    assertThat(foldOfGroup.get("a")).isNotEqualTo(foldOfGroup.get("b"));
    assertThat(foldOfGroup).hasSize(7);
  }

  @Test
  void sameSeedSameFoldsOtherSeedDifferent() {
    ImageDataset data = GroupedData.of(2, "a:0,0", "b:0,0", "c:0", "d:0", "e:0,0,0", "f:0", "g:1", "h:1,1",
        "i:1", "j:1", "k:1,1", "l:1");
    List<Fold> first = new StratifiedGroupKFold(3, 123).folds(data);
    assertThat(new StratifiedGroupKFold(3, 123).folds(data)).isEqualTo(first);
    Set<List<Fold>> seen = new HashSet<>();
    for (long seed = 0; seed < 10; seed++) {
      seen.add(new StratifiedGroupKFold(3, seed).folds(data));
    }
    assertThat(seen).hasSizeGreaterThan(3);
  }

  @Test
  void plainArraysGiveTheSameFoldsAsTheDataSet() {
    ImageDataset data = GroupedData.of(2, "a:0,0", "b:0", "c:0,0,0", "-:0", "d:1", "e:1,1", "-:1", "-:1");
    List<Fold> fromData = new StratifiedGroupKFold(2, 8).folds(data);
    List<String> groups = new ArrayList<>();
    for (String g : GroupedData.groupsOf(data)) {
      groups.add(g.equals("-") ? null : g);
    }
    assertThat(new StratifiedGroupKFold(2, 8).folds(data.labels(), groups, data.classNames()))
        .isEqualTo(fromData);
    assertThat(new StratifiedGroupKFold(2, 8).folds(new int[] {0, 0, 1, 1}, null, List.of("a", "b")))
        .hasSize(2).allSatisfy(f -> assertThat(f.testIndices()).hasSize(2));
  }

  @Test
  void tooFewGroupsOrImagesOfAClassAreClearErrors() {
    assertThatThrownBy(() -> new StratifiedGroupKFold(1, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("k >= 2");
    ImageDataset threePatients = GroupedData.of(2, "a:0,0", "b:0,1", "c:1,1");
    assertThatThrownBy(() -> new StratifiedGroupKFold(5, 0).folds(threePatients))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("5-fold").hasMessageContaining("only 3").hasMessageContaining("k <= 3");
    ImageDataset fewNormals = GroupedData.singletons(10, 3);
    assertThatThrownBy(() -> new StratifiedGroupKFold(5, 0).folds(fewNormals))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("class 'normal'").hasMessageContaining("3 image(s) in only 3 group(s)");
    ImageDataset onePatientOfCovid = GroupedData.of(2, "a:0,0,0,0", "-:1", "-:1");
    assertThatThrownBy(() -> new StratifiedGroupKFold(2, 0).folds(onePatientOfCovid))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("class 'covid'");
  }

  @Test
  void foldsAreImmutableValues() {
    int[] train = {0, 2};
    int[] test = {1};
    Fold fold = new Fold(0, train, test);
    train[0] = 9;
    fold.testIndices()[0] = 7;
    assertThat(fold.trainIndices()).containsExactly(0, 2);
    assertThat(fold.testIndices()).containsExactly(1);
    assertThat(fold).isEqualTo(new Fold(0, new int[] {0, 2}, new int[] {1}))
        .hasSameHashCodeAs(new Fold(0, new int[] {0, 2}, new int[] {1}))
        .isNotEqualTo(new Fold(1, new int[] {0, 2}, new int[] {1}))
        .hasToString("Fold[index=0, train=2, test=1]");
    assertThatThrownBy(() -> new Fold(-1, train, test)).isInstanceOf(IllegalArgumentException.class);
    ImageDataset data = GroupedData.singletons(2, 1);
    DatasetSplit split = fold.split(data);
    assertThat(GroupedData.namesOf(split.train())).containsExactly(data.source(0).toString(),
        data.source(2).toString());
    assertThat(split.test().size()).isEqualTo(1);
  }
}
