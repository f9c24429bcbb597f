"""The web benchmark's reading of wrk's report: every kind of error is counted and named."""

from __future__ import annotations

from benchmarks.wrk_runs import parse_wrk

CLEAN = """Running 30s test @ http://127.0.0.1:8812
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    12.70ms    5.12ms  98.40ms   91.20%
    Req/Sec     1.32k   180.51     1.71k    70.83%
  Latency Distribution
     50%   11.89ms
     75%   14.02ms
     90%   17.33ms
     99%   24.20ms
  78772 requests in 30.00s, 1.02GB read
Requests/sec:   2625.77
Transfer/sec:     34.92MB
"""

FAILING = """Running 30s test @ http://127.0.0.1:8812
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    41.02ms   30.77ms   1.99s    93.05%
    Req/Sec   381.92     90.12   590.00     68.50%
  Latency Distribution
     50%   36.65ms
     75%   52.10ms
     90%   90.00ms
     99%  184.73ms
  22783 requests in 30.00s, 280.13MB read
  Socket errors: connect 1, read 2, write 4, timeout 8
  Non-2xx or 3xx responses: 16
Requests/sec:    759.45
Transfer/sec:      9.34MB
"""


def test_a_clean_run_reports_its_figures_and_no_errors() -> None:
    figures = parse_wrk(CLEAN)

    assert figures == {
        "requests/s": "2625.77",
        "p50": "11.89ms",
        "p99": "24.20ms",
        "errors": "0",
        "error kinds": "none",
    }


def test_socket_errors_and_bad_statuses_are_added_up_and_named_by_kind() -> None:
    figures = parse_wrk(FAILING)

    assert figures["errors"] == "31"
    assert figures["error kinds"] == "non-2xx/3xx 16, connect 1, read 2, write 4, timeout 8"
    assert (figures["p50"], figures["p99"]) == ("36.65ms", "184.73ms")
