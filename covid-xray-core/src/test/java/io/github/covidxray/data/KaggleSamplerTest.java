package io.github.covidxray.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link KaggleSampler#patientIdOf}: patient ids from Kaggle file names (moved from the examples). */
class KaggleSamplerTest {

  @Test
  void patientIdsFromKaggleFileNames() {
    assertThat(KaggleSampler.patientIdOf("person1102_bacteria_3043.jpeg")).isEqualTo("person1102");
    assertThat(KaggleSampler.patientIdOf("person1_virus_6.jpeg")).isEqualTo("person1");
    assertThat(KaggleSampler.patientIdOf("IM-0033-0001-0001.jpeg")).isEqualTo("IM-0033");
    assertThat(KaggleSampler.patientIdOf("IM-0240-0001.jpeg")).isEqualTo("IM-0240");
    assertThat(KaggleSampler.patientIdOf("NORMAL2-IM-0315-0001.jpeg")).isEqualTo("NORMAL2-IM-0315");
    assertThat(KaggleSampler.patientIdOf("scan.png")).isEmpty();
  }
}
