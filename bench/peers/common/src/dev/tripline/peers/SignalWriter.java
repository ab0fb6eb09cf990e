package dev.tripline.peers;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a peer's signals as JSONL: {"instrument":..,"rule":..,"ts":ns}, the compared key. */
public final class SignalWriter implements AutoCloseable {
  private final BufferedWriter out;
  public long count;

  public SignalWriter(Path path) throws IOException {
    out = Files.newBufferedWriter(path);
  }

  public void write(String instrument, String rule, long tsNs) {
    try {
      out.write("{\"instrument\":\"" + instrument + "\",\"rule\":\"" + rule + "\",\"ts\":" + tsNs
          + "}\n");
      ++count;
    } catch (IOException e) {
      throw new RuntimeException(e);
    }
  }

  @Override
  public void close() throws IOException {
    out.close();
  }

  /** Peak resident memory of this process in KiB (VmHWM), or -1. */
  public static long peakRssKib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    } catch (IOException e) {
      // fall through
    }
    return -1;
  }
}
