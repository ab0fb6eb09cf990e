#!/usr/bin/env python3
"""A trading desk's starting point: subscribe to Tripline's signals with confluent-kafka.

    python3 examples/subscriber.py --bootstrap 127.0.0.1:9092 [--topic signals]
        [--group my-desk] [--from-beginning] [--max-messages N] [--timeout SECONDS]

What a subscriber must get right (docs/messages.md):
- isolation.level=read_committed: the engine writes signals inside Kafka transactions, and
  only committed ones are its exactly-once output (librdkafka's default; set it anyway).
- de-duplicate on signal_id: the id is deterministic, so a signal seen twice (a producer
  retry, a re-read after this consumer restarts before committing) is the same signal.
- retractions: a signal with `retracts` withdraws the earlier signal it names; unwind
  whatever was done on the original.

Replace `on_signal` and `on_retraction` with the desk's own actions. Prints one line per
new signal, and a summary line at the end.
"""

import argparse
import collections
import json
import signal
import sys
import time

from confluent_kafka import Consumer, KafkaError, KafkaException


class SeenIds:
    """The last `capacity` signal_ids seen, oldest forgotten first (bounded memory)."""

    def __init__(self, capacity=100_000):
        self.capacity = capacity
        self.ids = collections.OrderedDict()

    def add(self, signal_id):
        """True when the id is new."""
        if signal_id in self.ids:
            self.ids.move_to_end(signal_id)
            return False
        self.ids[signal_id] = True
        if len(self.ids) > self.capacity:
            self.ids.popitem(last=False)
        return True


def describe(s):
    move = (s.get("evidence") or {}).get("price") or {}
    move_text = f" move {move['move'] * 100:+.2f}%" if "move" in move else ""
    return (f"{s['ts']} {s['direction']:<5} {s['instrument']:<10} score {s['score']:.2f} "
            f"rule {s['rule']}{move_text} id {s['signal_id']}")


def on_signal(s):
    print(f"SIGNAL  {describe(s)}", flush=True)
    if s.get("explanation"):
        print(f"        {s['explanation']}", flush=True)


def on_retraction(s, original):
    what = describe(original) if original else f"{s['retracts']} (not seen by this subscriber)"
    print(f"RETRACT {s['ts']} withdraws {what}", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bootstrap", required=True, help="Kafka bootstrap servers HOST:PORT")
    parser.add_argument("--topic", default="signals")
    parser.add_argument("--group", default="desk-subscriber",
                        help="consumer group: one per desk; its offsets resume after a restart")
    parser.add_argument("--from-beginning", action="store_true",
                        help="a new group starts at the oldest retained signal (default: new ones)")
    parser.add_argument("--max-messages", type=int, default=0,
                        help="exit after this many messages (default: run until interrupted)")
    parser.add_argument("--timeout", type=float, default=0,
                        help="exit after this many seconds without a message (default: never)")
    args = parser.parse_args()

    consumer = Consumer({
        "bootstrap.servers": args.bootstrap,
        "group.id": args.group,
        "isolation.level": "read_committed",
        "auto.offset.reset": "earliest" if args.from_beginning else "latest",
        # Offsets are committed after a signal was acted on, not before (at-least-once here,
        # exactly-once overall with the de-duplication below).
        "enable.auto.offset.store": False,
    })
    consumer.subscribe([args.topic])
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(True))

    seen = SeenIds()
    signals = {}  # signal_id -> signal, to describe what a retraction withdraws (bounded below)
    counts = collections.Counter()
    last = time.monotonic()
    try:
        while not stop and (args.max_messages == 0 or counts["messages"] < args.max_messages):
            msg = consumer.poll(0.5)
            if msg is None:
                if args.timeout and time.monotonic() - last > args.timeout:
                    break
                continue
            last = time.monotonic()
            if msg.error():
                if msg.error().code() != KafkaError._PARTITION_EOF:
                    print(f"kafka: {msg.error()}", file=sys.stderr, flush=True)
                continue
            counts["messages"] += 1
            try:
                s = json.loads(msg.value())
                signal_id = s["signal_id"]
            except (ValueError, KeyError, TypeError) as e:
                print(f"skipping a message that is not a signal at {msg.topic()}/"
                      f"{msg.partition()}/{msg.offset()}: {e}", file=sys.stderr, flush=True)
                consumer.store_offsets(msg)
                continue
            if not seen.add(signal_id):
                counts["duplicates"] += 1
            elif s.get("retracts"):
                counts["retractions"] += 1
                on_retraction(s, signals.get(s["retracts"]))
            else:
                counts["signals"] += 1
                signals[signal_id] = s
                if len(signals) > seen.capacity:
                    signals.pop(next(iter(signals)))
                on_signal(s)
            consumer.store_offsets(msg)
    except KeyboardInterrupt:
        pass
    except KafkaException as e:
        print(f"kafka: {e}", file=sys.stderr)
        return 1
    finally:
        consumer.close()  # commits the stored offsets
    print(f"{counts['signals']} signals, {counts['retractions']} retractions, "
          f"{counts['duplicates']} duplicates skipped", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
