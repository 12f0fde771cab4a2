#!/usr/bin/python3
"""Interoperability check of fraudstream's Kafka contracts with a Python Confluent-protocol client.

What it does, against a running fraudstream (broker, schema registry, feature stream and scoring service):

  1. Looks up the latest schema of subject ``<raw topic>-value`` in the schema registry (the stack and the services
     register it at start; a missing subject is a failure) and checks that looking up the repo's Transaction.avsc
     text under that subject finds the same id (README: "the lookup finds the existing id").
  2. Produces, with a stock ``confluent_kafka.Producer`` (default settings, CreateTime), to the raw topic:
       - ``--count`` valid transactions (key = card token as a plain UTF-8 string, value = Confluent wire format:
         magic byte 0, 4-byte big-endian schema id, Avro binary), ids unique to this run;
       - valid transactions with hostile headers (``fraudstream.produced.ms`` of 20 digits, of text, negative; a
         non-UTF-8 header value, a null header value, forged downstream trace headers) and one with a correct
         decimal ``fraudstream.produced.ms``: they must be scored like any other;
       - two located transactions of one card, in Paris and a minute later in New York, for which the rules raise an
         alert, so that the alerts topic has a record to decode;
       - bad records that must go to the dead-letter topic: values that are not Avro (garbage bytes, garbage with
         hostile headers, a truncated Avro body, an unknown schema id), a transaction whose key is not UTF-8, and
         transactions with a far-future (2100), a pre-epoch (negative) and a too-old (1990) event time.
  3. Reads, with a stock ``confluent_kafka.Consumer`` (default settings apart from ``group.id`` and
     ``auto.offset.reset=earliest``; librdkafka reads ``read_committed`` by default), every output topic:
     features, scored, alerts and dead letters. Every record's value is decoded through the registry by the schema
     id in its first bytes (``SchemaRegistryClient.get_schema``) and Apache Avro; every key must be UTF-8 (but a
     dead letter's, which is the original key's bytes).
  4. Waits, polling until ``--timeout``, until every record it produced is accounted for: each transaction to be
     scored appears once in the features topic and once in the scored topic (and in the alerts topic only with
     decision REVIEW/DECLINE), each bad record appears in the dead-letter topic (matched by the source
     partition/offset the producer's delivery report gave, with the original key and value bytes).

Checks on every decoded record of this run (any failure makes the run fail):
  - the value is in the wire format, its schema id resolves, the Avro body decodes with no bytes left over, and the
    writer schema is registered under ``<topic>-value``;
  - no ``timestamp-millis`` field is beyond +/-2^53 (JavaScript-safe);
  - ``rawAppendTime``, ``featuresTime`` and ``scoredTime`` of a scored record, when present, are within a day of now;
  - records of the scored and alerts topics and dead letters carry a record timestamp within a day of now
    (processing time), as the README/DESIGN contracts say;
  - trace headers (``fraudstream.*.ms``) on outputs, when present, are decimal epoch milliseconds within a day of
    now: the producer's hostile values must not travel into an output.

Requirements (Debian bookworm; PyPI is not needed):
    apt-get install -y python3-confluent-kafka python3-avro python3-requests
and run it with the Debian interpreter, ``/usr/bin/python3`` (confluent-kafka 1.7.0 on librdkafka 2.0.2, which
reads the LZ4-compressed Kafka Streams outputs; requests is what its SchemaRegistryClient speaks HTTP with).
fastavro is not packaged by Debian, so confluent_kafka.schema_registry.avro's serializers are not used: the wire
format is written and read here, with Apache avro for the Avro binary.

Usage (with the stack and both services running, e.g. ``./fraudstream local start``, ``./fraudstream features``,
``./fraudstream score``; launcher's PythonClientIT runs it that way):
    /usr/bin/python3 clients/python/interop_check.py --connection-file .fraudstream/local/connection.properties
    /usr/bin/python3 clients/python/interop_check.py --bootstrap-servers 127.0.0.1:9092 \\
        --registry-url http://127.0.0.1:8081/apis/ccompat/v7 --count 20 --timeout 180
  Topic names default to the project's (transactions.raw, transactions.features, transactions.scored,
  fraud.alerts, transactions.dlq); ``--topic-prefix P`` prefixes all of them, ``--raw-topic`` etc. set one.
  By default only records written after the start are read; ``--from-beginning`` reads (and decodes) every record
  of the output topics.

Exit status: 0 all checks passed; 1 a check failed; 2 the deadline passed (or SIGTERM came) before every record
was accounted for; 3 setup failed (broker or registry unreachable, topic or subject missing).
"""

import argparse
import base64
import datetime
import hashlib
import hmac
import io
import json
import os
import signal
import struct
import sys
import time
import uuid

