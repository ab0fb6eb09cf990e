package dev.tripline.peers.kstreams;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.tripline.peers.BenchRules;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * The Kafka Streams peer against a real broker (kafka_e2e_bench's `kstreams` mode):
 * KStreamsPeer's topology, unchanged, run by KafkaStreams with processing.guarantee =
 * exactly_once_v2 on the harness's topics, until SIGTERM.
 *
 * <p>The harness writes JSON ({"id","ts","source","headline"} unkeyed; {"sym","ts","price"}
 * keyed by symbol); the source deserializers decode it once (Jackson's streaming parser) into
 * the topology's TSV values, and the timestamp extractor takes the record time from the event
 * time, so the join windows, novelty and cooldowns are in event time as in TopologyTestDriver.
 * The application.id is the harness's group id: Streams commits the source offsets under it,
 * which is what the harness watches. Signal values end with the headline id ("hb-<ns>").
 *
 * <p>Usage: KStreamsLive RULES.tsv BOOTSTRAP APPLICATION_ID HEADLINES PRICES SIGNALS COMMIT_MS
 */
public final class KStreamsLive {
  private static final JsonFactory JSON = new JsonFactory();

  private KStreamsLive() {}

  /** Event time in ns: RFC 3339 text (the harness) or integer ns (the generated JSONL). */
  static long eventNs(JsonParser jp) throws IOException {
    if (jp.currentToken() == JsonToken.VALUE_NUMBER_INT) return jp.getLongValue();
    Instant t = Instant.parse(jp.getText());
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  /** A headline's JSON as "tsNs\tid\ttext". */
  static final class HeadlineDeserializer implements Deserializer<String> {
    @Override public String deserialize(String topic, byte[] data) {
      if (data == null) return null;
      try (JsonParser jp = JSON.createParser(data)) {
        if (jp.nextToken() != JsonToken.START_OBJECT) throw new IOException("not an object");
        long ts = 0;
        String id = "", text = "";
        while (jp.nextToken() == JsonToken.FIELD_NAME) {
          String name = jp.currentName();
          JsonToken v = jp.nextToken();
          switch (name) {
            case "id" -> id = jp.getText();
            case "ts" -> ts = eventNs(jp);
            case "headline" -> text = jp.getText();
            default -> {
              if (v == JsonToken.START_ARRAY || v == JsonToken.START_OBJECT) jp.skipChildren();
            }
          }
        }
        return ts + "\t" + id + "\t" + text;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** A tick's JSON as "tsNs\tprice" (the symbol is the record key). */
  static final class PriceDeserializer implements Deserializer<String> {
    @Override public String deserialize(String topic, byte[] data) {
      if (data == null) return null;
      try (JsonParser jp = JSON.createParser(data)) {
        if (jp.nextToken() != JsonToken.START_OBJECT) throw new IOException("not an object");
        long ts = 0;
        double price = 0;
        while (jp.nextToken() == JsonToken.FIELD_NAME) {
          String name = jp.currentName();
          JsonToken v = jp.nextToken();
          switch (name) {
            case "ts" -> ts = eventNs(jp);
            case "price" -> price = jp.getDoubleValue();
            default -> {
              if (v == JsonToken.START_ARRAY || v == JsonToken.START_OBJECT) jp.skipChildren();
            }
          }
        }
        return ts + "\t" + price;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** The record time is the event time: the decoded value's leading "tsNs", in ms. */
  static final class EventTimeExtractor implements TimestampExtractor {
    @Override public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
      if (!(record.value() instanceof String v)) return partitionTime;
      int tab = v.indexOf('\t');
      return Long.parseLong(tab < 0 ? v : v.substring(0, tab)) / 1_000_000L;
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 7) {
      System.err.println("usage: KStreamsLive RULES.tsv BOOTSTRAP APPLICATION_ID HEADLINES PRICES"
          + " SIGNALS COMMIT_MS");
      System.exit(64);
    }
    List<BenchRules.Rule> rules = BenchRules.load(Path.of(args[0]));
    Properties props = new Properties();
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, args[1]);
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, args[2]);
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Long.parseLong(args[6]));
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
    // The join's task reads the prices and the repartitioned stories, which become readable
    // only after this thread's next commit. With the default max.task.idle.ms = 0 the task
    // goes on with the prices meanwhile, and the harness's event time runs at 2 s a message:
    // at 20000 msg/s a 100 ms commit is 4000 s of prices ahead, so the late stories fell
    // outside the 60-minute join window and were dropped (half the signals missing at 20000
    // msg/s, and a 20000-message backlog stuck at 1429 of 2000). Idling for the stories keeps
    // the join in event-time order, as TopologyTestDriver is. 10 s, not a few commit
    // intervals: the first commit (transactions, the repartition topic's metadata) took over
    // 1 s on the shared bench machine, and with 1 s the first 651 stories of a 2M backlog were
    // dropped. It delays only a record waiting for the other input, which the harness sends
    // continuously (the last stories of a run wait for it).
    props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, 10_000L);
    // The harness's other processors fetch with fetch.wait.max.ms = 10: the same here, so the
    // latency compares the processors, not the broker's default 500 ms long poll.
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), 10);
    props.put(StreamsConfig.STATE_DIR_CONFIG,
        Path.of(System.getProperty("java.io.tmpdir"), "tripline-kstreams").toString());

    // Failover (bench/failover/failover_bench.py --peer kstreams): two instances of one
    // application on one machine. -Dkstreams.failover=true logs every store to a changelog
    // (a task moves with its state) and keeps one standby replica of each stateful task on
    // the other instance (num.standby.replicas = 1, Streams' warm standby);
    // -Dkstreams.client.id names the instance (its state directory and client ids), and
    // -Dkstreams.session.timeout.ms sets the consumer's session timeout (Streams' default:
    // 45 s).
    final boolean failover = Boolean.getBoolean("kstreams.failover");
    final String clientId = System.getProperty("kstreams.client.id");
    if (clientId != null) {
      props.put(StreamsConfig.CLIENT_ID_CONFIG, clientId);
      props.put(StreamsConfig.STATE_DIR_CONFIG,
          Path.of(System.getProperty("java.io.tmpdir"), "tripline-kstreams-" + clientId).toString());
    }
    if (failover) props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 1);
    final String session = System.getProperty("kstreams.session.timeout.ms");
    if (session != null) {
      props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG),
          Integer.parseInt(session));
      props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG),
          Math.max(500, Integer.parseInt(session) / 4));
    }

    Serde<String> headlines = Serdes.serdeFrom(new StringSerializer(), new HeadlineDeserializer());
    Serde<String> prices = Serdes.serdeFrom(new StringSerializer(), new PriceDeserializer());
    EventTimeExtractor eventTime = new EventTimeExtractor();
    KafkaStreams streams = new KafkaStreams(KStreamsPeer.topology(rules, args[3], args[4], args[5],
        Consumed.with(Serdes.String(), headlines).withTimestampExtractor(eventTime),
        Consumed.with(Serdes.String(), prices).withTimestampExtractor(eventTime), failover), props);

    CountDownLatch stopped = new CountDownLatch(1);
    int[] status = {0};
    streams.setUncaughtExceptionHandler(e -> {
      System.err.println("KStreamsLive: " + e);
      e.printStackTrace();
      status[0] = 1;
      stopped.countDown();
      return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    });
    streams.setStateListener((now, before) -> System.err.println("KStreamsLive: " + before + " -> " + now));
    // SIGTERM (the harness's Stop): close cleanly, committing the open transaction.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      streams.close(Duration.ofSeconds(30));
      stopped.countDown();
    }, "kstreams-live-shutdown"));
    streams.start();
    stopped.await();
    if (status[0] != 0) {
      streams.close(Duration.ofSeconds(30));
      System.exit(status[0]);
    }
  }
}
