"""Driving ``wrk`` (C, from apt) over a list of signed-in requests, and reading its report."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

LUA = """
local requests = {%s}
local index = 0
request = function()
  index = index %% #requests + 1
  local r = requests[index]
  if r[2] == "" then return wrk.format("GET", r[1]) end
  return wrk.format("GET", r[1], {["Cookie"] = r[2]})
end
"""


def run_wrk(
    port: int, requests: list[tuple[str, str]], seconds: int, connections: int, folder: Path
) -> dict[str, str]:
    entries = ", ".join(f'{{"{p}", "{c}"}}' for p, c in requests)
    script = folder / "requests.lua"
    script.write_text(LUA % entries)
    output = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "-s",
            str(script),
            f"http://127.0.0.1:{port}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return parse_wrk(output)


def parse_wrk(output: str) -> dict[str, str]:
    def find(pattern: str, default: str = "0") -> str:
        found = re.search(pattern, output)
        return found.group(1) if found else default

    kinds = {"non-2xx/3xx": int(find(r"Non-2xx or 3xx responses: (\d+)"))}
    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if socket:
        names = ("connect", "read", "write", "timeout")
        for kind, count in zip(names, socket.groups(), strict=True):
            kinds[kind] = int(count)
    return {
        "requests/s": find(r"Requests/sec:\s+([\d.]+)"),
        "p50": find(r"\s50%\s+([\d.]+\w+)"),
        "p99": find(r"\s99%\s+([\d.]+\w+)"),
        "errors": str(sum(kinds.values())),
        "error kinds": ", ".join(f"{kind} {n}" for kind, n in kinds.items() if n) or "none",
    }
