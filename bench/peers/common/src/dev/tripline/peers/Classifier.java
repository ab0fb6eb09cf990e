package dev.tripline.peers;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which rules' headline conditions a headline satisfies. Each distinct phrase list and entity
 * is checked once per headline (not once per rule), with plain substring search over the
 * headline lower-cased once: a skilled user's answer to hundreds of rules, and several times
 * faster than java.util.regex alternations. Semantics are Tripline's literal phrases (see
 * BenchRules.phrasePattern): ASCII case-insensitive, word-bounded at word-character ends, a
 * space matching any run of whitespace. Not thread-safe (reuses its buffers).
 */
public final class Classifier {
  private final List<BenchRules.Rule> rules;
  private final String[][] themes;
  private final String[][] entities;
  private final int[] ruleTheme;
  private final int[] ruleEntity;
  private final boolean[] themeHit;
  private final boolean[] entityHit;
  private final List<BenchRules.Rule> hits = new ArrayList<>();
  private final StringBuilder norm = new StringBuilder(256);

  public Classifier(List<BenchRules.Rule> rules) {
    this.rules = rules;
    Map<String, Integer> themeIds = new HashMap<>();
    Map<String, Integer> entityIds = new HashMap<>();
    List<String[]> t = new ArrayList<>();
    List<String[]> e = new ArrayList<>();
    ruleTheme = new int[rules.size()];
    ruleEntity = new int[rules.size()];
    for (BenchRules.Rule r : rules) {
      ruleTheme[r.index()] = themeIds.computeIfAbsent(r.phrases(), k -> {
        t.add(split(k));
        return t.size() - 1;
      });
      ruleEntity[r.index()] = entityIds.computeIfAbsent(r.entityNames(), k -> {
        e.add(split(k));
        return e.size() - 1;
      });
    }
    themes = t.toArray(new String[0][]);
    entities = e.toArray(new String[0][]);
    themeHit = new boolean[themes.length];
    entityHit = new boolean[entities.length];
  }

  /** The rules the headline satisfies, in pack order; valid until the next call. */
  public List<BenchRules.Rule> classify(String text) {
    hits.clear();
    String s = normalise(text, norm);
    boolean any = false;
    for (int i = 0; i < themes.length; ++i) {
      themeHit[i] = anyOf(s, themes[i]);
      any |= themeHit[i];
    }
    if (!any) return hits;
    for (int i = 0; i < entities.length; ++i) entityHit[i] = anyOf(s, entities[i]);
    for (BenchRules.Rule r : rules) {
      if (themeHit[ruleTheme[r.index()]] && entityHit[ruleEntity[r.index()]]) hits.add(r);
    }
    return hits;
  }

  private static String[] split(String phrases) {
    String[] p = phrases.split("\\|");
    for (int i = 0; i < p.length; ++i) p[i] = normalise(p[i], new StringBuilder());
    return p;
  }

  /** ASCII lower case, every run of whitespace as one space. */
  static String normalise(String text, StringBuilder sb) {
    sb.setLength(0);
    boolean space = false;
    for (int i = 0; i < text.length(); ++i) {
      char c = text.charAt(i);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B) {
        if (!space) sb.append(' ');
        space = true;
        continue;
      }
      space = false;
      sb.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
    }
    return sb.toString();
  }

  private static boolean anyOf(String s, String[] phrases) {
    for (String p : phrases) {
      if (find(s, p)) return true;
    }
    return false;
  }

  private static boolean find(String s, String p) {
    boolean wordStart = isWordChar(p.charAt(0));
    boolean wordEnd = isWordChar(p.charAt(p.length() - 1));
    for (int at = s.indexOf(p); at >= 0; at = s.indexOf(p, at + 1)) {
      int end = at + p.length();
      if (wordStart && at > 0 && isWordChar(s.charAt(at - 1))) continue;
      if (wordEnd && end < s.length() && isWordChar(s.charAt(end))) continue;
      return true;
    }
    return false;
  }

  private static boolean isWordChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }
}
