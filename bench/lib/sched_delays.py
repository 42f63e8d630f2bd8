"""Summarises `perf sched timehist` output as markdown: how often the gateway's event-loop threads, once woken, waited
for a CPU, and what ran on that CPU meanwhile (grouped by process, and by thread for the JVMs: their JIT compilers,
GC and event loops).

Usage: python3 sched_delays.py TIMEHIST_FILE GATEWAY_PID NAME=PID [NAME=PID ...]
(the NAME=PID pairs name processes, e.g. keys-service=1234; other processes go by their command name)."""
import collections
import re
import sys

LINE = re.compile(r"\s*([\d.]+)\s+\[(\d+)\]\s+(.*?)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*$")
TASK = re.compile(r"^(.*)\[(\d+)(?:/(\d+))?\]$")
THRESHOLDS_MS = (0.1, 0.5, 1.0, 2.0)


def parse(path):
    """Rows of (switched-out time s, cpu, thread name, tid, pid, scheduling delay ms, run time ms)."""
    rows = []
    with open(path) as f:
        for line in f:
            m = LINE.match(line)
            if not m:
                continue
            t, cpu, task, _wait, delay, run = m.groups()
            tm = TASK.match(task.strip())
            if tm:
                name, tid, pid = tm.group(1).strip(), tm.group(2), tm.group(3) or tm.group(2)
            else:
                name, tid, pid = task.strip(), "0", "0"
            rows.append((float(t), int(cpu), name, tid, pid, float(delay), float(run)))
    return rows


def who(name, pid, names):
    proc = names.get(pid)
    if proc is None:
        return name
    thread = re.sub(r"[#-]?\d+$", "", name).strip()
    if thread.startswith("C2 Compiler") or thread.startswith("C1 Compiler"):
        thread = "JIT compiler"
    elif thread.startswith("vert.x-eventloo"):
        thread = "event loop"
    elif thread in ("VM Thread", "GC Thread"):
        thread = "GC / safepoint"
    return f"{proc}: {thread}"


def main():
    path, gateway = sys.argv[1], sys.argv[2]
    names = {gateway: "gateway"}
    for pair in sys.argv[3:]:
        name, _, pid = pair.partition("=")
        names[pid] = name
    rows = parse(path)
    by_cpu = collections.defaultdict(list)
    for row in rows:
        by_cpu[row[1]].append(row)
    wakeups = [r for r in rows if r[4] == gateway and r[2].startswith("vert.x-eventloo")]
    if not wakeups:
        print("No scheduling events of the gateway's event loops were recorded.")
        return
    print(f"{len(wakeups)} times a gateway event loop ran; of these it had waited for a CPU longer than:")
    print("")
    print("| " + " | ".join(f"{t} ms" for t in THRESHOLDS_MS) + " | longest wait ms |")
    print("|" + "---:|" * (len(THRESHOLDS_MS) + 1))
    print("| " + " | ".join(f"{sum(1 for r in wakeups if r[5] > t)} ({100 * sum(1 for r in wakeups if r[5] > t) / len(wakeups):.2f} %)"
                            for t in THRESHOLDS_MS) + f" | {max(r[5] for r in wakeups):.3f} |")
    blame = collections.Counter()
    waited = 0.0
    for t, cpu, name, _tid, _pid, delay, run in wakeups:
        if delay <= 0.5:
            continue
        start = t - run / 1000
        wait_start = start - delay / 1000
        waited += delay
        for ot, _, oname, _otid, opid, _od, orun in by_cpu[cpu]:
            overlap = min(ot, start) - max(ot - orun / 1000, wait_start)
            if overlap > 0 and not (opid == gateway and oname == name):
                blame[who(oname, opid, names)] += overlap * 1000
    print("")
    print(f"What ran on the event loop's CPU while it waited more than 0.5 ms ({waited:.1f} ms of waiting in all):")
    print("")
    print("| ran instead | ms |")
    print("|---|---:|")
    for task, ms in blame.most_common(12):
        print(f"| {task} | {ms:.1f} |")


if __name__ == "__main__":
    main()
