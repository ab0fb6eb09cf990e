package dev.tripline.peers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The benchmark pack as the peers read it: bench/packs/NAME/rules.tsv, written by `tripline_gen
 * pack` from the same values as the Tripline YAML (bench/gen/bench_pack.h). One rule: a phrase
 * list and an entity in one headline, and the instrument's trailing-window move (drop from the
 * window's high for `le`, rise from its low for `ge`) past a threshold within `window` of it.
 */
public final class BenchRules {
  /** One rule; `index` is its position in the pack (Tripline evaluates in this order). */
  public record Rule(int index, String id, String instrument, boolean le, double threshold,
      long windowMs, long cooldownMs, long noveltyMs, double similarity, String entityNames,
      String phrases) {
    public boolean holds(double drop, double rise) {
      return le ? drop <= threshold : rise >= threshold;
    }
  }

  private BenchRules() {}

  public static List<Rule> load(Path tsv) throws IOException {
    List<Rule> rules = new ArrayList<>();
    List<String> lines = Files.readAllLines(tsv);
    for (int i = 1; i < lines.size(); ++i) {
      String line = lines.get(i);
      if (line.isBlank()) continue;
      String[] f = line.split("\t", -1);
      rules.add(new Rule(rules.size(), f[0], f[1], f[2].equals("le"), Double.parseDouble(f[3]),
          Long.parseLong(f[4]), Long.parseLong(f[5]), Long.parseLong(f[6]),
          Double.parseDouble(f[7]), f[8], f[9]));
    }
    return rules;
  }

  /**
   * A `|`-separated phrase list as one precompiled pattern with Tripline's literal semantics:
   * case-insensitive, word-bounded where the phrase starts or ends with a word character, any
   * run of whitespace for a space.
   */
  public static Pattern phrasePattern(String phrases) {
    StringBuilder sb = new StringBuilder();
    for (String p : phrases.split("\\|")) {
      if (sb.length() > 0) sb.append('|');
      sb.append("(?:");
      if (isWordChar(p.charAt(0))) sb.append("\\b");
      boolean inSpace = false;
      for (char c : p.toCharArray()) {
        if (Character.isWhitespace(c)) {
          if (!inSpace) sb.append("\\s+");
          inSpace = true;
          continue;
        }
        inSpace = false;
        if (Character.isLetterOrDigit(c) && c < 128) {
          sb.append(c);
        } else {
          sb.append(String.format("\\x%02x", (int) c));
        }
      }
      if (isWordChar(p.charAt(p.length() - 1))) sb.append("\\b");
      sb.append(')');
    }
    return Pattern.compile(sb.toString(), Pattern.CASE_INSENSITIVE);
  }

  private static boolean isWordChar(char c) {
    return (c < 128 && Character.isLetterOrDigit(c)) || c == '_';
  }
}
