package dev.tripline.peers.kstreams;

import dev.tripline.peers.BenchRules;
import dev.tripline.peers.Classifier;
import dev.tripline.peers.EventReader;
import dev.tripline.peers.SignalWriter;
import dev.tripline.peers.WordSet;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.JoinWindows;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.StreamJoined;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.BuiltInDslStoreSuppliers;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The Kafka Streams peer: the benchmark pack's rules as a Streams topology, run in
 * TopologyTestDriver (no broker: the comparison is of equal work, not of Kafka I/O).
 *
 * <ol>
 *   <li>headlines: phrase lists and entities matched in one pass (precompiled patterns) ->
 *       one hit per satisfied rule, re-keyed by instrument and repartitioned.
 *   <li>stories: near-duplicate suppression per instrument (state store of recent stories,
 *       Jaccard of word sets within the novelty window).
 *   <li>prices: per instrument the trailing 60-minute high and low (state store of monotonic
 *       deques) -> ticks where a rule's move can hold.
 *   <li>join: KStream-KStream join of stories and held ticks keyed by instrument,
 *       JoinWindows.ofTimeDifferenceWithNoGrace(60 min), the joiner testing the rule's move.
 *   <li>signals: the first joined pair per story, then the cooldown per rule and instrument
 *       (state stores), to the `signals` topic.
 * </ol>
 *
 * Usage: KStreamsPeer RULES.tsv HEADLINES.jsonl PRICES.jsonl OUT.jsonl
 */
public final class KStreamsPeer {
  /** A headline that satisfied a rule, on its way to become a story. */
  record Hit(int rule, long tsNs, String headlineId, String words) {}

  /** A tick at which some rule's move condition can hold. */
  record Held(long tsNs, double drop, double rise) {}

  /** A story paired with a held tick: the rule's conditions all hold at tsNs. */
  record Fire(int rule, long storyTsNs, String headlineId, long tsNs) {}

  // ---- serdes: the join's window stores and the repartition topic hold serialized values ----

  abstract static class BytesSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {
    @Override public Serializer<T> serializer() { return this; }
    @Override public Deserializer<T> deserializer() { return this; }
    @Override public void close() {}
    @Override public void configure(Map<String, ?> configs, boolean isKey) {}
  }

  static final class HitSerde extends BytesSerde<Hit> {
    @Override public byte[] serialize(String topic, Hit h) {
      byte[] id = h.headlineId().getBytes(StandardCharsets.UTF_8);
      byte[] w = h.words().getBytes(StandardCharsets.UTF_8);
      return ByteBuffer.allocate(4 + 8 + 4 + id.length + 4 + w.length).putInt(h.rule())
          .putLong(h.tsNs()).putInt(id.length).put(id).putInt(w.length).put(w).array();
    }
    @Override public Hit deserialize(String topic, byte[] b) {
      ByteBuffer buf = ByteBuffer.wrap(b);
      int rule = buf.getInt();
      long ts = buf.getLong();
      byte[] id = new byte[buf.getInt()];
      buf.get(id);
      byte[] w = new byte[buf.getInt()];
      buf.get(w);
      return new Hit(rule, ts, new String(id, StandardCharsets.UTF_8),
          new String(w, StandardCharsets.UTF_8));
    }
  }

  static final class HeldSerde extends BytesSerde<Held> {
    @Override public byte[] serialize(String topic, Held h) {
      return ByteBuffer.allocate(24).putLong(h.tsNs()).putDouble(h.drop()).putDouble(h.rise()).array();
    }
    @Override public Held deserialize(String topic, byte[] b) {
      ByteBuffer buf = ByteBuffer.wrap(b);
      return new Held(buf.getLong(), buf.getDouble(), buf.getDouble());
    }
  }

  /** Monotonic deques of (ts, price): the window's candidates for high and low. */
  static final class PriceWindow {
    long[] hiTs = new long[8];
    double[] hiPx = new double[8];
    int hiN;
    long[] loTs = new long[8];
    double[] loPx = new double[8];
    int loN;
    double last;