try:
    import avro.io
    import avro.schema
    from confluent_kafka import Consumer, KafkaException, Producer, TopicPartition, OFFSET_BEGINNING
    from confluent_kafka.schema_registry import Schema, SchemaRegistryClient
    from confluent_kafka.schema_registry.error import SchemaRegistryError
except ImportError as e:  # pragma: no cover - environment problem, reported plainly
    sys.stderr.write("interop_check: missing Python package (%s); install the Debian packages with:\n"
                     "  apt-get install -y python3-confluent-kafka python3-avro python3-requests\n"
                     "and run this script with /usr/bin/python3\n" % e)
    sys.exit(3)

EXIT_OK, EXIT_CHECK_FAILED, EXIT_TIMEOUT, EXIT_SETUP = 0, 1, 2, 3

DEFAULT_TOPICS = {
    "raw": "transactions.raw",
    "features": "transactions.features",
    "scored": "transactions.scored",
    "alerts": "fraud.alerts",
    "dlq": "transactions.dlq",
}
OUTPUTS = ("features", "scored", "alerts", "dlq")
TRACE_HEADERS = ("fraudstream.produced.ms", "fraudstream.raw.append.ms", "fraudstream.features.ms")
JS_SAFE = 2 ** 53
DAY_MS = 24 * 3600 * 1000
LOGICAL_MARK = "x-interop-logicalType"  # where a schema's logicalType is kept once removed (see parse_schema)
HERE = os.path.dirname(os.path.abspath(__file__))
TRANSACTION_AVSC = os.path.join(HERE, "..", "..", "schemas", "src", "main", "avro", "Transaction.avsc")


def now_ms():
    return int(time.time() * 1000)


def ms(iso):
    """Epoch milliseconds of an ISO-8601 UTC time ('2100-01-01T00:00:00')."""
    return int(datetime.datetime.fromisoformat(iso).replace(tzinfo=datetime.timezone.utc).timestamp() * 1000)


def log(msg):
    print("interop_check: " + msg, flush=True)


class SetupError(Exception):
    pass


class Stopped(Exception):
    """SIGTERM: stop waiting, report what is missing."""


def _on_sigterm(signum, frame):
    raise Stopped()


# ---------------------------------------------------------------------------------------------------------------
# Avro in the Confluent wire format, with the registry
# ---------------------------------------------------------------------------------------------------------------

def _strip_logical_types(node):
    """Moves every logicalType aside, so Apache avro reads and writes timestamps as plain longs (epoch millis)."""
    if isinstance(node, dict):
        out = {}
        for k, v in node.items():
            out[LOGICAL_MARK if k == "logicalType" else k] = _strip_logical_types(v)
        return out
    if isinstance(node, list):
        return [_strip_logical_types(x) for x in node]
    return node


def parse_schema(schema_str):
    return avro.schema.parse(json.dumps(_strip_logical_types(json.loads(schema_str))))


class Codec:
    """Encodes and decodes values in the Confluent wire format through a SchemaRegistryClient."""

    def __init__(self, registry):
        self.registry = registry
        self.by_id = {}
        self.subject_ok = {}

    def schema(self, schema_id):
        if schema_id not in self.by_id:
            registered = self.registry.get_schema(schema_id)
            if registered.schema_type not in (None, "AVRO"):
                raise ValueError("schema id %d is %s, not AVRO" % (schema_id, registered.schema_type))
            self.by_id[schema_id] = (registered, parse_schema(registered.schema_str))
        return self.by_id[schema_id][1]

    def encode(self, schema_id, datum):
        buf = io.BytesIO()
        buf.write(struct.pack(">bI", 0, schema_id))
        avro.io.DatumWriter(self.schema(schema_id)).write(datum, avro.io.BinaryEncoder(buf))
        return buf.getvalue()

    def decode(self, value):
        """(schema id, writer schema, datum) of a wire-format value; raises ValueError on anything else."""
        if value is None:
            raise ValueError("null value")
        if len(value) < 5 or value[0] != 0:
            raise ValueError("not in the Confluent wire format (%d bytes, first byte %r)"
                             % (len(value), value[:1]))
        schema_id = struct.unpack(">I", value[1:5])[0]
        writer = self.schema(schema_id)
        buf = io.BytesIO(value)
        buf.seek(5)
        datum = avro.io.DatumReader(writer).read(avro.io.BinaryDecoder(buf))
        if buf.tell() != len(value):
            raise ValueError("%d bytes left over after the Avro body (schema id %d)" % (len(value) - buf.tell(), schema_id))
        return schema_id, writer, datum

    def registered_under(self, subject, schema_id):
        """Whether the writer schema of schema_id is a version of subject (as a subject-based reader would look it up)."""
        key = (subject, schema_id)
        if key not in self.subject_ok:
            registered = self.by_id[schema_id][0]
            try:
                found = self.registry.lookup_schema(subject, Schema(registered.schema_str, "AVRO"))
                self.subject_ok[key] = found.schema_id == schema_id
            except SchemaRegistryError:
                self.subject_ok[key] = False
        return self.subject_ok[key]


