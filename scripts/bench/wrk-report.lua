-- wrk's summary as one machine-readable line:
-- RESULT <requests/s> <p50 ms> <p99 ms> <errors> <requests>
-- With WRK_FORM set, every request POSTs it as a form body; with
-- WRK_ACCEPT_ENCODING set, every request asks for that encoding.
local encoding = os.getenv("WRK_ACCEPT_ENCODING")
if encoding and encoding ~= "" then
  wrk.headers["Accept-Encoding"] = encoding
end
local form = os.getenv("WRK_FORM")
if form and form ~= "" then
  wrk.method = "POST"
  wrk.body = form
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format("RESULT %.0f %.2f %.2f %d %d\n",
    summary.requests / seconds,
    latency:percentile(50) / 1000,
    latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.status + e.timeout,
    summary.requests))
end