    static final Serde<PriceWindow> SERDE = new BytesSerde<>() {
      @Override public byte[] serialize(String topic, PriceWindow w) {
        ByteBuffer b = ByteBuffer.allocate(8 + 8 + 16 * (w.hiN + w.loN) + 8);
        b.putInt(w.hiN).putInt(w.loN).putDouble(w.last);
        for (int i = 0; i < w.hiN; ++i) b.putLong(w.hiTs[i]).putDouble(w.hiPx[i]);
        for (int i = 0; i < w.loN; ++i) b.putLong(w.loTs[i]).putDouble(w.loPx[i]);
        return b.array();
      }
      @Override public PriceWindow deserialize(String topic, byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        PriceWindow w = new PriceWindow();
        w.hiN = b.getInt();
        w.loN = b.getInt();
        w.last = b.getDouble();
        w.hiTs = new long[w.hiN + 8];
        w.hiPx = new double[w.hiN + 8];
        w.loTs = new long[w.loN + 8];
        w.loPx = new double[w.loN + 8];
        for (int i = 0; i < w.hiN; ++i) { w.hiTs[i] = b.getLong(); w.hiPx[i] = b.getDouble(); }
        for (int i = 0; i < w.loN; ++i) { w.loTs[i] = b.getLong(); w.loPx[i] = b.getDouble(); }
        return w;
      }
    };

    void update(long ts, double price, long windowNs) {
      while (hiN > 0 && hiPx[hiN - 1] <= price) --hiN;
      if (hiN == hiTs.length) { hiTs = java.util.Arrays.copyOf(hiTs, hiN * 2); hiPx = java.util.Arrays.copyOf(hiPx, hiN * 2); }
      hiTs[hiN] = ts; hiPx[hiN++] = price;
      while (loN > 0 && loPx[loN - 1] >= price) --loN;
      if (loN == loTs.length) { loTs = java.util.Arrays.copyOf(loTs, loN * 2); loPx = java.util.Arrays.copyOf(loPx, loN * 2); }
      loTs[loN] = ts; loPx[loN++] = price;
      // Tripline keeps points with ts >= now - window.
      long start = ts - windowNs;
      int h = 0;
      while (h < hiN && hiTs[h] < start) ++h;
      if (h > 0) { System.arraycopy(hiTs, h, hiTs, 0, hiN - h); System.arraycopy(hiPx, h, hiPx, 0, hiN - h); hiN -= h; }
      int l = 0;
      while (l < loN && loTs[l] < start) ++l;
      if (l > 0) { System.arraycopy(loTs, l, loTs, 0, loN - l); System.arraycopy(loPx, l, loPx, 0, loN - l); loN -= l; }
      last = price;
    }
  }

  /** Recent stories of one instrument: rule, ts, word set. */
  static final Serde<List<Hit>> STORIES_SERDE = new BytesSerde<>() {
    final HitSerde hit = new HitSerde();
    @Override public byte[] serialize(String topic, List<Hit> list) {
      List<byte[]> parts = new ArrayList<>();
      int size = 4;
      for (Hit h : list) { byte[] p = hit.serialize(topic, h); parts.add(p); size += 4 + p.length; }
      ByteBuffer b = ByteBuffer.allocate(size).putInt(parts.size());
      for (byte[] p : parts) b.putInt(p.length).put(p);
      return b.array();
    }
    @Override public List<Hit> deserialize(String topic, byte[] bytes) {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      int n = b.getInt();
      List<Hit> out = new ArrayList<>(n + 1);
      for (int i = 0; i < n; ++i) { byte[] p = new byte[b.getInt()]; b.get(p); out.add(hit.deserialize(topic, p)); }
      return out;
    }
  };

  private static <T extends org.apache.kafka.streams.state.StoreBuilder<?>> T logged(
      T builder, boolean logged) {
    if (logged) {
      builder.withLoggingEnabled(java.util.Map.of());
    } else {
      builder.withLoggingDisabled();
    }
    return builder;
  }