def timestamps(schema, datum, path=""):
    """Yields (path, value) of every timestamp-millis/micros long in datum, guided by its writer schema."""
    t = schema.type
    if datum is None:
        return
    if t == "record":
        for f in schema.fields:
            yield from timestamps(f.type, datum.get(f.name), path + "." + f.name if path else f.name)
    elif t == "union":
        branches = [s for s in schema.schemas if s.type != "null"]
        if len(branches) == 1:
            yield from timestamps(branches[0], datum, path)
        else:
            for s in branches:
                if (s.type in ("record", "map") and isinstance(datum, dict)) or (s.type == "array" and isinstance(datum, list)) \
                        or (s.type in ("long", "int") and isinstance(datum, int) and not isinstance(datum, bool)):
                    yield from timestamps(s, datum, path)
                    break
    elif t == "array":
        for i, x in enumerate(datum):
            yield from timestamps(schema.items, x, "%s[%d]" % (path, i))
    elif t == "map":
        for k, v in datum.items():
            yield from timestamps(schema.values, v, "%s[%s]" % (path, k))
    elif t == "long" and str(schema.get_prop(LOGICAL_MARK) or "").startswith("timestamp-"):
        yield path, datum


# ---------------------------------------------------------------------------------------------------------------
# What this run produces
# ---------------------------------------------------------------------------------------------------------------

class Sent:
    """One produced record and what must become of it: 'scored' (features + scored) or 'dlq'."""

    def __init__(self, label, expect, key, value, headers=None, tx=None):
        self.label, self.expect, self.value, self.headers, self.tx = label, expect, value, headers, tx
        self.key = key.encode("utf-8") if isinstance(key, str) else key  # the key bytes sent
        self.partition = self.offset = None
        self.error = None
        self.features = []   # decoded TransactionFeatures of this transaction
        self.scored = []     # decoded ScoredTransaction of this transaction
        self.alerts = []
        self.dead = []       # decoded DeadLetters of this record

    @property
    def tx_id(self):
        return self.tx["transactionId"] if self.tx else None

    def done(self):
        """Accounted for: where it belongs, or dead-lettered though it should be scored (a failure already reported)."""
        if self.expect == "scored":
            alerting = bool(self.scored) and self.scored[0]["decision"] in ("REVIEW", "DECLINE")
            return (bool(self.features) and bool(self.scored) and (bool(self.alerts) or not alerting)) or bool(self.dead)
        return bool(self.dead)

    def describe(self):
        where = "partition %s offset %s" % (self.partition, self.offset)
        return "%s (%s, %s)" % (self.label, self.tx_id or "no transaction id", where)


def card_token(secret, n):
    """A card token in the project's format: "tok_" + base64url(HMAC-SHA-256(secret, digits))[0..22) (README, "Card
    numbers"), of a made-up card number that is never sent."""
    mac = hmac.new(secret, ("4000%012d" % n).encode("ascii"), hashlib.sha256).digest()
    return "tok_" + base64.urlsafe_b64encode(mac).decode("ascii").rstrip("=")[:22]


def transaction(run, name, token, event_ms, amount, currency, i):
    return {
        "transactionId": "py-%s-%s" % (run, name),
        "cardToken": token,
        "cardBin": None,
        "cardLast4": None,
        "merchantId": "py-merchant-%d" % (i % 4),
        "terminalId": "T%02d" % (i % 7),
        "merchantCategoryCode": ["5411", "5812", "5999", "4111"][i % 4],
        "merchantCountry": ["DE", "FR", "GB", "US"][i % 4],
        "amountMinor": amount,
        "currency": currency,
        "eventTime": event_ms,
        "channel": ["POS", "ECOMMERCE", "ATM", "MOTO"][i % 4],
        "entryMode": ["CHIP", "ECOMMERCE", "CONTACTLESS", "MANUAL"][i % 4],
        "latitude": 48.85 + i * 0.01 if i % 3 else None,
        "longitude": 2.35 + i * 0.01 if i % 3 else None,
        "ipAddress": "192.0.2.%d" % (1 + i % 250) if i % 4 == 1 else None,
        "deviceId": "py-device-%d" % (i % 5) if i % 4 == 1 else None,
        "source": None,
        "ingestTime": None,
    }


