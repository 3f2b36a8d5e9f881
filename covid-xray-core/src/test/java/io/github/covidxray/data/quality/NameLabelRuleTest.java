package io.github.covidxray.data.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link NameLabelRule}: word matching, scopes, the text form and the defaults. */
class NameLabelRuleTest {

  private static final NameLabelRule BACTERIA = NameLabelRule.inClass("normal", "bacteria");
  private static final NameLabelRule NORMAL = NameLabelRule.outsideClass("normal", "normal");

  @Test
  void inClassRuleAppliesOnlyInsideItsClass() {
    assertThat(BACTERIA.contradicts("person1_bacteria_2.jpeg", "normal")).isTrue();
    assertThat(BACTERIA.contradicts("person1_BACTERIA_2.jpeg", "Normal")).as("case ignored").isTrue();
    assertThat(BACTERIA.contradicts("person1_bacteria_2.jpeg", "pneumonia")).isFalse();
    assertThat(BACTERIA.contradicts("IM-0033-0001.jpeg", "normal")).isFalse();
  }

  @Test
  void outsideClassRuleAppliesEverywhereElse() {
    assertThat(NORMAL.contradicts("NORMAL2-IM-0315-0001.jpeg", "covid")).isTrue();
    assertThat(NORMAL.contradicts("NORMAL2-IM-0315-0001.jpeg", "normal")).isFalse();
    assertThat(NORMAL.contradicts("chest-normal.png", "pneumonia")).isTrue();
  }

  @Test
  void tokensMatchAsWordsNotInsideOtherWords() {
    assertThat(NORMAL.contradicts("abnormal-findings.png", "covid")).isFalse();
    assertThat(NORMAL.contradicts("normality.png", "covid")).isFalse();
    NameLabelRule virus = NameLabelRule.inClass("normal", "virus");
    assertThat(virus.contradicts("auntminnie-a-2020_Vietnam_coronavirus.jpeg", "normal")).isFalse();
    assertThat(virus.contradicts("person1290_virus_2215.jpeg", "normal")).isTrue();
    assertThat(virus.contradicts("virus.png", "normal")).as("whole name").isTrue();
    assertThat(virus.contradicts("x.virus", "normal")).as("the extension is not part of the name").isFalse();
    assertThat(virus.contradicts("covid19virus1.jpg", "normal")).as("digits are separators").isTrue();
    assertThat(virus.contradicts("covidvirus1.jpg", "normal")).isFalse();
  }

  @Test
  void textFormRoundTrips() {
    assertThat(NameLabelRule.parse("normal:bacteria")).isEqualTo(BACTERIA).hasToString("normal:bacteria");
    assertThat(NameLabelRule.parse(" !normal:NORMAL ")).isEqualTo(NORMAL).hasToString("!normal:normal");
    assertThat(NameLabelRule.parse("covid:Viral_Pneumonia").token()).isEqualTo("viral_pneumonia");
    for (String bad : new String[] {"normal", ":x", "normal:", "!:x", "normal:two words"}) {
      assertThatThrownBy(() -> NameLabelRule.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void defaultsFlagThePneumoniaNamesOfTheTutorialsNormalFolder() {
    String[] pneumonia = {"person1102_bacteria_3043.jpeg", "person1290_virus_2215.jpeg", "person1_bacteria_2.jpeg"};
    String[] normal = {"IM-0033-0001-0001.jpeg", "NORMAL2-IM-0315-0001.jpeg"};
    for (String name : pneumonia) {
      assertThat(NameLabelRule.defaults()).as(name).anyMatch(r -> r.contradicts(name, "normal"));
    }
    for (String name : normal) {
      assertThat(NameLabelRule.defaults()).as(name).noneMatch(r -> r.contradicts(name, "normal"));
    }
    assertThat(NameLabelRule.defaults()).as("covid names").noneMatch(
        r -> r.contradicts("radiopedia-covid-19-pneumonia-2.jpg", "covid"));
    assertThat(NameLabelRule.defaults()).anyMatch(r -> r.contradicts("NORMAL2-IM-0315-0001.jpeg", "covid"));
  }
}
