package dev.tripline.peers;

import java.util.Set;
import java.util.TreeSet;

/**
 * Near-duplicate detection exactly as Tripline's engine does it (rules/rule_engine.cc): the
 * set of lower-cased ASCII alphanumeric words of 3 to 63 characters minus stop words, compared
 * by Jaccard similarity.
 */
public final class WordSet {
  private static final Set<String> STOP = Set.of("the", "and", "for", "with", "from", "its",
      "says", "said", "say", "over", "after", "amid", "into", "that", "this", "will", "are", "was",
      "has", "have", "report", "reports", "sources", "source", "according", "update", "breaking");

  private WordSet() {}

  public static Set<String> of(String text) {
    Set<String> out = new TreeSet<>();
    StringBuilder w = new StringBuilder();
    for (int i = 0; i <= text.length(); ++i) {
      char c = i < text.length() ? text.charAt(i) : ' ';
      if (c < 128 && Character.isLetterOrDigit(c)) {
        w.append(Character.toLowerCase(c));
      } else {
        if (w.length() >= 3 && w.length() < 64 && !STOP.contains(w.toString())) {
          out.add(w.toString());
        }
        w.setLength(0);
      }
    }
    return out;
  }

  public static double jaccard(Set<String> a, Set<String> b) {
    if (a.isEmpty() && b.isEmpty()) return 1;
    int common = 0;
    for (String s : a) {
      if (b.contains(s)) ++common;
    }
    return (double) common / (double) (a.size() + b.size() - common);
  }
}
