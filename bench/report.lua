-- wrk script: the paths given after "--" in turn, and a JSON line of results at the end.
local paths = {}
local counter = 0

function init(args)
  for i = 1, #args do paths[i] = args[i] end
  if #paths == 0 then paths[1] = "/" end
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "p50_ms": %.3f, "p99_ms": %.3f, "errors": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000,
    errors.connect + errors.read + errors.write + errors.status + errors.timeout))
end
