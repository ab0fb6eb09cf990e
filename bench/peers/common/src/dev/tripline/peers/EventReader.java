package dev.tripline.peers;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedInputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads the generated headline and price JSONL files with Jackson's streaming parser and
 * merges them in Tripline's replay order: ascending ts (recv_ts is not generated), headlines
 * before prices at equal ts, file order within a file. The event object is reused.
 */
public final class EventReader implements AutoCloseable {
  /** One decoded message; fields valid until the next call to next(). */
  public static final class Event {
    public boolean headline;
    public String id;
    public long tsNs;
    public String source;
    public String text;
    public String sym;
    public double price;
    public boolean close;
  }

  /** Receives events in replay order. */
  public interface Sink {
    void accept(Event e) throws Exception;
  }

  private final JsonParser headlines;
  private final JsonParser prices;
  private final Event h = new Event();
  private final Event p = new Event();
  private boolean hasH;
  private boolean hasP;
  public long count;

  public EventReader(Path headlineFile, Path priceFile) throws IOException {
    JsonFactory f = new JsonFactory();
    headlines = f.createParser(new BufferedInputStream(new FileInputStream(headlineFile.toFile()), 1 << 20));
    prices = f.createParser(new BufferedInputStream(new FileInputStream(priceFile.toFile()), 1 << 20));
    h.headline = true;
    hasH = read(headlines, h);
    hasP = read(prices, p);
  }

  public void run(Sink sink) throws Exception {
    while (hasH || hasP) {
      ++count;
      if (hasH && (!hasP || h.tsNs <= p.tsNs)) {
        sink.accept(h);
        hasH = read(headlines, h);
      } else {
        sink.accept(p);
        hasP = read(prices, p);
      }
    }
  }

  private static boolean read(JsonParser jp, Event e) throws IOException {
    JsonToken t = jp.nextToken();
    if (t == null) return false;
    if (t != JsonToken.START_OBJECT) throw new IOException("expected an object per line");
    e.close = false;
    e.text = null;
    while (jp.nextToken() == JsonToken.FIELD_NAME) {
      String name = jp.currentName();
      JsonToken v = jp.nextToken();
      switch (name) {
        case "id" -> e.id = jp.getText();
        case "ts" -> e.tsNs = jp.getLongValue();
        case "source" -> e.source = jp.getText();
        case "headline" -> e.text = jp.getText();
        case "sym" -> e.sym = jp.getText();
        case "price" -> e.price = jp.getDoubleValue();
        case "kind" -> e.close = "close".equals(jp.getText());
        default -> {
          if (v == JsonToken.START_ARRAY || v == JsonToken.START_OBJECT) jp.skipChildren();
        }
      }
    }
    return true;
  }

  @Override
  public void close() throws IOException {
    headlines.close();
    prices.close();
  }
}
