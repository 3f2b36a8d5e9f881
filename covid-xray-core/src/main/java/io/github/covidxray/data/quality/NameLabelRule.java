package io.github.covidxray.data.quality;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A file-name word that contradicts a folder label, such as {@code bacteria} inside {@code normal/}:
 * the tutorial's {@code normal} folder holds 18 Kaggle pneumonia images named
 * {@code person*_bacteria_*} and {@code person*_virus_*}, which such a rule exposes.
 *
 * <p>A rule applies either inside one class ({@link Scope#IN_CLASS}: "a {@code normal} image must not
 * be named {@code bacteria}") or in every class but one ({@link Scope#OUTSIDE_CLASS}: "only
 * {@code normal} images may be named {@code normal}"). Class names compare ignoring case. The token
 * matches ignoring case, anywhere in the file name without its extension, when it is not directly
 * preceded or followed by a letter: {@code person1_bacteria_2} and {@code NORMAL2-IM-0315} match
 * {@code bacteria} and {@code normal}, {@code abnormal} and {@code coronavirus} do not match
 * {@code normal} and {@code virus}.
 *
 * <p>Text form, as {@link #parse} reads and {@link #toString} writes it: {@code normal:bacteria} (in
 * class) and {@code !normal:normal} (outside class).
 *
 * @param className the class the rule is about
 * @param token the contradicting word, lower case
 * @param scope where the rule applies
 */
public record NameLabelRule(String className, String token, Scope scope) {

  /** Where a rule applies. */
  public enum Scope {
    /** To images of {@link NameLabelRule#className()}. */
    IN_CLASS,
    /** To images of every class except {@link NameLabelRule#className()}. */
    OUTSIDE_CLASS
  }

  /** Requires a class name and a token of letters, digits, '-' or '_'; the token is lower-cased. */
  public NameLabelRule {
    Objects.requireNonNull(className, "className");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(scope, "scope");
    if (className.isBlank()) {
      throw new IllegalArgumentException("a name rule needs a class name");
    }
    if (!token.matches("[\\p{L}\\p{N}_-]+")) {
      throw new IllegalArgumentException(
          "a name rule's token must be a word (letters, digits, '-' or '_'), got '" + token + "'");
    }
    token = token.toLowerCase(Locale.ROOT);
  }

  /**
   * Images of {@code className} must not be named with {@code token}.
   *
   * @param className the class, e.g. {@code normal}
   * @param token the word, e.g. {@code bacteria}
   * @return the rule
   */
  public static NameLabelRule inClass(String className, String token) {
    return new NameLabelRule(className, token, Scope.IN_CLASS);
  }

  /**
   * Images of any class other than {@code className} must not be named with {@code token}.
   *
   * @param className the class, e.g. {@code normal}
   * @param token the word, e.g. {@code normal}
   * @return the rule
   */
  public static NameLabelRule outsideClass(String className, String token) {
    return new NameLabelRule(className, token, Scope.OUTSIDE_CLASS);
  }

  /**
   * The default rules, for a {@code normal} class beside disease classes: inside {@code normal},
   * the words {@code bacteria}, {@code bacterial}, {@code virus}, {@code viral}, {@code pneumonia},
   * {@code covid}, {@code sars} and {@code opacity} (as in {@code Lung_Opacity}); outside it, the word
   * {@code normal}. They do nothing in data sets without a class named {@code normal}.
   *
   * @return an unmodifiable list
   */
  public static List<NameLabelRule> defaults() {
    return List.of(
        inClass("normal", "bacteria"),
        inClass("normal", "bacterial"),
        inClass("normal", "virus"),
        inClass("normal", "viral"),
        inClass("normal", "pneumonia"),
        inClass("normal", "covid"),
        inClass("normal", "sars"),
        inClass("normal", "opacity"),
        outsideClass("normal", "normal"));
  }

  /**
   * Reads the text form: {@code CLASS:TOKEN} for {@link Scope#IN_CLASS}, {@code !CLASS:TOKEN} for
   * {@link Scope#OUTSIDE_CLASS}.
   *
   * @param text e.g. {@code normal:bacteria} or {@code !normal:normal}
   * @return the rule
   * @throws IllegalArgumentException when the text is not of that form
   */
  public static NameLabelRule parse(String text) {
    Objects.requireNonNull(text, "text");
    String s = text.strip();
    boolean outside = s.startsWith("!");
    if (outside) {
      s = s.substring(1);
    }
    int colon = s.indexOf(':');
    if (colon <= 0 || colon == s.length() - 1) {
      throw new IllegalArgumentException("a name rule is CLASS:TOKEN (names containing TOKEN contradict "
          + "CLASS) or !CLASS:TOKEN (they contradict every class but CLASS), got '" + text + "'");
    }
    return new NameLabelRule(s.substring(0, colon).strip(), s.substring(colon + 1).strip(),
        outside ? Scope.OUTSIDE_CLASS : Scope.IN_CLASS);
  }

  /**
   * Whether a file of the given class contradicts this rule.
   *
   * @param fileName the file's name (an extension is ignored)
   * @param fileClass the class it is labelled with
   * @return true when the rule applies to the class and the name contains the token as a word
   */
  public boolean contradicts(String fileName, String fileClass) {
    boolean sameClass = className.equalsIgnoreCase(fileClass);
    if (sameClass != (scope == Scope.IN_CLASS)) {
      return false;
    }
    int dot = fileName.lastIndexOf('.');
    String name = (dot > 0 ? fileName.substring(0, dot) : fileName).toLowerCase(Locale.ROOT);
    for (int at = name.indexOf(token); at >= 0; at = name.indexOf(token, at + 1)) {
      int end = at + token.length();
      boolean letterBefore = at > 0 && Character.isLetter(name.charAt(at - 1));
      boolean letterAfter = end < name.length() && Character.isLetter(name.charAt(end));
      if (!letterBefore && !letterAfter) {
        return true;
      }
    }
    return false;
  }

  /** The text form {@link #parse} reads. */
  @Override
  public String toString() {
    return (scope == Scope.OUTSIDE_CLASS ? "!" : "") + className + ":" + token;
  }
}
