package dev.tripline.peers.esper;

import com.espertech.esper.common.client.EPCompiled;
import com.espertech.esper.common.client.EventBean;
import com.espertech.esper.common.client.configuration.Configuration;
import com.espertech.esper.compiler.client.CompilerArguments;
import com.espertech.esper.compiler.client.EPCompilerProvider;
import com.espertech.esper.runtime.client.EPDeployment;
import com.espertech.esper.runtime.client.EPEventService;
import com.espertech.esper.runtime.client.EPRuntime;
import com.espertech.esper.runtime.client.EPRuntimeProvider;
import com.espertech.esper.runtime.client.EPStatement;
import dev.tripline.peers.BenchRules;
import dev.tripline.peers.Classifier;
import dev.tripline.peers.EventReader;
import dev.tripline.peers.SignalWriter;
import dev.tripline.peers.WordSet;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The Esper peer: the benchmark pack's rules as EPL, run over the generated day in event time
 * (external clock advanced to each event's ts). Headline classification (phrase list + entity)
 * runs in Java with precompiled patterns, as the Tripline engine runs it in Hyperscan; the
 * correlation, near-duplicate suppression and cooldown are EPL:
 *
 * <ol>
 *   <li>Move: per watched instrument, the trailing 60-minute high and low (#groupwin#time).
 *   <li>Held: ticks where some rule's move condition can hold, kept 60 minutes in a named
 *       window.
 *   <li>NewStory: a rule hit that is no near-duplicate (Jaccard of word sets) of an earlier
 *       story of the rule within the novelty window (on-merge into a story window).
 *   <li>Fire: a story with a held tick in the hour before it (subquery), or else the first held
 *       tick within the hour after it (pattern every s -> p where timer:within).
 *   <li>Signal: a fire more than the cooldown after the last signal of the rule and instrument
 *       (on-merge into a last-fire window).
 * </ol>
 *
 * Usage: EsperPeer RULES.tsv HEADLINES.jsonl PRICES.jsonl OUT.jsonl
 */
public final class EsperPeer {
  /** A price tick as Esper sees it. */
  public static final class Price {
    private final String sym;
    private final long tsNs;
    private final double price;

    public Price(String sym, long tsNs, double price) {
      this.sym = sym;
      this.tsNs = tsNs;
      this.price = price;
    }

    public String getSym() { return sym; }
    public long getTsNs() { return tsNs; }
    public double getPrice() { return price; }
  }

  /** A headline that satisfied one rule's headline condition. */
  public static final class RuleHit {
    private final String rule;
    private final String instrument;
    private final long tsNs;
    private final boolean le;
    private final double threshold;
    private final double similarity;
    private final long cooldownNs;
    private final Set<String> words;

    public RuleHit(BenchRules.Rule r, long tsNs, Set<String> words) {
      this.rule = r.id();
      this.instrument = r.instrument();
      this.tsNs = tsNs;
      this.le = r.le();
      this.threshold = r.threshold();
      this.similarity = r.similarity();
      this.cooldownNs = r.cooldownMs() * 1_000_000L;
      this.words = words;
    }

    public String getRule() { return rule; }
    public String getInstrument() { return instrument; }
    public long getTsNs() { return tsNs; }
    public boolean isLe() { return le; }
    public double getThreshold() { return threshold; }
    public double getSimilarity() { return similarity; }
    public long getCooldownNs() { return cooldownNs; }
    public Set<String> getWords() { return words; }
  }

  /** Single-row functions used by the EPL. */
  public static final class Udf {
    @SuppressWarnings("unchecked")
    public static double jaccard(Object a, Object b) {
      return WordSet.jaccard((Set<String>) a, (Set<String>) b);
    }

    public static boolean holds(boolean le, double threshold, double drop, double rise) {
      return le ? drop <= threshold : rise >= threshold;
    }
  }

  static String epl(List<BenchRules.Rule> rules) {
    // Every rule of the pack shares one window, cooldown and novelty window; the EPL uses them
    // as constants (it checks).
    BenchRules.Rule r0 = rules.get(0);
    for (BenchRules.Rule r : rules) {
      if (r.windowMs() != r0.windowMs() || r.noveltyMs() != r0.noveltyMs()) {
        throw new IllegalArgumentException("the EPL assumes one window and novelty window");
      }
    }
    Set<String> syms = new TreeSet<>();
    double loosestDrop = -1e9, loosestRise = 1e9;
    for (BenchRules.Rule r : rules) {
      syms.add(r.instrument());
      if (r.le()) loosestDrop = Math.max(loosestDrop, r.threshold());
      else loosestRise = Math.min(loosestRise, r.threshold());
    }
    String in = syms.stream().map(s -> "'" + s + "'").collect(Collectors.joining(","));
    // Tripline keeps points with ts >= now - window: one millisecond more than Esper's
    // time window, which expires an event exactly `window` after it arrived.
    long w = r0.windowMs() + 1;
    long nov = r0.noveltyMs() + 1;
    return String.join("\n",
        "create schema Held(sym string, tsNs long, dropv double, rise double);",
        "create schema NewStory(rule string, instrument string, tsNs long, le boolean,"
            + " threshold double, cooldownNs long);",
        "create schema Fire(rule string, instrument string, tsNs long, cooldownNs long);",
        "create schema Signal(rule string, instrument string, tsNs long);",
        "insert into Move select sym, tsNs, price / max(price) - 1 as dropv,"
            + " price / min(price) - 1 as rise",
        "  from Price(sym in (" + in + "))#groupwin(sym)#time(" + w + " msec) group by sym;",
        String.format(Locale.ROOT,
            "insert into Held select sym, tsNs, dropv, rise from Move(dropv <= %s or rise >= %s);",
            Double.toString(loosestDrop), Double.toString(loosestRise)),
        "create window HeldWin#time(" + w + " msec) as Held;",
        "insert into HeldWin select * from Held;",
        "create window StoryWin#time(" + nov + " msec) as (rule string, words java.lang.Object);",
        "on RuleHit as r merge StoryWin as s",
        "  where s.rule = r.rule and jaccard(s.words, r.words) >= r.similarity",
        "  when not matched",
        "    then insert select r.rule as rule, r.words as words",
        "    then insert into NewStory select r.rule as rule, r.instrument as instrument,"
            + " r.tsNs as tsNs, r.le as le, r.threshold as threshold,"
            + " r.cooldownNs as cooldownNs;",
        "insert into Fire select s.rule as rule, s.instrument as instrument, s.tsNs as tsNs,"
            + " s.cooldownNs as cooldownNs from NewStory as s",
        "  where exists (select * from HeldWin as p where p.sym = s.instrument"
            + " and holds(s.le, s.threshold, p.dropv, p.rise));",
        "insert into Pending select * from NewStory as s",
        "  where not exists (select * from HeldWin as p where p.sym = s.instrument"
            + " and holds(s.le, s.threshold, p.dropv, p.rise));",
        "insert into Fire select s.rule as rule, s.instrument as instrument, p.tsNs as tsNs,"
            + " s.cooldownNs as cooldownNs",
        "  from pattern [every s=Pending -> (p=Held(sym = s.instrument"
            + " and holds(s.le, s.threshold, dropv, rise)) where timer:within(" + w + " msec))];",
        "create window LastFire#unique(rule, instrument)"
            + " as (rule string, instrument string, tsNs long);",
        "on Fire as f merge LastFire as l where l.rule = f.rule and l.instrument = f.instrument",
        "  when matched and f.tsNs - l.tsNs >= f.cooldownNs",
        "    then update set l.tsNs = f.tsNs",
        "    then insert into Signal select f.rule as rule, f.instrument as instrument,"
            + " f.tsNs as tsNs",
        "  when not matched",
        "    then insert select f.rule as rule, f.instrument as instrument, f.tsNs as tsNs",
        "    then insert into Signal select f.rule as rule, f.instrument as instrument,"
            + " f.tsNs as tsNs;",
        "@name('signals') select * from Signal;");
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println("usage: EsperPeer RULES.tsv HEADLINES.jsonl PRICES.jsonl OUT.jsonl");
      System.exit(64);
    }
    List<BenchRules.Rule> rules = BenchRules.load(Path.of(args[0]));
    Configuration config = new Configuration();
    config.getCommon().addEventType("Price", Price.class);
    config.getCommon().addEventType("RuleHit", RuleHit.class);
    config.getCompiler().addPlugInSingleRowFunction("jaccard", Udf.class.getName(), "jaccard");
    config.getCompiler().addPlugInSingleRowFunction("holds", Udf.class.getName(), "holds");
    config.getRuntime().getThreading().setInternalTimerEnabled(false);
    config.getCompiler().getByteCode().setAllowSubscriber(false);

    String epl = epl(rules);
    EPCompiled compiled = EPCompilerProvider.getCompiler().compile(epl, new CompilerArguments(config));
    EPRuntime runtime = EPRuntimeProvider.getRuntime("tripline-peer", config);
    runtime.getEventService().advanceTime(0);
    EPDeployment dep = runtime.getDeploymentService().deploy(compiled);
    EPStatement signals = runtime.getDeploymentService().getStatement(dep.getDeploymentId(), "signals");

    Classifier classifier = new Classifier(rules);
    try (SignalWriter out = new SignalWriter(Path.of(args[3]));
         EventReader reader = new EventReader(Path.of(args[1]), Path.of(args[2]))) {
      signals.addListener((newEvents, oldEvents, stmt, rt) -> {
        for (EventBean e : newEvents) {
          out.write((String) e.get("instrument"), (String) e.get("rule"), (Long) e.get("tsNs"));
        }
      });
      EPEventService events = runtime.getEventService();
      long[] now = {0};
      long start = System.nanoTime();
      reader.run(e -> {
        long ms = e.tsNs / 1_000_000L;
        if (ms > now[0]) {
          events.advanceTime(ms);
          now[0] = ms;
        }
        if (e.headline) {
          List<BenchRules.Rule> hits = classifier.classify(e.text);
          if (hits.isEmpty()) return;
          Set<String> words = WordSet.of(e.text);
          for (BenchRules.Rule r : hits) events.sendEventBean(new RuleHit(r, e.tsNs, words), "RuleHit");
        } else if (!e.close) {
          events.sendEventBean(new Price(e.sym, e.tsNs, e.price), "Price");
        }
      });
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(Locale.ROOT,
          "{\"peer\":\"esper\",\"events\":%d,\"signals\":%d,\"seconds\":%.3f,"
              + "\"events_per_s\":%.0f,\"peak_rss_kib\":%d}%n",
          reader.count, out.count, seconds, reader.count / seconds, SignalWriter.peakRssKib());
    }
    runtime.destroy();
  }
}