def plan(run, codec, raw_schema_id, count, start_ms):
    """The records of this run, in the order they are sent: half the valid ones, the bad ones, the rest."""
    secret = hashlib.sha256(("interop-check-" + run).encode()).digest()
    cards = [card_token(secret, n) for n in range(max(1, min(5, count)))]
    currencies = ["EUR", "USD", "GBP", "EUR", "JPY"]

    def tx(name, i, event_ms, amount=None):
        token = cards[i % len(cards)]
        return token, transaction(run, name, token, event_ms, amount or 1_00 + 37 * i, currencies[i % len(currencies)], i)

    valid = []
    for i in range(count):
        token, t = tx("v%04d" % i, i, start_ms - (count - i) * 1000)
        valid.append(Sent("valid #%d" % i, "scored", token, codec.encode(raw_schema_id, t), None, t))

    hostile_headers = [
        ("produced.ms overflowing 20 digits", [("fraudstream.produced.ms", b"12345678901234567890")]),
        ("produced.ms text", [("fraudstream.produced.ms", b"abc")]),
        ("produced.ms negative", [("fraudstream.produced.ms", b"-1")]),
        ("non-UTF-8 and null header values, forged downstream trace headers",
         [("x-binary", b"\xff\xfe\x00\x80\xc3"), ("x-null", None),
          ("fraudstream.raw.append.ms", b"\xff\xff"), ("fraudstream.features.ms", b"99999999999999999")]),
        ("decimal produced.ms (the documented convention)", [("fraudstream.produced.ms", str(now_ms()).encode("ascii"))]),
    ]
    headed = []
    for j, (what, headers) in enumerate(hostile_headers):
        token, t = tx("h%02d" % j, count + j, start_ms - 500 + j)
        headed.append(Sent("valid, hostile headers: " + what, "scored", token, codec.encode(raw_schema_id, t), headers, t))

    # A card seen in Paris, then a minute later in New York: the impossible-travel rule should alert on the second.
    travel_card = card_token(secret, 99)
    travel = []
    for j, (lat, lon) in enumerate([(48.8566, 2.3522), (40.7128, -74.0060)]):
        t = transaction(run, "trip%d" % j, travel_card, start_ms - 120_000 + j * 60_000, 25_00, "EUR", 1)
        t["latitude"], t["longitude"] = lat, lon
        travel.append(Sent("valid: impossible travel, %s" % ("leg 1 in Paris", "leg 2 in New York a minute later")[j], "scored",
                           travel_card, codec.encode(raw_schema_id, t), None, t))

    k = cards[0]
    bad = [
        Sent("bad: garbage value", "dlq", k, b"this is not avro \x00\x01\xff"),
        Sent("bad: garbage value with hostile headers", "dlq", k, b"\xff\xfe garbage \x80",
             [("x-binary", b"\xff\xfe\x00\x80"), ("x-null", None), ("fraudstream.produced.ms", b"12345678901234567890")]),
        Sent("bad: truncated Avro body", "dlq", k, codec.encode(raw_schema_id, tx("t00", 0, start_ms)[1])[:9]),
        Sent("bad: unknown schema id", "dlq", k, struct.pack(">bI", 0, 2_000_000_000) + b"\x02\x02"),
    ]
    t = tx("badkey", 2, start_ms)[1]
    bad.append(Sent("bad: key not UTF-8 (a valid transaction)", "dlq", b"\xfftok_\xc3(", codec.encode(raw_schema_id, t), None, t))
    for name, label, event_ms in [("f2100", "far-future event time (2100)", ms("2100-01-01T00:00:00")),
                                  ("neg", "negative event time (1969)", -86_400_000),
                                  ("p1990", "event time before 2000 (1990)", ms("1990-01-01T00:00:00"))]:
        token, t = tx(name, 1, event_ms)
        bad.append(Sent("bad: " + label, "dlq", token, codec.encode(raw_schema_id, t), None, t))

    half = (count + 1) // 2
    return valid[:half] + bad + valid[half:] + headed + travel


# ---------------------------------------------------------------------------------------------------------------
# The check
# ---------------------------------------------------------------------------------------------------------------