  static Topology topology(List<BenchRules.Rule> rules) {
    return topology(rules, "headlines", "prices", "signals",
        Consumed.with(Serdes.String(), Serdes.String()), Consumed.with(Serdes.String(), Serdes.String()));
  }

  /**
   * The topology on named topics. The Consumed of each source must deliver the TSV values
   * below (KStreamsLive decodes the harness's JSON in its deserializer and takes the record
   * timestamp from the event time, so that the join windows are in event time as here).
   */
  static Topology topology(List<BenchRules.Rule> rules, String headlinesTopic, String pricesTopic,
      String signalsTopic, Consumed<String, String> headlinesIn, Consumed<String, String> pricesIn) {
    return topology(rules, headlinesTopic, pricesTopic, signalsTopic, headlinesIn, pricesIn, false);
  }

  /**
   * With {@code logged}, every store (the four key-value stores and the join's window stores)
   * writes a changelog topic, which is what lets another instance take over a task with its
   * state (restored from the changelog, or kept warm by a standby replica): the failover
   * measure (bench/failover) runs it so. Without, the stores are memory only, as the
   * throughput benchmarks measure it; a task that moves then starts empty.
   */
  static Topology topology(List<BenchRules.Rule> rules, String headlinesTopic, String pricesTopic,
      String signalsTopic, Consumed<String, String> headlinesIn, Consumed<String, String> pricesIn,
      boolean logged) {
    BenchRules.Rule r0 = rules.get(0);
    for (BenchRules.Rule r : rules) {
      if (r.windowMs() != r0.windowMs()) throw new IllegalArgumentException("one window assumed");
    }
    final long windowNs = r0.windowMs() * 1_000_000L;
    Set<String> watched = new HashSet<>();
    double loosestDrop = -1e9, loosestRise = 1e9;
    for (BenchRules.Rule r : rules) {
      watched.add(r.instrument());
      if (r.le()) loosestDrop = Math.max(loosestDrop, r.threshold());
      else loosestRise = Math.min(loosestRise, r.threshold());
    }
    final double dropCut = loosestDrop, riseCut = loosestRise;
    final HitSerde hitSerde = new HitSerde();
    final HeldSerde heldSerde = new HeldSerde();
    final Classifier classifier = new Classifier(rules);

    StreamsBuilder b = new StreamsBuilder();
    b.addStateStore(logged(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("price-windows"),
        Serdes.String(), PriceWindow.SERDE), logged));
    b.addStateStore(logged(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("stories"),
        Serdes.String(), STORIES_SERDE), logged));
    b.addStateStore(logged(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("fired"),
        Serdes.String(), Serdes.Long()), logged));
    b.addStateStore(logged(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("last-fire"),
        Serdes.String(), Serdes.Long()), logged));

    // Headline value: "tsNs\tid\ttext" (the reader decoded the JSON once, as for the other
    // engines).
    KStream<String, String> headlines =
        b.stream(headlinesTopic, headlinesIn);
    KStream<String, Hit> stories = headlines
        .flatMap((k, v) -> {
          String[] f = v.split("\t", 3);
          List<BenchRules.Rule> hits = classifier.classify(f[2]);
          if (hits.isEmpty()) return List.<KeyValue<String, Hit>>of();
          String words = String.join(" ", WordSet.of(f[2]));
          long ts = Long.parseLong(f[0]);
          List<KeyValue<String, Hit>> out = new ArrayList<>(hits.size());
          for (BenchRules.Rule r : hits) out.add(KeyValue.pair(r.instrument(), new Hit(r.index(), ts, f[1], words)));
          return out;
        })
        .repartition(Repartitioned.with(Serdes.String(), hitSerde).withName("hits-by-instrument"))
        .processValues(() -> new FixedKeyProcessor<String, Hit, Hit>() {
          private FixedKeyProcessorContext<String, Hit> ctx;
          private KeyValueStore<String, List<Hit>> store;
          @Override public void init(FixedKeyProcessorContext<String, Hit> c) {
            ctx = c;
            store = c.getStateStore("stories");
          }
          @Override public void process(FixedKeyRecord<String, Hit> rec) {
            Hit h = rec.value();
            BenchRules.Rule rule = rules.get(h.rule());
            List<Hit> recent = store.get(rec.key());
            if (recent == null) recent = new ArrayList<>();
            long keep = rule.noveltyMs() * 1_000_000L;
            recent.removeIf(s -> h.tsNs() - s.tsNs() > keep);
            Set<String> words = new TreeSet<>(List.of(h.words().isEmpty() ? new String[0] : h.words().split(" ")));
            for (Hit s : recent) {
              if (s.rule() != h.rule()) continue;
              Set<String> other = new TreeSet<>(List.of(s.words().isEmpty() ? new String[0] : s.words().split(" ")));
              if (WordSet.jaccard(words, other) >= rule.similarity()) {
                store.put(rec.key(), recent);
                return;  // a near-duplicate: a confirmation, not a new story
              }
            }
            recent.add(h);
            store.put(rec.key(), recent);
            ctx.forward(rec);
          }
        }, "stories");

    KStream<String, String> prices = b.stream(pricesTopic, pricesIn);
    KStream<String, Held> held = prices
        .filter((sym, v) -> watched.contains(sym))
        .processValues(() -> new FixedKeyProcessor<String, String, Held>() {
          private FixedKeyProcessorContext<String, Held> ctx;
          private KeyValueStore<String, PriceWindow> store;
          @Override public void init(FixedKeyProcessorContext<String, Held> c) {
            ctx = c;
            store = c.getStateStore("price-windows");
          }
          @Override public void process(FixedKeyRecord<String, String> rec) {
            String v = rec.value();  // "tsNs\tprice"
            int tab = v.indexOf('\t');
            long ts = Long.parseLong(v.substring(0, tab));
            double price = Double.parseDouble(v.substring(tab + 1));
            PriceWindow w = store.get(rec.key());
            if (w == null) w = new PriceWindow();
            w.update(ts, price, windowNs);
            store.put(rec.key(), w);
            double drop = w.last / w.hiPx[0] - 1.0;
            double rise = w.last / w.loPx[0] - 1.0;
            if (drop <= dropCut || rise >= riseCut) ctx.forward(rec.withValue(new Held(ts, drop, rise)));
          }
        }, "price-windows");

    KStream<String, Fire> fires = stories.join(held,
        (s, p) -> rules.get(s.rule()).holds(p.drop(), p.rise())
            ? new Fire(s.rule(), s.tsNs(), s.headlineId(), Math.max(s.tsNs(), p.tsNs()))
            : null,
        JoinWindows.ofTimeDifferenceWithNoGrace(Duration.ofMillis(r0.windowMs())),
        // In-memory window stores: TopologyTestDriver commits after every record, and a
        // RocksDB store would fsync a checkpoint each time -- a test-driver cost, not Streams'.
        // Through withDslStoreSuppliers, not withThis/OtherStoreSupplier: Streams 3.9 ignores
        // withLoggingDisabled for supplied join stores, and on a broker (KStreamsLive) they
        // wrote a changelog record per story and held tick. Both build the same stores
        // (window and retention 2 x the join window, duplicates retained).
        logged ? StreamJoined.with(Serdes.String(), hitSerde, heldSerde)
            .withDslStoreSuppliers(new BuiltInDslStoreSuppliers.InMemoryDslStoreSuppliers())
            .withLoggingEnabled(java.util.Map.of())
        : StreamJoined.with(Serdes.String(), hitSerde, heldSerde)
            .withDslStoreSuppliers(new BuiltInDslStoreSuppliers.InMemoryDslStoreSuppliers())
            .withLoggingDisabled());

    fires
        .filter((k, f) -> f != null)
        .processValues(() -> new FixedKeyProcessor<String, Fire, String>() {
          private FixedKeyProcessorContext<String, String> ctx;
          private KeyValueStore<String, Long> fired;
          private KeyValueStore<String, Long> lastFire;
          @Override public void init(FixedKeyProcessorContext<String, String> c) {
            ctx = c;
            fired = c.getStateStore("fired");
            lastFire = c.getStateStore("last-fire");
            // Forget fired stories once no tick can pair with them any more.
            c.schedule(Duration.ofMinutes(10), PunctuationType.STREAM_TIME, now -> {
              List<String> old = new ArrayList<>();
              try (KeyValueIterator<String, Long> it = fired.all()) {
                while (it.hasNext()) {
                  KeyValue<String, Long> kv = it.next();
                  if (kv.value < now * 1_000_000L - 2 * windowNs) old.add(kv.key);
                }
              }
              for (String k : old) fired.delete(k);
            });
          }
          @Override public void process(FixedKeyRecord<String, Fire> rec) {
            Fire f = rec.value();
            BenchRules.Rule rule = rules.get(f.rule());
            String story = f.rule() + "|" + f.storyTsNs() + "|" + f.headlineId();
            if (fired.get(story) != null) return;  // the story fired on an earlier tick
            fired.put(story, f.storyTsNs());
            String pair = rule.id() + "|" + rule.instrument();
            Long last = lastFire.get(pair);
            if (last != null && Math.abs(f.tsNs() - last) < rule.cooldownMs() * 1_000_000L) return;
            lastFire.put(pair, f.tsNs());
            // The headline id last: KStreamsLive's readers (kafka_e2e_bench) take the latency
            // from it; main reads the first three fields.
            ctx.forward(rec.withValue(rule.instrument() + "\t" + rule.id() + "\t" + f.tsNs()
                + "\t" + f.headlineId()));
          }
        }, "fired", "last-fire")
        .to(signalsTopic, Produced.with(Serdes.String(), Serdes.String()));
    return b.build();
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println("usage: KStreamsPeer RULES.tsv HEADLINES.jsonl PRICES.jsonl OUT.jsonl");
      System.exit(64);
    }
    List<BenchRules.Rule> rules = BenchRules.load(Path.of(args[0]));
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "tripline-peer");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
    try (TopologyTestDriver driver = new TopologyTestDriver(topology(rules), props);
         SignalWriter out = new SignalWriter(Path.of(args[3]));
         EventReader reader = new EventReader(Path.of(args[1]), Path.of(args[2]))) {
      TestInputTopic<String, String> headlines = driver.createInputTopic("headlines",
          new StringSerializer(), new StringSerializer());
      TestInputTopic<String, String> prices = driver.createInputTopic("prices",
          new StringSerializer(), new StringSerializer());
      TestOutputTopic<String, String> signals = driver.createOutputTopic("signals",
          new StringDeserializer(), new StringDeserializer());
      long[] n = {0};
      Runnable drain = () -> {
        for (String v : signals.readValuesToList()) {
          String[] f = v.split("\t");
          out.write(f[0], f[1], Long.parseLong(f[2]));
        }
      };
      long start = System.nanoTime();
      reader.run(e -> {
        Instant at = Instant.ofEpochSecond(e.tsNs / 1_000_000_000L, e.tsNs % 1_000_000_000L);
        if (e.headline) {
          headlines.pipeInput(null, e.tsNs + "\t" + e.id + "\t" + e.text, at);
        } else if (!e.close) {
          prices.pipeInput(e.sym, e.tsNs + "\t" + e.price, at);
        }
        if (++n[0] % 4096 == 0) drain.run();
      });
      drain.run();
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(Locale.ROOT,
          "{\"peer\":\"kstreams\",\"events\":%d,\"signals\":%d,\"seconds\":%.3f,"
              + "\"events_per_s\":%.0f,\"peak_rss_kib\":%d}%n",
          reader.count, out.count, seconds, reader.count / seconds, SignalWriter.peakRssKib());
    }
  }
}
