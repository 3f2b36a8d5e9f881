package io.github.covidxray.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link ImageDataset#split} with groups: whole groups on one side, stratified, reproducible. */
class GroupSplitTest {

  @Test
  void withoutGroupsEachClassGetsExactlyItsRoundedShare() {
    ImageDataset data = GroupedData.singletons(25, 25);
    DatasetSplit split = data.split(0.2, 42);
    assertThat(split.test().classCounts()).containsExactly(5, 5); // round(25 * 0.2)
    assertThat(split.train().classCounts()).containsExactly(20, 20);
    DatasetSplit other = GroupedData.singletons(7, 3).split(0.3, 1);
    assertThat(other.test().classCounts()).containsExactly(2, 1); // round(2.1), round(0.9)
  }

  @Test
  void partsAreDisjointCoverEverythingAndKeepImageOrder() {
    ImageDataset data = GroupedData.of(2, "a:0,0,0", "b:0,0", "-:0", "-:0", "-:0", "c:1,1", "d:1,1,1", "-:1",
        "-:1", "-:1", "e:1");
    DatasetSplit split = data.split(0.25, 3);
    List<String> train = GroupedData.namesOf(split.train());
    List<String> test = GroupedData.namesOf(split.test());
    Set<String> all = new HashSet<>(train);
    all.addAll(test);
    assertThat(all).hasSize(data.size()).containsExactlyInAnyOrderElementsOf(GroupedData.namesOf(data));
    assertThat(train).doesNotContainAnyElementsOf(test);
    assertThat(train).isSortedAccordingTo((x, y) -> indexOf(data, x) - indexOf(data, y));
    assertThat(test).isSortedAccordingTo((x, y) -> indexOf(data, x) - indexOf(data, y));
  }

  @Test
  void noGroupIsOnBothSidesForManySeeds() {
    ImageDataset data = GroupedData.of(2, "a:0,0,0", "b:0,0", "c:0", "d:0,0,0,0", "e:0", "f:0,0",
        "g:1,1", "h:1", "i:1,1,1", "j:1", "k:1", "l:1,1", "m:1,0"); // m spans both classes
    for (long seed = 0; seed < 50; seed++) {
      DatasetSplit split = data.split(0.2, seed);
      Set<String> trainGroups = new HashSet<>(GroupedData.groupsOf(split.train()));
      Set<String> testGroups = new HashSet<>(GroupedData.groupsOf(split.test()));
      assertThat(trainGroups).as("seed %d", seed).doesNotContainAnyElementsOf(testGroups);
      assertThat(split.test().classCounts()).as("seed %d: both classes tested", seed).doesNotContain(0);
      assertThat(split.train().classCounts()).as("seed %d: both classes trained", seed).doesNotContain(0);
    }
  }

  @Test
  void sameSeedSameSplitOtherSeedsDiffer() {
    ImageDataset data = GroupedData.of(2, "a:0,0", "b:0,0", "c:0,0", "d:0,0", "e:0,0", "f:1,1", "g:1,1",
        "h:1,1", "i:1,1", "j:1,1");
    List<String> first = GroupedData.namesOf(data.split(0.2, 7).test());
    assertThat(GroupedData.namesOf(data.split(0.2, 7).test())).isEqualTo(first);
    Set<List<String>> seen = new HashSet<>();
    for (long seed = 0; seed < 20; seed++) {
      seen.add(GroupedData.namesOf(data.split(0.2, seed).test()));
    }
    assertThat(seen).as("different seeds pick different patients").hasSizeGreaterThan(5);
  }

  @Test
  void equalGroupsHitTheTargetExactlyWithOneGroupPerClass() {
    // five patients of four images per class: the target round(20 * 0.2) = 4 is one whole patient
    ImageDataset data = GroupedData.of(2, "a:0,0,0,0", "b:0,0,0,0", "c:0,0,0,0", "d:0,0,0,0", "e:0,0,0,0",
        "f:1,1,1,1", "g:1,1,1,1", "h:1,1,1,1", "i:1,1,1,1", "j:1,1,1,1");
    DatasetSplit split = data.split(0.2, 5);
    assertThat(split.test().classCounts()).containsExactly(4, 4);
    assertThat(new HashSet<>(GroupedData.groupsOf(split.test()))).hasSize(2);
  }

  @Test
  void aClassOfTwoBigPatientsStillGetsOneTestPatient() {
    // class 0: two patients of 10; the target 4 cannot be met, so one whole patient is held out
    ImageDataset data = GroupedData.of(2, "a:0,0,0,0,0,0,0,0,0,0", "b:0,0,0,0,0,0,0,0,0,0", "-:1", "-:1",
        "-:1", "-:1", "-:1");
    DatasetSplit split = data.split(0.2, 11);
    assertThat(split.test().classCounts()).containsExactly(10, 1);
    assertThat(split.train().classCounts()).containsExactly(10, 4);
  }

  @Test
  void aClassWithOnePatientStaysInTraining() {
    ImageDataset data = GroupedData.of(2, "a:0,0,0,0,0", "-:1", "-:1", "-:1", "-:1", "-:1");
    DatasetSplit split = data.split(0.4, 2);
    assertThat(split.test().classCounts()).containsExactly(0, 2);
    assertThat(split.train().classCounts()).containsExactly(5, 3);
  }

  @Test
  void aMixedGroupGoesWhereItsMajorityClassSendsIt() {
    // m has two class-1 images and one class-0 image: it counts as class 1 and moves as a whole
    ImageDataset data = GroupedData.of(2, "-:0", "-:0", "-:0", "-:0", "m:1,0,1", "n:1,1", "o:1,1");
    for (long seed = 0; seed < 20; seed++) {
      DatasetSplit split = data.split(0.3, seed);
      long inTest = GroupedData.groupsOf(split.test()).stream().filter("m"::equals).count();
      assertThat(inTest).as("seed %d", seed).isIn(0L, 3L);
    }
  }

  @Test
  void rejectsFractionsOutsideTheOpenUnitInterval() {
    ImageDataset data = GroupedData.singletons(3, 3);
    assertThatThrownBy(() -> data.split(0, 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("testFraction");
    assertThatThrownBy(() -> data.split(1, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  private static int indexOf(ImageDataset data, String name) {
    return GroupedData.namesOf(data).indexOf(name);
  }
}