class Check:
    def __init__(self, args):
        self.args = args
        self.topics = {role: getattr(args, role + "_topic") or (args.topic_prefix + name)
                       for role, name in DEFAULT_TOPICS.items()}
        self.failures = []
        self.failure_kinds = {}
        self.decoded = {role: 0 for role in OUTPUTS}
        self.ours = {role: 0 for role in OUTPUTS}
        self.decode_errors = 0

    def fail(self, msg, kind=None):
        """Records a failed check; prints the first 3 of each kind (the rest are counted in the summary)."""
        kind = kind or msg
        seen = self.failure_kinds[kind] = self.failure_kinds.get(kind, 0) + 1
        if seen <= 3:
            log("FAIL: " + msg)
        elif seen == 4:
            log("FAIL: ... more of: %s (counted in the summary)" % kind)
        self.failures.append(msg)

    def run(self):
        args = self.args
        run = uuid.uuid4().hex[:12]
        log("run %s: bootstrap %s, registry %s, topics %s" % (run, args.bootstrap_servers, args.registry_url,
                                                              json.dumps(self.topics)))
        registry = SchemaRegistryClient({"url": args.registry_url})
        codec = Codec(registry)
        raw_subject = self.topics["raw"] + "-value"
        try:
            latest = registry.get_latest_version(raw_subject)
        except SchemaRegistryError as e:
            raise SetupError("the registry has no subject %s (%s): the stack or a service registers it at start; "
                             "is the feature stream running on these topics?" % (raw_subject, e))
        except Exception as e:
            raise SetupError("cannot ask the schema registry at %s: %s" % (args.registry_url, e))
        log("registry: %s latest is version %s, schema id %d" % (raw_subject, latest.version, latest.schema_id))
        self.check_avsc_lookup(registry, raw_subject, latest.schema_id)

        consumer = Consumer({
            "bootstrap.servers": args.bootstrap_servers,
            "group.id": "interop-check-" + run,
            "auto.offset.reset": "earliest",
        })
        try:
            self.assign(consumer)
            records = plan(run, codec, latest.schema_id, args.count, now_ms())
            self.produce(records)
            return self.collect(consumer, codec, records)
        finally:
            consumer.close()

    def check_avsc_lookup(self, registry, subject, expected_id):
        if not os.path.exists(TRANSACTION_AVSC):
            log("skipped: lookup by the repo's Transaction.avsc text (no file at %s)" % TRANSACTION_AVSC)
            return
        with open(TRANSACTION_AVSC, encoding="utf-8") as f:
            text = f.read()
        try:
            found = registry.lookup_schema(subject, Schema(text, "AVRO"))
            if found.schema_id != expected_id:
                self.fail("looking up Transaction.avsc's text under %s finds schema id %d, the latest is %d"
                          % (subject, found.schema_id, expected_id))
            else:
                log("registry: looking up Transaction.avsc's text under %s finds id %d" % (subject, found.schema_id))
        except SchemaRegistryError as e:
            self.fail("looking up Transaction.avsc's text under %s fails: %s" % (subject, e))

    def assign(self, consumer):
        """Assigns every partition of the output topics, from their current end (or the beginning)."""
        try:
            md = consumer.list_topics(timeout=15)
        except KafkaException as e:
            raise SetupError("cannot reach the broker at %s: %s" % (self.args.bootstrap_servers, e))
        assignment = []
        for role in ("raw", "features", "scored", "alerts", "dlq"):
            topic = self.topics[role]
            if topic not in md.topics or md.topics[topic].error is not None:
                raise SetupError("topic %s does not exist on %s" % (topic, self.args.bootstrap_servers))
            if role == "raw":
                continue
            for p in sorted(md.topics[topic].partitions):
                if self.args.from_beginning:
                    offset = OFFSET_BEGINNING
                else:
                    offset = consumer.get_watermark_offsets(TopicPartition(topic, p), timeout=15)[1]
                assignment.append(TopicPartition(topic, p, offset))
        consumer.assign(assignment)
        log("reading %d partitions of %s from %s" % (len(assignment), ", ".join(
            self.topics[r] for r in OUTPUTS),
            "the beginning" if self.args.from_beginning else "their current end"))

    def produce(self, records):
        producer = Producer({"bootstrap.servers": self.args.bootstrap_servers})

        def report(sent):
            def on_delivery(err, msg):
                if err is not None:
                    sent.error = str(err)
                else:
                    sent.partition, sent.offset = msg.partition(), msg.offset()
            return on_delivery

        for sent in records:
            kwargs = {"key": sent.key, "value": sent.value, "on_delivery": report(sent)}
            if sent.headers:
                kwargs["headers"] = sent.headers
            producer.produce(self.topics["raw"], **kwargs)
            producer.poll(0)
        left = producer.flush(30)
        if left:
            raise SetupError("%d records not delivered to %s within 30 s" % (left, self.topics["raw"]))
        for sent in records:
            if sent.error:
                self.fail("producing %s failed: %s" % (sent.label, sent.error))
        delivered = sum(1 for s in records if s.offset is not None)
        log("produced %d records to %s: %d to be scored, %d to be dead-lettered" % (
            delivered, self.topics["raw"], sum(s.expect == "scored" for s in records),
            sum(s.expect == "dlq" for s in records)))

    def collect(self, consumer, codec, records):
        by_tx = {s.tx_id: s for s in records if s.tx_id and s.expect == "scored"}
        bad_tx = {s.tx_id: s for s in records if s.tx_id and s.expect == "dlq"}
        by_offset = {(s.partition, s.offset): s for s in records if s.offset is not None}
        pending = [s for s in records if s.offset is not None]
        deadline = time.monotonic() + self.args.timeout
        role_of = {self.topics[r]: r for r in OUTPUTS}
        stopped_by = "TIMEOUT after %d s" % self.args.timeout
        last_progress, progress_at = None, 0.0
        quiet_after_done = False
        try:
            while time.monotonic() < deadline:
                msg = consumer.poll(1.0)
                if msg is None:
                    if all(s.done() for s in pending):
                        if quiet_after_done:
                            break
                        quiet_after_done = True  # one more empty poll, to see duplicates that follow right behind
                elif msg.error():
                    log("consumer: %s" % msg.error())
                else:
                    quiet_after_done = False
                    self.handle(role_of[msg.topic()], msg, codec, by_tx, bad_tx, by_offset)
                line = self.progress(pending)
                if (line != last_progress and time.monotonic() > progress_at + 5) or time.monotonic() > progress_at + 30:
                    log("waiting: " + line)
                    last_progress, progress_at = line, time.monotonic()
        except (Stopped, KeyboardInterrupt):
            stopped_by = "STOPPED by a signal"
        missing = [s for s in pending if not s.done()]
        if missing:
            self.summary(records)
            log("%s: %d of %d records not accounted for (the lines marked NOT above)" % (stopped_by, len(missing), len(pending)))
            log("(has a service stopped? Nothing arrives once the feature stream or the scoring service has died: "
                "look at their logs)")
            return EXIT_TIMEOUT
        self.verify(records)
        self.summary(records)
        if self.failures:
            log("FAILED: %d check(s) failed (first: %s)" % (len(self.failures), self.failures[0]))
            return EXIT_CHECK_FAILED
        log("OK: every record accounted for and every check passed")
        return EXIT_OK

    def progress(self, pending):
        scored = [s for s in pending if s.expect == "scored"]
        dlq = [s for s in pending if s.expect == "dlq"]
        return "features %d/%d, scored %d/%d, dead letters %d/%d; decoded %s" % (
            sum(bool(s.features) for s in scored), len(scored), sum(bool(s.scored) for s in scored), len(scored),
            sum(bool(s.dead) for s in dlq), len(dlq), json.dumps(self.decoded))

    def handle(self, role, msg, codec, by_tx, bad_tx, by_offset):
        where = "%s[%d]@%d" % (msg.topic(), msg.partition(), msg.offset())
        key = msg.key()
        if key is not None and role != "dlq" and not is_utf8(key):  # a dead letter's key is the original key bytes
            self.fail("%s: key is not UTF-8: %r" % (where, key[:40]), "key not UTF-8 in %s" % role)
        try:
            schema_id, writer, datum = codec.decode(msg.value())
        except Exception as e:
            self.decode_errors += 1
            self.fail("%s: value does not decode through the registry: %s: %s" % (where, type(e).__name__, e),
                      "undecodable value in %s" % role)
            return
        self.decoded[role] += 1
        # Whose record is it? Only this run's records are checked beyond decoding (the topics may hold others').
        if role == "dlq":
            if datum.get("sourceTopic") != self.topics["raw"]:
                return
            sent = by_offset.get((datum.get("sourcePartition"), datum.get("sourceOffset")))
        else:
            tx_id = datum["transaction"]["transactionId"] if role == "features" else datum.get("transactionId")
            sent = by_tx.get(tx_id)
            if sent is None and tx_id in bad_tx:
                self.fail("%s: the bad record '%s' came out in %s" % (where, bad_tx[tx_id].label, msg.topic()),
                          "a bad record came out in %s" % role)
                return
        if sent is None:
            return
        self.ours[role] += 1
        if not codec.registered_under(msg.topic() + "-value", schema_id):
            self.fail("%s: writer schema id %d is not registered under subject %s-value" % (where, schema_id, msg.topic()),
                      "writer schema not a version of the topic's subject in %s" % role)
        for path, value in timestamps(writer, datum):
            if abs(value) > JS_SAFE:
                self.fail("%s (%s): timestamp %s = %d is beyond 2^53 (not JavaScript-safe)" % (where, sent.label, path, value),
                          "%s timestamp beyond 2^53 in %s" % (path, role))
        now = now_ms()
        ts_type, ts = msg.timestamp()
        if role in ("scored", "alerts", "dlq") and abs(ts - now) > DAY_MS:
            self.fail("%s (%s): record timestamp %d (%s) is not processing time (more than a day from now)"
                      % (where, sent.label, ts, iso(ts)), "record timestamp not processing time in %s" % role)
        if role != "dlq":
            for hk, hv in msg.headers() or []:
                if hk in TRACE_HEADERS and hv is not None and not plausible_trace(hv, now):
                    self.fail("%s (%s): output header %s=%r is not decimal epoch milliseconds within a day of now"
                              % (where, sent.label, hk, hv[:40]), "output header %s not decimal/plausible in %s" % (hk, role))
        if role == "features":
            sent.features.append(datum)
            self.check_features(where, sent, datum)
        elif role == "scored":
            sent.scored.append(datum)
            self.check_scored(where, sent, datum, now)
        elif role == "alerts":
            sent.alerts.append(datum)
            self.check_scored(where, sent, datum, now)
            if datum.get("decision") not in ("REVIEW", "DECLINE"):
                self.fail("%s (%s): alert with decision %s" % (where, sent.label, datum.get("decision")),
                          "alert with a decision other than REVIEW/DECLINE")
        else:
            sent.dead.append(datum)
            self.check_dead(where, sent, datum, msg)

    def check_features(self, where, sent, f):
        t = f["transaction"]
        if t["cardToken"] != sent.tx["cardToken"] or t["amountMinor"] != sent.tx["amountMinor"] \
                or f["eventTime"] != sent.tx["eventTime"] or not f.get("featureSetVersion"):
            self.fail("%s (%s): features do not describe the transaction sent: %s" % (where, sent.label, short(f)),
                      "features do not describe the transaction sent")

    def check_scored(self, where, sent, s, now):
        tx = sent.tx
        if (s["cardToken"], s["amountMinor"], s["currency"], s["eventTime"]) != (
                tx["cardToken"], tx["amountMinor"], tx["currency"], tx["eventTime"]):
            self.fail("%s (%s): scored record does not match the transaction sent: %s" % (where, sent.label, short(s)),
                      "scored record does not match the transaction sent")
        if not (0.0 <= s["score"] <= 1.0) or s["decision"] not in ("APPROVE", "REVIEW", "DECLINE"):
            self.fail("%s (%s): score %r / decision %r out of range" % (where, sent.label, s["score"], s["decision"]),
                      "score or decision out of range")
        for field in ("rawAppendTime", "featuresTime", "scoredTime"):
            t = s.get(field)
            if t is not None and abs(t - now) > DAY_MS:
                self.fail("%s (%s): %s %d (%s) is not within a day of now" % (where, sent.label, field, t, iso(t)),
                          "%s not within a day of now" % field)

    def check_dead(self, where, sent, d, msg):
        if sent.expect != "dlq":
            self.fail("%s: the valid record '%s' was dead-lettered: %s: %s" % (where, sent.label, d["stage"], d["reason"]),
                      "a valid record was dead-lettered")
        truncated = d.get("truncated", False)
        for field, original in (("key", sent.key), ("value", sent.value)):
            if not truncated and d.get(field) != original:
                self.fail("%s (%s): dead letter's %s field is not the original bytes: %r instead of %r"
                          % (where, sent.label, field, (d.get(field) or b"")[:40], original[:40]),
                          "dead letter's %s field is not the original bytes" % field)
        if msg.key() != sent.key:
            self.fail("%s (%s): dead letter's record key %r is not the original key %r" % (where, sent.label, msg.key(), sent.key),
                      "dead letter's record key is not the original key")

    def verify(self, records):
        for s in records:
            if s.offset is None:
                continue
            for name, seen in (("features", s.features), ("scored", s.scored), ("alerts", s.alerts), ("dead letters", s.dead)):
                if len(seen) > 1:
                    self.fail("%s appears %d times in %s" % (s.describe(), len(seen), name), "duplicates in %s" % name)
            if s.expect == "scored" and s.scored:
                alerting = s.scored[0]["decision"] in ("REVIEW", "DECLINE")
                if alerting != bool(s.alerts):
                    self.fail("%s: decision %s but %d alert(s)" % (s.describe(), s.scored[0]["decision"], len(s.alerts)),
                          "alerts do not match the decisions")

    def summary(self, records):
        log("summary: decoded through the registry %s (records of this run %s), undecodable %d; "
            "fraud.alerts may legitimately hold none" % (json.dumps(self.decoded), json.dumps(self.ours), self.decode_errors))
        for kind, n in self.failure_kinds.items():
            log("  failed %3d x %s" % (n, kind))
        plain = [s for s in records if s.label.startswith("valid #")]
        lost = [s for s in plain if not s.done()]
        log("  %-75s -> %d/%d scored, %d/%d with features%s" % (
            "valid transactions", sum(bool(s.scored) for s in plain), len(plain), sum(bool(s.features) for s in plain),
            len(plain), "; not accounted for: " + ", ".join("#%s" % s.label[7:] for s in lost) if lost else ""))
        for s in records:
            if s in plain and s is not plain[0]:
                continue  # the plain valid ones: the first stands for all
            if s.expect == "scored":
                got = s.scored[0] if s.scored else None
                outcome = ("scored %s %.3f by %s, rawAppendTime %s" % (got["decision"], got["score"], got["decidedBy"],
                                                                      iso(got.get("rawAppendTime")))
                           if got else "NOT scored (features %d)" % len(s.features))
            else:
                d = s.dead[0] if s.dead else None
                outcome = "dead letter %s: %s" % (d["stage"], d["reason"][:200]) if d else "NOT dead-lettered"
            if not s.done():
                outcome += " [%s, partition %s offset %s]" % (s.tx_id or "no transaction id", s.partition, s.offset)
            log("  %-75s -> %s" % (s.label, outcome))


