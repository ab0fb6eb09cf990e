package dev.tripline.peers;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which rules' headline conditions a headline satisfies: each distinct phrase list and each
 * entity compiled once into one pattern; a headline is scanned once per list and per entity
 * (not once per rule), which is how a skilled user keeps hundreds of rules cheap.
 * Not thread-safe (reuses its result list).
 */
public final class Classifier {
  private final List<BenchRules.Rule> rules;
  private final Pattern[] themes;
  private final Pattern[] entities;
  private final int[] ruleTheme;
  private final int[] ruleEntity;
  private final boolean[] themeHit;
  private final boolean[] entityHit;
  private final List<BenchRules.Rule> hits = new ArrayList<>();

  public Classifier(List<BenchRules.Rule> rules) {
    this.rules = rules;
    Map<String, Integer> themeIds = new HashMap<>();
    Map<String, Integer> entityIds = new HashMap<>();
    List<Pattern> t = new ArrayList<>();
    List<Pattern> e = new ArrayList<>();
    ruleTheme = new int[rules.size()];
    ruleEntity = new int[rules.size()];
    for (BenchRules.Rule r : rules) {
      ruleTheme[r.index()] = themeIds.computeIfAbsent(r.phrases(), k -> {
        t.add(BenchRules.phrasePattern(k));
        return t.size() - 1;
      });
      ruleEntity[r.index()] = entityIds.computeIfAbsent(r.entityNames(), k -> {
        e.add(BenchRules.phrasePattern(k));
        return e.size() - 1;
      });
    }
    themes = t.toArray(new Pattern[0]);
    entities = e.toArray(new Pattern[0]);
    themeHit = new boolean[themes.length];
    entityHit = new boolean[entities.length];
  }

  /** The rules the headline satisfies, in pack order; valid until the next call. */
  public List<BenchRules.Rule> classify(String text) {
    hits.clear();
    boolean any = false;
    for (int i = 0; i < themes.length; ++i) {
      themeHit[i] = themes[i].matcher(text).find();
      any |= themeHit[i];
    }
    if (!any) return hits;
    for (int i = 0; i < entities.length; ++i) entityHit[i] = entities[i].matcher(text).find();
    for (BenchRules.Rule r : rules) {
      if (themeHit[ruleTheme[r.index()]] && entityHit[ruleEntity[r.index()]]) hits.add(r);
    }
    return hits;
  }
}
