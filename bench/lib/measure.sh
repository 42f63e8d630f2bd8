# The measurements of bench/run.sh (sourced by it): each writes one markdown section into $OUT/sections/ and its
# headline figures into $OUT/summary-<part>.tsv, from which write_results assembles bench/RESULTS.md.

loadgen() { $PIN_LOAD java -Xms256m -Xmx1g -jar "$LOADGEN" "$@"; }
cpu_ms() { awk '{ print ($14 + $15) * 10 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
rss_mib() { awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo 0; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
put() { printf '%s\t%s\n' "$1" "$2" >>"$SUMMARY"; }
section() { SECTION=$OUT/sections/$1.md; : >"$SECTION"; }
say() { printf '%s\n' "$*" >>"$SECTION"; }
cmd() { printf '\n```bash\n%s\n```\n\n' "$*" >>"$SECTION"; }

chat_body() { printf '{"model":"%s","messages":[{"role":"user","content":"Hello"}],"max_tokens":16%s}' "$1" "${2:-}"; }

measure_gateway() {
  SUMMARY=$OUT/summary-gateway.tsv; : >"$SUMMARY"
  mkdir -p "$OUT/sections"; rm -f "$OUT"/sections/[1-5]-*.md "$OUT"/sections/7-*.md "$OUT"/sections/8-*.md
  chat_body bench-chat >"$OUT/chat.json"
  chat_body bench-stream ',"stream":true' >"$OUT/stream.json"
  chat_body bench-paced ',"stream":true' >"$OUT/paced.json"
  local gw=http://127.0.0.1:$GW_PORT/v1/chat/completions
  local direct=http://127.0.0.1:$MOCK_PORT/plain/v1/chat/completions
  local proxy=http://127.0.0.1:$PROXY_PORT/v1/chat/completions

  # 5 (first part): three cold starts, each timed from exec to the first successful chat completion.
  CONFIG=production; AUTH=$VKEY
  local starts=()
  for i in 1 2 3; do
    [ "$i" -gt 1 ] && stop_gateway
    start_gateway; starts+=("$START_MS")
    log "gateway start $i: ${START_MS} ms to the first 200 ($CONFIG)"
  done
  put config "$CONFIG"
  put start_ms "$(printf '%s\n' "${starts[@]}" | sort -n | sed -n 2p)"
  put start_ms_all "${starts[*]}"
  local hdr; [ $CONFIG = production ] && hdr="gateway=Authorization: Bearer <virtual key>" || hdr="gateway=Authorization: Bearer <master key>"
  sleep 5; put rss_idle "$(rss_mib $GW_PID)"
  warm_up "$gw"
  metrics_snapshot before

  log "1. one request in flight"
  section 1-latency
  say "## 1. Added latency, one request in flight"
  say ""
  say "The load tool sends to the targets in turn (mock direct, nginx → mock, gateway → mock), one request at a time,"
  say "each on its own keep-alive connection, $LAT_WARM rounds of warm-up then $LAT_N measured per target. Added ="
  say "the target's percentile − the direct percentile. Time to first token: the same with the fixed SSE stream"
  say "(\`stream: true\`), to the first body chunk. Before it, the platform is warmed up: after its cold starts, the"
  say "gateway serves wrk at its maximum rate for ${WARMUP_S} s of chat completions and ${WARMUP_S} s of streams (keys-service"
  say "and usage-service serving it), so that what is measured is the steady state, not the JIT compilers still at work"
  say "on one of the two cores."
  cmd "loadgen latency --requests $LAT_N --warmup $LAT_WARM --body-file chat.json --header '$hdr' \\
  --target direct=$direct --target nginx=$proxy --target gateway=$gw"
  loadgen latency --requests $LAT_N --warmup $LAT_WARM --body-file "$OUT/chat.json" \
    --header "gateway=Authorization: Bearer $AUTH" \
    --target "direct=$direct" --target "nginx=$proxy" --target "gateway=$gw" | tee -a "$SECTION" >"$OUT/latency.txt"
  put added_p50 "$(awk -F'|' '/added by gateway/ { gsub(/[* ]/, "", $5); print $5 }' "$OUT/latency.txt")"
  put added_p99 "$(awk -F'|' '/added by gateway/ { gsub(/[* ]/, "", $7); print $7 }' "$OUT/latency.txt")"
  put added_p999 "$(awk -F'|' '/added by gateway/ { gsub(/[* ]/, "", $8); print $8 }' "$OUT/latency.txt")"
  say ""
  say "### Streaming: time to first token, one stream in flight"
  cmd "loadgen latency --stream true --requests $LAT_N --warmup $LAT_WARM --body-file stream.json --header '$hdr' \\
  --target direct=http://127.0.0.1:$MOCK_PORT/sse/v1/chat/completions --target gateway=$gw"
  loadgen latency --stream true --requests $LAT_N --warmup $LAT_WARM --body-file "$OUT/stream.json" \
    --header "gateway=Authorization: Bearer $AUTH" \
    --target "direct=http://127.0.0.1:$MOCK_PORT/sse/v1/chat/completions" --target "gateway=$gw" \
    | tee -a "$SECTION" >"$OUT/ttft.txt"
  put ttft_added_p50 "$(awk -F'|' '/added by gateway/ { gsub(/[* ]/, "", $5); print $5 }' "$OUT/ttft.txt")"
  put ttft_added_p99 "$(awk -F'|' '/added by gateway/ { gsub(/[* ]/, "", $7); print $7 }' "$OUT/ttft.txt")"

  settle latency
  sched_section "$gw"

  settle sched
  log "2. fixed-arrival-rate ladder"
  section 2-ladder
  say "## 2. Fixed-arrival-rate ladder (open loop)"
  say ""
  say "Request n of a step is due at start + n/rate and its latency is measured from that intended time (no"
  say "coordinated omission); up to 256 connections per target. Each rate runs against the mock directly, nginx and the"
  say "gateway in turn: ${WARM} s warm-up, then ${STEP} s measured. An error is a non-200 answer, a failed connection or"
  say "no answer within 5 s. CPU and RSS columns are read from /proc for the whole measured step. Before the first"
  say "step the load tool warms itself up for 10 s at the top rate against the mock (not reported)."
  cmd "loadgen rate --rates $RATES --duration $STEP --warmup $WARM --connections 256 --body-file chat.json \\
  --header '$hdr' --target direct=$direct --target nginx=$proxy --target gateway=$gw \\
  --cpu gateway=<gateway pid> --cpu nginx=<nginx proxy worker pid>"
  loadgen rate --rates "$RATES" --duration "$STEP" --warmup "$WARM" --connections 256 --body-file "$OUT/chat.json" \
    --header "gateway=Authorization: Bearer $AUTH" \
    --target "direct=$direct" --target "nginx=$proxy" --target "gateway=$gw" \
    --cpu "gateway=$GW_PID" --cpu "nginx=$(nginx_worker_pid proxy)" | tee -a "$SECTION" >"$OUT/ladder.txt"
  # CPU per 1,000 requests of the gateway: the median over the steps it served without errors.
  put cpu_per_1k "$(awk -F'|' '$3 ~ / gateway / && NF > 14 && $11+0 == 0 { gsub(/ /, "", $13); print $13 }' "$OUT/ladder.txt" | sort -n \
    | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }')"
  put rss_ladder "$(awk -F'|' '$3 ~ / gateway / { gsub(/ /, "", $14); if ($14 + 0 > m) m = $14 + 0 } END { print m }' "$OUT/ladder.txt")"

  settle ladder
  log "3. maximum sustained RPS"
  section 3-max
  say "## 3. Maximum sustained RPS (closed loop, wrk)"
  say ""
  say "wrk with 1 thread and 64 keep-alive connections for ${MAX_S} s, POSTing the chat body. CPU pinning: $PINNING."
  say "\"mock direct\" shares CPU 0 between wrk and the mock, exactly the CPU 0 work of every proxied run (one wrk"
  say "request and one mock answer per request), so a proxy that stays below it is not held back by CPU 0."
  say ""
  say "The platform column is the CPU that keys-service, usage-service and PostgreSQL used meanwhile (on CPU 0 with the"
  say "load generator and the mock; in a cluster they run in pods of their own). At these rates usage-service falls"
  say "behind the gateway: the gateway sends the backlog in larger batches and, past its memory bound, through its"
  say "spool on disk, which costs it CPU and heap during the run; before each section the harness waits until every"
  say "usage event was delivered (the waits are in the summary, \`settle_s_*\`)."
  say ""
  say "\"Vert.x floor\" is the load tool's \`floor-proxy\`: a proxy on the gateway's Vert.x and Netty, with its JVM options"
  say "(class archive aside), on its core, with nothing of the gateway in it (body read whole, POSTed to the mock, answer"
  say "written back; no routing, keys, limits, metering, metrics or logs), warmed up by ${WARMUP_S} s of wrk first. It is"
  say "what the runtime costs per request; the gateway's CPU per request above it is the gateway's own. CPU 0 busy is"
  say "from \`/proc/stat\` (wrk, the mock and the platform share it): near 100 % the proxy is held back by CPU 0, not"
  say "by its own core."
  say ""
  say "| target | requests/s | p50 ms | p99 ms | non-2xx or socket errors | proxy CPU % of a core | proxy CPU µs per request | platform CPU % of a core | CPU 0 busy % | proxy peak RSS MiB | load avg |"
  say "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
  wrk_script "$OUT/wrk-direct.lua" "$OUT/chat.json" ""
  wrk_run "mock direct (nginx)" "$OUT/wrk-direct.lua" "$direct" "" mock_rps
  wrk_run "nginx → mock" "$OUT/wrk-direct.lua" "$proxy" "$(nginx_worker_pid proxy)" nginx_rps
  start_floor_proxy
  wrk_run "Vert.x floor → mock" "$OUT/wrk-direct.lua" "$FLOOR_URL" "$FLOOR_PID" floor_rps
  stop_tracked "$FLOOR_PID"
  wrk_run "gateway → mock" "$OUT/wrk-gateway.lua" "$gw" "$GW_PID" gateway_rps
  cmd "taskset -c 0 wrk -t1 -c64 -d${MAX_S}s --latency -s wrk-<target>.lua <url>
taskset -c 1 java <the gateway's JVM options> -jar loadgen.jar floor-proxy --port $FLOOR_PORT --upstream http://127.0.0.1:$MOCK_PORT/plain/v1"

  settle max
  log "4. concurrent streams"
  section 4-streams
  say "## 4. Concurrent streams"
  say ""
  say "The paced mock (the load tool's \`sse-mock\`, Vert.x, CPU 0) sends a role chunk at once, then $PACED_CHUNKS chunks"
  say "every $PACING_MS ms, a usage chunk and \`[DONE]\`. N streams are opened evenly over 2 s and held to the end. A"
  say "**stall** is a first chunk or an inter-chunk gap longer than 4 × the pacing ($((PACING_MS * 4)) ms); a **failure** is"
  say "a stream that does not end with 200 and \`[DONE]\`. The gateway runs with its default upstream pool"
  say "(\`gateway.upstream.max-connections-per-host\` = 4096 unless BENCH_GATEWAY_ENV changes it)."
  cmd "loadgen streams --concurrency $STREAMS --pacing-ms $PACING_MS --stall-factor 4 --body-file paced.json \\
  --header '$hdr' --target direct=http://127.0.0.1:$PACED_PORT/v1/chat/completions --target gateway=$gw --cpu gateway=<pid>"
  loadgen streams --warmup-streams 200 --concurrency "$STREAMS" --pacing-ms $PACING_MS --stall-factor 4 --body-file "$OUT/paced.json" \
    --header "gateway=Authorization: Bearer $AUTH" \
    --target "direct=http://127.0.0.1:$PACED_PORT/v1/chat/completions" --target "gateway=$gw" \
    --cpu "gateway=$GW_PID" | tee -a "$SECTION" >"$OUT/streams.txt"
  put streams_ok "$(awk -F'|' '$3 ~ / gateway / && $5+0 == 0 && $6+0 == 0 && $4+0 == $2+0 { if ($2+0 > m) m = $2+0 } END { print m+0 }' "$OUT/streams.txt")"
  put streams_max_tested "$(awk -F'|' '$3 ~ / gateway / { if ($2+0 > m) m = $2+0 } END { print m+0 }' "$OUT/streams.txt")"
  put rss_streams "$(awk -F'|' '$3 ~ / gateway / { gsub(/ /, "", $16); if ($16 + 0 > m) m = $16 + 0 } END { print m }' "$OUT/streams.txt")"

  metrics_snapshot after
  counters_section
  profile_section "$gw"
  resources_section "${starts[*]}"
}

sched_section() { # GATEWAY_URL: what makes the gateway's event loops wait for a CPU, one request in flight
  command -v perf >/dev/null || return 0
  log "1b. scheduling delays of the gateway's event loops (perf sched)"
  section 1b-sched
  say "### Why the tail: scheduling delays of the gateway's event loops"
  say ""
  say "The same one-request-in-flight load against the gateway alone ($((4 * LAT_N)) requests after $LAT_WARM of warm-up); meanwhile"
  say "\`perf sched record\` traces every context switch on both cores for 3 s, and \`bench/lib/sched_delays.py\` counts"
  say "how long each wake-up of a gateway event loop waited for its CPU and what ran there meanwhile."
  say ""
  loadgen latency --requests $((4 * LAT_N)) --warmup "$LAT_WARM" --body-file "$OUT/chat.json" \
    --header "gateway=Authorization: Bearer $AUTH" --target "gateway=$1" >"$OUT/latency-sched.txt" &
  local lg=$! lgpid
  sleep 3
  lgpid=$(pgrep -f 'loadgen.jar latency' | head -1)
  perf sched record -o "$OUT/sched.data" -- sleep 3 >/dev/null 2>&1 || { wait $lg; say "(perf sched could not record here.)"; return 0; }
  wait $lg
  perf sched timehist -i "$OUT/sched.data" >"$OUT/sched-timehist.txt" 2>/dev/null || true
  python3 "$BENCH/lib/sched_delays.py" "$OUT/sched-timehist.txt" "$GW_PID" keys-service=$KEYS_PID \
    usage-service=$USAGE_PID load-generator=${lgpid:-0} >>"$SECTION"
  say ""
  say "Latency of that run (gateway alone): $(awk -F'|' '$2 ~ /gateway/ { printf "p50 %s, p99 %s, p99.9 %s ms", $5, $7, $8 }' "$OUT/latency-sched.txt")."
  rm -f "$OUT/sched.data"
}

warm_up() { # GATEWAY_URL: the JIT compilers of the gateway, keys-service and usage-service settle before measuring
  log "warm-up: ${WARMUP_S} s of chat completions and ${WARMUP_S} s of streams through the gateway"
  wrk_script "$OUT/wrk-gateway.lua" "$OUT/chat.json" "$AUTH"
  wrk_script "$OUT/wrk-gateway-stream.lua" "$OUT/stream.json" "$AUTH"
  $PIN_LOAD wrk -t1 -c64 -d"${WARMUP_S}s" -s "$OUT/wrk-gateway.lua" "$1" >"$OUT/wrk-warmup.txt"
  $PIN_LOAD wrk -t1 -c64 -d"${WARMUP_S}s" -s "$OUT/wrk-gateway-stream.lua" "$1" >>"$OUT/wrk-warmup.txt"
  settle warm-up
}

# settle NAME: until usage-service has every usage event of the gateway (none queued in memory, none spooled), so a
# backlog left by the last section (usage-service is slower than the gateway's maximum on CPU 0) is not ingested
# during the next one; at most 10 minutes. The wait goes to the summary as settle_s_<NAME>.
settle() {
  local t0 waiting
  t0=$(date +%s)
  for _ in $(seq 1 600); do
    # Events queued in memory plus spool files: 0 once everything reached usage-service.
    waiting=$(curl -fs "http://127.0.0.1:$GW_PORT/q/metrics" \
      | awk '/^llmaas_gateway_usage_(queued|spool_files) / { n += $2 } END { print n + 0 }')
    [ "$waiting" = 0 ] && break
    sleep 1
  done
  sleep 2
  put "settle_s_$1" $(( $(date +%s) - t0 ))
  log "usage backlog after $1 delivered in $(( $(date +%s) - t0 )) s"
}

wrk_script() { # FILE BODYFILE KEY
  { printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
    [ -n "$3" ] && printf 'wrk.headers["Authorization"] = "Bearer %s"\n' "$3"
    printf 'wrk.body = [[%s]]\n' "$(cat "$2")"; } >"$1"
}

platform_cpu_ms() { # keys-service, usage-service and every PostgreSQL process
  local total=0 pid
  for pid in $KEYS_PID $USAGE_PID $(pgrep -x postgres); do total=$(( total + $(cpu_ms "$pid") )); done
  echo $total
}

# start_floor_proxy: the load tool's bare Vert.x proxy on the proxy's core, with the gateway's JVM options (its class
# archive aside), warmed up by wrk as the gateway was; FLOOR_PID and FLOOR_URL.
start_floor_proxy() {
  # shellcheck disable=SC2046
  $PIN_PROXY java $(printf '%s\n' $GW_JAVA_OPTS | grep -v '^-XX:SharedArchiveFile=') -jar "$LOADGEN" floor-proxy \
    --port $FLOOR_PORT --upstream "http://127.0.0.1:$MOCK_PORT/plain/v1" >"$OUT/floor-proxy.log" 2>&1 &
  FLOOR_PID=$!; PIDS+=($FLOOR_PID)
  FLOOR_URL=http://127.0.0.1:$FLOOR_PORT/v1/chat/completions
  wait_http "$FLOOR_URL" $FLOOR_PID "$OUT/floor-proxy.log" # it forwards any request to the mock as a POST
  $PIN_LOAD wrk -t1 -c64 -d"${WARMUP_S}s" -s "$OUT/wrk-direct.lua" "$FLOOR_URL" >"$OUT/wrk-floor-warmup.txt"
}

cpu0_jiffies() { awk '$1 == "cpu0" { print $2 + $3 + $4 + $7 + $8 }' /proc/stat; } # user, nice, system, irq, softirq

wrk_run() { # NAME SCRIPT URL PROXY_PID SUMMARY_KEY
  local before=0 t0 t1 peak=0 out cpu rps p50 p99 errs la pbefore pcpu cpu0 c0before us="–" requests
  [ -n "$4" ] && before=$(cpu_ms "$4")
  pbefore=$(platform_cpu_ms)
  c0before=$(cpu0_jiffies)
  t0=$(date +%s%N); la=$(loadavg)
  out=$($PIN_LOAD wrk -t1 -c64 -d"${MAX_S}s" --latency -s "$2" "$3" &
        wpid=$!; while kill -0 $wpid 2>/dev/null; do [ -n "$4" ] && r=$(rss_mib "$4") && [ "$r" -gt "$peak" ] && peak=$r; sleep 1; done
        wait $wpid; echo "peak_rss $peak")
  t1=$(date +%s%N)
  echo "$out" >"$OUT/wrk-$5.txt"
  rps=$(awk '/Requests\/sec/ { printf "%.0f", $2 }' <<<"$out")
  p50=$(awk '$1 == "50%" { print $2 }' <<<"$out"); p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
  errs=$(awk '/Non-2xx/ { n += $NF } /Socket errors/ { gsub(/[^0-9 ]/, " "); n += $1 + $2 + $3 + $4 } END { print n + 0 }' <<<"$out")
  cpu="–"; [ -n "$4" ] && cpu=$(( ($(cpu_ms "$4") - before) * 100000000 / (t1 - t0) ))
  pcpu=$(( ($(platform_cpu_ms) - pbefore) * 100000000 / (t1 - t0) ))
  cpu0=$(( ($(cpu0_jiffies) - c0before) * 1000000000 / (t1 - t0) ))
  requests=$(awk '/requests in/ { print $1 }' <<<"$out")
  [ -n "$4" ] && [ "${requests:-0}" -gt 0 ] && us=$(awk -v c=$(( $(cpu_ms "$4") - before )) -v n="$requests" \
    'BEGIN { printf "%.1f", c * 1000 / n }')
  peak=$(awk '/peak_rss/ { print $2 }' <<<"$out"); [ -n "$4" ] || peak="–"
  say "| $1 | $rps | $p50 | $p99 | $errs | $cpu | $us | $pcpu | $cpu0 | $peak | $la |"
  put "$5" "$rps"
  put "${5%_rps}_us_per_request" "$us"
  put "${5%_rps}_cpu0_busy" "$cpu0"
  [ "$5" = gateway_rps ] && put rss_max "$peak" && put gateway_cpu_at_max "$cpu" && put platform_cpu_at_max "$pcpu"
  return 0
}

counters_section() {
  section 7-counters
  say "## Calls per request in steady state (counters before/after measurements 1-4)"
  say ""
  say "Every \`llmaas_gateway_*\` and \`llmaas_keys_*\` series whose value changed between the snapshot after the gateway's"
  say "start and the one after the stream test, plus every series naming a call to keys-service or usage-service"
  say "(zero or not), and the platform database's counters (\`pg_stat_database\` of $PLATFORM_DB, which keys-service and"
  say "usage-service share)."
  say ""
  local reqs
  reqs=$(series_delta gateway '^llmaas_gateway_requests_total')
  put requests_measured "$reqs"
  say "Requests through the gateway between the snapshots: **$reqs**."
  say ""
  say "| series | before | after | delta | per request |"
  say "|---|---:|---:|---:|---:|"
  for part in gateway keys db; do
    awk -v reqs="$reqs" 'NR == FNR { v = $NF; $NF = ""; before[$0] = v; next }
      { v = $NF; $NF = ""; b = ($0 in before) ? before[$0] : 0; d = v - b
        if (d != 0 || $0 ~ /keys|usage|lease|verify|routing|change|spool|client|call/)
          if ($0 !~ /_seconds_(sum|max)|_seconds_count|in_flight|_max[ {]/)
            printf "| `%s` | %.0f | %.0f | %.0f | %.4f |\n", $0, b, v, d, reqs ? d / reqs : 0 }' \
      "$OUT/metrics-before-$part.txt" "$OUT/metrics-after-$part.txt" >>"$SECTION"
  done
  put db_xact_per_request "$(awk -v d="$(series_delta db '^pg_xact_commit')" -v r="$reqs" \
    'BEGIN { printf "%.4f", r ? d / r : 0 }')"
  put lease_waits "$(series_delta gateway '^llmaas_gateway_lease_waits_total')"
  put verify_calls "$(series_delta gateway '^llmaas_gateway_keys_calls_total.*operation="verify"')"
}

series_delta() { # PART REGEX: the change of the sum of the matching series between the two snapshots
  local before after
  before=$(awk -v re="$2" '$0 ~ re { s += $NF } END { printf "%.0f", s }' "$OUT/metrics-before-$1.txt")
  after=$(awk -v re="$2" '$0 ~ re { s += $NF } END { printf "%.0f", s }' "$OUT/metrics-after-$1.txt")
  echo $(( after - before ))
}

profile_section() { # GATEWAY_URL
  log "JFR profile of the gateway under load"
  section 8-profile
  local jfr=$OUT/gateway.jfr
  jcmd $GW_PID JFR.start name=bench settings=profile filename="$jfr" >/dev/null
  $PIN_LOAD wrk -t1 -c64 -d"${MAX_S}s" -s "$OUT/wrk-gateway.lua" "$1" >"$OUT/wrk-profiled.txt"
  jcmd $GW_PID JFR.stop name=bench >/dev/null
  say "## Gateway profile (JFR, \`settings=profile\`, during a ${MAX_S} s wrk run at its maximum rate)"
  say ""
  say "$(awk '/Requests\/sec/ { printf "%.0f requests/s while profiled.", $2 }' "$OUT/wrk-profiled.txt")"
  say ""
  python3 "$BENCH/lib/jfr_summary.py" "$jfr" >>"$SECTION"
}

resources_section() { # START_TIMES
  section 5-resources
  say "## 5. Gateway resources"
  say ""
  say "JVM options: \`$GW_JAVA_OPTS\` (the heap the JVM picks in a 512 MiB container, and the -XX options of the gateway's image, \`Dockerfile.jvm\`, with its class archive made as the image makes it: a training start by this machine's JVM, \`appcds-archive.sh\`); pinned: $PINNING. keys-service's JVM options: \`${KEYS_JAVA_OPTS:-none}\` (the -XX options of its image)."
  say ""
  say "| measure | value |"
  say "|---|---:|"
  say "| start → first successful chat completion (3 cold starts, ms; a curl on CPU 0 asks every 10 ms from the exec on) | $1 |"
  say "| RSS idle (5 s after the first request), MiB | $(awk -F'\t' '$1 == "rss_idle" { print $2 }' "$SUMMARY") |"
  say "| RSS peak during the rate ladder, MiB | $(awk -F'\t' '$1 == "rss_ladder" { print $2 }' "$SUMMARY") |"
  say "| RSS peak during the wrk maximum-rate run, MiB | $(awk -F'\t' '$1 == "rss_max" { print $2 }' "$SUMMARY") |"
  say "| RSS peak during the stream test, MiB | $(awk -F'\t' '$1 == "rss_streams" { print $2 }' "$SUMMARY") |"
  say "| CPU per 1,000 requests (median of the error-free ladder steps), ms | $(awk -F'\t' '$1 == "cpu_per_1k" { print $2 }' "$SUMMARY") |"
}

# --- 6. usage-service ingestion --------------------------------------------------------------------------------------
measure_ingest() {
  SUMMARY=$OUT/summary-ingest.tsv; : >"$SUMMARY"
  mkdir -p "$OUT/sections"
  section 6-ingest
  say "## 6. usage-service ingestion into PostgreSQL"
  say ""
  say "For each row: database $INGEST_DB recreated, the packaged usage-service started on :$INGEST_PORT (not pinned;"
  say "keys-service unreachable, so settlement entries wait in the outbox), warmed up with 10 batches per sender, then"
  say "pre-built batches POSTed by concurrent senders (JDK HttpClient). Events span 3 days, 500 keys, 200 users, 20"
  say "teams, 4 models and 500 budget leases, so a batch upserts almost as many rollup and outbox rows as it has events"
  say "(the unfavourable case). CPU is utime+stime from /proc of the service and of PostgreSQL (the backends of"
  say "$INGEST_DB plus WAL writer, checkpointer and background writer) over the timed part."
  say "\`synchronous_commit\` is the server's: $(psql_db postgres 'SHOW synchronous_commit')."
  cmd "loadgen ingest --url http://127.0.0.1:$INGEST_PORT --token <service token> --events E --batch B --senders S \\
  --service-pid <pid> --pg-db $INGEST_DB"
  say "| events | batch | senders | seconds | events/s | service CPU ms/1k ev | PostgreSQL CPU ms/1k ev | total CPU ms/1k ev | load avg (1 min) start → end | accepted |"
  say "|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|"
  local best=0 run events batch senders row stored rolled
  for run in $INGEST_RUNS; do
    IFS=: read -r events batch senders <<<"$run"
    recreate_db $INGEST_DB
    LLMAAS_DB_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$INGEST_DB" LLMAAS_SERVICE_TOKEN=$TOKEN \
      LLMAAS_KEYS_URL=http://127.0.0.1:9 java -Xmx1g -Dquarkus.http.port=$INGEST_PORT \
      -jar "$(jar_of usage-service)" >"$OUT/usage-ingest.log" 2>&1 &
    local pid=$!; PIDS+=($pid)
    wait_http "http://127.0.0.1:$INGEST_PORT/q/health/ready" $pid "$OUT/usage-ingest.log"
    log "6. ingest $events events, batch $batch, $senders senders"
    row=$(java -Xmx2g -jar "$LOADGEN" ingest --url "http://127.0.0.1:$INGEST_PORT" --token $TOKEN --events "$events" \
      --batch "$batch" --senders "$senders" --service-pid $pid --pg-db $INGEST_DB --pg-host "$PG_HOST" --pg-port "$PG_PORT")
    stored=$(psql_db $INGEST_DB "SELECT count(*) FROM usage.usage_event")
    rolled=$(psql_db $INGEST_DB "SELECT sum(requests) FROM usage.rollup_daily")
    stop_pid $pid
    PIDS=("${PIDS[@]/$pid}")
    say "$row"
    [ "$stored" = "$rolled" ] || say "**rollups disagree with stored events: $stored events, $rolled rolled up**"
    local eps; eps=$(awk -F'|' '{ gsub(/[* ]/, "", $6); print $6 }' <<<"$row")
    [ "$eps" -gt "$best" ] && best=$eps && put ingest_cpu_per_1k "$(awk -F'|' '{ gsub(/[* ]/, "", $9); print $9 }' <<<"$row")"
    ROWS_CHECK="${ROWS_CHECK:-}$stored=$rolled "
  done
  put ingest_eps "$best"
  say ""
  say "Stored events = rolled-up requests in every row (warm-up included): $ROWS_CHECK"
}

# --- RESULTS.md ------------------------------------------------------------------------------------------------------
sv() { awk -F'\t' -v k="$1" '$1 == k { v = $2 } END { print v }' "$OUT"/summary-*.tsv 2>/dev/null; }

verdict() { # VALUE OP TARGET UNIT: "met" or "missed by …"
  awk -v v="$1" -v op="$2" -v t="$3" -v u="$4" 'BEGIN {
    if (v == "") { print "not measured"; exit }
    ok = (op == "<=") ? (v + 0 <= t + 0) : (v + 0 >= t + 0)
    if (ok) print "**met**"; else if (op == "<=") printf "**missed** by %g %s (%.1f×)\n", v - t, u, v / t
    else printf "**missed** by %g %s (%.0f %% of it)\n", t - v, u, 100 * v / t }'
}

write_results() {
  local r=$BENCH/RESULTS.md ratio floor_ratio
  ratio=$(awk -v g="$(sv gateway_rps)" -v n="$(sv nginx_rps)" 'BEGIN { if (n > 0) printf "%.0f", 100 * g / n }')
  floor_ratio=$(awk -v g="$(sv floor_rps)" -v n="$(sv nginx_rps)" 'BEGIN { if (n > 0 && g > 0) printf "%.0f", 100 * g / n }')
  {
    echo "# Benchmark results (issue 7)"
    echo ""
    echo "Generated by \`bench/run.sh $MODE$( [ $QUICK = yes ] && echo ' --quick')\` on $RUN_STARTED (gateway part: $(sv config) configuration)."
    echo "Everything ran on this one machine (nothing else running unless the load averages in the tables say so); raw"
    echo "outputs are in \`bench/out/\` (not committed). What the misses come from is under \"Where the time goes\" at the end."
    echo ""
    echo "## Machine"
    echo ""
    echo "| | |"
    echo "|---|---|"
    echo "| CPU | $(lscpu | awk -F: '/Model name/ { gsub(/^ +/, "", $2); print $2 }'), $(nproc) cores ($(lscpu | awk -F: '/Hypervisor vendor/ { gsub(/^ +/, "", $2); print $2 " guest" }')) |"
    echo "| RAM | $(free -g | awk '/Mem:/ { print $2 }') GiB |"
    echo "| kernel | $(uname -r) |"
    echo "| JDK | $(java -version 2>&1 | head -1) |"
    echo "| PostgreSQL | $(psql_db postgres 'SHOW server_version') (synchronous_commit $(psql_db postgres 'SHOW synchronous_commit'), shared_buffers $(psql_db postgres 'SHOW shared_buffers')) |"
    echo "| nginx, wrk | $(nginx -v 2>&1 | sed 's/.*: //'), $(wrk -v 2>&1 | head -1 | awk '{ print $1, $2 }') |"
    echo "| services measured | $([ $SOURCE = head ] && echo "as committed at $(git -C "$ROOT" rev-parse --short HEAD)" || echo "work tree of $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- gateway-service keys-service usage-service || echo ', with uncommitted changes')") |"
    echo "| CPU pinning | $PINNING |"
    echo ""
    echo "## Targets"
    echo ""
    echo "| target | measured | verdict |"
    echo "|---|---:|---|"
    echo "| added p99 ≤ 0.3 ms, one request in flight | $(sv added_p99) ms (p50 $(sv added_p50), p99.9 $(sv added_p999)) | $(verdict "$(sv added_p99)" '<=' 0.3 ms) |"
    echo "| max RPS through the gateway ≥ 50 % of nginx's | $(sv gateway_rps) vs $(sv nginx_rps) req/s = ${ratio:-?} % (gateway $(sv gateway_cpu_at_max) % of a core, $(sv gateway_us_per_request) µs per request; keys + usage + PostgreSQL $(sv platform_cpu_at_max) %, CPU 0 $(sv gateway_cpu0_busy) % busy; the Vert.x floor $(sv floor_rps) req/s = ${floor_ratio:-?} %, $(sv floor_us_per_request) µs per request) | $(verdict "$ratio" '>=' 50 '%-points') |"
    echo "| streaming: added TTFT p99 ≤ 1 ms | $(sv ttft_added_p99) ms (p50 $(sv ttft_added_p50)) | $(verdict "$(sv ttft_added_p99)" '<=' 1 ms) |"
    echo "| ≥ 1,000 concurrent streams without a stall | $(sv streams_ok) of up to $(sv streams_max_tested) tested | $(verdict "$(sv streams_ok)" '>=' 1000 streams) |"
    echo "| gateway RSS ≤ 256 MiB under load | $(sv rss_max) MiB at max rate, $(sv rss_streams) MiB with streams | $(verdict "$(printf '%s\n%s\n' "$(sv rss_max)" "$(sv rss_streams)" | sort -n | tail -1)" '<=' 256 MiB) |"
    echo "| start to first request ≤ 2 s | $(sv start_ms) ms (median of $(sv start_ms_all)) | $(verdict "$(sv start_ms)" '<=' 2000 ms) |"
    echo "| usage ingestion ≥ 20,000 events/s | $(sv ingest_eps) events/s ($(sv ingest_cpu_per_1k) CPU ms per 1k events) | $(verdict "$(sv ingest_eps)" '>=' 20000 events/s) |"
    echo "| zero DB / REST calls per request in steady state | $(sv db_xact_per_request) platform-DB transactions per request (all in the background); $(sv verify_calls) key verifications; $(sv lease_waits) requests waited for a lease; see the counters | see below |"
    echo ""
    echo "Other figures: gateway CPU per 1,000 requests $(sv cpu_per_1k) ms; mock ceiling $(sv mock_rps) req/s; gateway RSS idle $(sv rss_idle) MiB."
    echo ""
    for f in "$OUT"/sections/*.md; do cat "$f"; echo ""; done
    if [ -f "$BENCH/ANALYSIS.md" ]; then cat "$BENCH/ANALYSIS.md"; fi
  } >"$r"
}