def is_utf8(data):
    try:
        data.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def plausible_trace(value, now):
    try:
        text = value.decode("ascii")
    except UnicodeDecodeError:
        return False
    return text.isdigit() and len(text) <= 19 and abs(int(text) - now) <= DAY_MS


def iso(millis):
    if millis is None:
        return "none"
    try:
        return datetime.datetime.fromtimestamp(millis / 1000, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    except (OverflowError, ValueError, OSError):
        return "out of range"


def short(datum):
    text = json.dumps(datum, default=repr)
    return text if len(text) < 300 else text[:300] + "..."


def read_properties(path):
    """The key=value pairs of a Java properties file (as ./fraudstream local start writes connection.properties)."""
    props = {}
    with open(path, encoding="iso-8859-1") as f:
        for line in f:
            line = line.strip()
            if not line or line[0] in "#!" or "=" not in line:
                continue
            k, v = line.split("=", 1)
            props[k.strip()] = v.strip().replace("\\:", ":").replace("\\=", "=").replace("\\\\", "\\")
    return props


class ArgumentParser(argparse.ArgumentParser):
    def error(self, message):
        """A usage error is a setup failure (argparse would exit 2, this script's status for a timeout)."""
        self.print_usage(sys.stderr)
        self.exit(EXIT_SETUP, "%s: error: %s\n" % (self.prog, message))


def main(argv=None):
    p = ArgumentParser(description="Produce raw transactions (good and bad) with confluent-kafka and decode "
                                            "every fraudstream output topic with it (see the module docstring).")
    p.add_argument("--connection-file", help="connection.properties of a local stack (kafka.bootstrap.servers, "
                                             "schema.registry.url); the options below win over it")
    p.add_argument("--bootstrap-servers", help="Kafka bootstrap servers")
    p.add_argument("--registry-url", help="schema registry URL (Confluent API, e.g. .../apis/ccompat/v7)")
    p.add_argument("--count", type=int, default=20, help="valid transactions to produce (default 20)")
    p.add_argument("--timeout", type=int, default=180, help="seconds to wait for every record (default 180)")
    p.add_argument("--topic-prefix", default="", help="prefix of every default topic name")
    for role, name in DEFAULT_TOPICS.items():
        p.add_argument("--%s-topic" % role, help="topic name (default %s, with the prefix)" % name)
    p.add_argument("--from-beginning", action="store_true",
                   help="read every record of the output topics, not only those written after the start")
    args = p.parse_args(argv)
    if args.connection_file:
        props = read_properties(args.connection_file)
        args.bootstrap_servers = args.bootstrap_servers or props.get("kafka.bootstrap.servers")
        args.registry_url = args.registry_url or props.get("schema.registry.url")
    if not args.bootstrap_servers or not args.registry_url:
        p.error("--bootstrap-servers and --registry-url (or --connection-file) are required")
    if args.count < 1:
        p.error("--count must be at least 1")
    log("confluent-kafka %s on librdkafka %s, avro %s, Python %s" % (
        __import__("confluent_kafka").version()[0], __import__("confluent_kafka").libversion()[0],
        getattr(avro, "__version__", "?"), sys.version.split()[0]))
    signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        return Check(args).run()
    except SetupError as e:
        log("SETUP FAILED: %s" % e)
        return EXIT_SETUP
    except (Stopped, KeyboardInterrupt):
        log("STOPPED by a signal before the records were read")
        return EXIT_TIMEOUT


if __name__ == "__main__":
    sys.exit(main())
