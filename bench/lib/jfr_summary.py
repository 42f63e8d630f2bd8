"""Summarises a JFR recording of the gateway as markdown: where CPU samples land (own frame and whole stack, by
method and by library), what allocates, and GC. Usage: python3 jfr_summary.py recording.jfr"""
import collections
import json
import subprocess
import sys

LIBRARIES = [
    ("io.llmaas.gateway.", "gateway code"), ("io.llmaas.", "platform-contracts"),
    ("io.netty.", "Netty"), ("io.vertx.", "Vert.x"), ("io.quarkus.", "Quarkus"), ("io.smallrye.", "SmallRye"),
    ("io.micrometer.", "Micrometer"), ("com.fasterxml.jackson.", "Jackson"), ("org.jboss.logmanager", "JBoss logging"),
    ("org.jboss.", "JBoss"), ("sun.nio.", "JDK NIO"), ("java.", "JDK"), ("jdk.", "JDK"), ("sun.", "JDK"),
]


def events(path, kind):
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events", kind, path],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)["recording"]["events"]


def frame_name(frame):
    m = frame["method"]
    return m["type"]["name"].replace("/", ".") + "." + m["name"]


def library(name):
    for prefix, lib in LIBRARIES:
        if name.startswith(prefix):
            return lib
    return "other"


def table(title, counter, total, n=20):
    print(f"| {title} | samples | share |")
    print("|---|---:|---:|")
    for name, count in counter.most_common(n):
        print(f"| `{name}` | {count} | {100.0 * count / total:.1f} % |")
    print()


def main(path):
    samples = [e for e in events(path, "jdk.ExecutionSample") if e["values"].get("stackTrace")]
    total = len(samples)
    own, inclusive, own_lib, threads = (collections.Counter() for _ in range(4))
    for e in samples:
        frames = [frame_name(f) for f in e["values"]["stackTrace"]["frames"]]
        if not frames:
            continue
        own[frames[0]] += 1
        own_lib[library(frames[0])] += 1
        for name in set(frames):
            inclusive[name] += 1
        thread = e["values"].get("sampledThread") or {}
        threads[(thread.get("javaName") or thread.get("osName") or "?").rstrip("0123456789-")] += 1
    print(f"{total} CPU samples (Java code only; time in the kernel's network stack shows as the JDK NIO frames that"
          " called it).")
    print()
    table("library of the running frame", own_lib, total)
    table("running method (own time)", own, total)
    gateway_inclusive = collections.Counter({k: v for k, v in inclusive.items() if k.startswith("io.llmaas.")})
    table("gateway method on the stack (inclusive)", gateway_inclusive, total, 15)
    table("thread", threads, total, 8)

    allocations = collections.Counter()
    alloc_total = 0
    for e in events(path, "jdk.ObjectAllocationSample"):
        weight = e["values"].get("weight", 0)
        trace = e["values"].get("stackTrace") or {}
        frames = [frame_name(f) for f in trace.get("frames", [])]
        site = next((f for f in frames if f.startswith("io.llmaas.")), frames[0] if frames else "?")
        cls = (e["values"].get("objectClass") or {}).get("name", "?").replace("/", ".")
        allocations[f"{cls} ← {site}"] += weight
        alloc_total += weight
    if alloc_total:
        print("| allocated (sampled weight) at the nearest gateway frame | MiB | share |")
        print("|---|---:|---:|")
        for name, w in allocations.most_common(15):
            print(f"| `{name}` | {w / 1048576:.0f} | {100.0 * w / alloc_total:.1f} % |")
        print()
    gcs = events(path, "jdk.GarbageCollection")
    if gcs:
        pauses = []
        for g in gcs:
            d = g["values"].get("sumOfPauses") or g["values"].get("duration") or "PT0S"
            pauses.append(parse_duration(d))
        print(f"GC: {len(gcs)} collections ({gcs[0]['values'].get('name', '?')}), pauses total "
              f"{sum(pauses) * 1000:.1f} ms, longest {max(pauses) * 1000:.2f} ms.")
        print()


def parse_duration(value):
    if isinstance(value, (int, float)):
        return value / 1e9
    value = value.removeprefix("PT")
    seconds = 0.0
    for unit, factor in (("H", 3600), ("M", 60), ("S", 1)):
        if unit in value:
            head, value = value.split(unit, 1)
            seconds += float(head) * factor
    return seconds


if __name__ == "__main__":
    main(sys.argv[1])
