"""Load measures: gunicorn (2 workers) on 127.0.0.1 and wrk against it, bounded in time."""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

WRK_THREADS = 2
WRK_CONNECTIONS = 8
WRK_HEADERS = ["Accept-Encoding: gzip, deflate, br", "Accept: text/html,*/*;q=0.8"]
MAX_DURATION_S = 60  # per URL, whatever --duration says
GUNICORN_WORKERS = 2
START_TIMEOUT_S = 60
UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


class LoadError(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ensure_wrk() -> tuple[str | None, str | None]:
    """The path of wrk, installing Debian's package when running as root; else (None, reason)."""
    path = shutil.which("wrk")
    if path:
        return path, None
    if os.name != "posix" or os.geteuid() != 0 or not shutil.which("apt-get"):
        return None, "wrk is not installed (apt-get install wrk)"
    print("wrk manquant : apt-get install -y wrk…", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-qq", "wrk"]
    for commands in ([install], [["apt-get", "update", "-qq"], install]):
        try:
            for command in commands:
                subprocess.run(command, env=env, check=True, capture_output=True, timeout=300)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
            continue
        if shutil.which("wrk"):
            return shutil.which("wrk"), None
    return None, "wrk is not installed and apt-get install wrk failed"


def _tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def http_get(url: str, timeout: float = 10.0) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=dict(h.split(": ", 1) for h in WRK_HEADERS))
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # loopback only
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@contextmanager
def gunicorn(env: dict, cwd: Path, log_path: Path, workers: int = GUNICORN_WORKERS):
    """Start gunicorn on a free loopback port, yield its base URL, always stop it."""
    port = free_port()
    binary = Path(sys.executable).parent / "gunicorn"
    command = [
        str(binary) if binary.exists() else "gunicorn",
        "config.wsgi",
        "-w",
        str(workers),
        "-b",
        f"127.0.0.1:{port}",
        "--error-logfile",
        str(log_path),
        "--log-level",
        "warning",
        "--no-control-socket",  # gunicorn 27 otherwise shares ~/.gunicorn/gunicorn.ctl with any other gunicorn
    ]
    with open(log_path, "ab") as log:
        # Own session: a Ctrl-C reaches us only, and we stop gunicorn ourselves below.
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=log, start_new_session=True)
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if process.poll() is not None:
                raise LoadError(f"gunicorn exited with status {process.returncode}:\n{_tail(log_path)}")
            try:
                http_get(f"{base_url}/robots.txt", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise LoadError(f"gunicorn did not answer within {START_TIMEOUT_S}s:\n{_tail(log_path)}")
                time.sleep(0.2)
        yield base_url
    finally:
        stop(process)


def stop(process: subprocess.Popen) -> None:
    """Graceful stop (SIGTERM); quick (SIGQUIT) if requests still hold the workers; SIGKILL last."""
    for action, timeout in ((signal.SIGTERM, 5), (signal.SIGQUIT, 5), (None, 5)):
        if process.poll() is not None:
            return
        if action is None:
            try:
                os.killpg(process.pid, signal.SIGKILL)  # its own group: the master and its workers
            except ProcessLookupError:
                pass
        else:
            process.send_signal(action)
        try:
            process.wait(timeout=timeout)
            return
        except subprocess.TimeoutExpired:
            continue


def _ms(value: str, unit: str) -> float:
    return round(float(value) * UNITS_MS[unit], 3)


def parse_wrk(output: str) -> dict:
    result = {"rps": None, "latency_ms": {}, "requests": None, "non_2xx_3xx": 0, "socket_errors": None}
    if match := re.search(r"Requests/sec:\s+([\d.]+)", output):
        result["rps"] = round(float(match.group(1)), 1)
    if match := re.search(r"Latency\s+([\d.]+)(us|ms|s|m|h)\s+([\d.]+)(us|ms|s|m|h)\s+([\d.]+)(us|ms|s|m|h)", output):
        result["latency_ms"]["avg"] = _ms(match.group(1), match.group(2))
        result["latency_ms"]["max"] = _ms(match.group(5), match.group(6))
    for percent, value, unit in re.findall(r"^\s+(\d+)%\s+([\d.]+)(us|ms|s|m|h)\s*$", output, re.MULTILINE):
        result["latency_ms"][f"p{percent}"] = _ms(value, unit)
    if match := re.search(r"(\d+) requests in", output):
        result["requests"] = int(match.group(1))
    if match := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output):
        result["non_2xx_3xx"] = int(match.group(1))
    if match := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output):
        counts = map(int, match.groups())
        result["socket_errors"] = dict(zip(("connect", "read", "write", "timeout"), counts, strict=True))
    return result


def run_wrk(wrk: str, url: str, duration: float) -> dict:
    duration = max(1, min(int(round(duration)), MAX_DURATION_S))
    command = [wrk, f"-t{WRK_THREADS}", f"-c{WRK_CONNECTIONS}", f"-d{duration}s", "--timeout", "5s", "--latency"]
    for header in WRK_HEADERS:
        command += ["-H", header]
    completed = subprocess.run(command + [url], capture_output=True, text=True, timeout=duration + 30)
    result = parse_wrk(completed.stdout)
    result["duration_s"] = duration
    if completed.returncode != 0 or result["rps"] is None:
        result["error"] = (completed.stderr or completed.stdout).strip()[-500:] or f"wrk exit {completed.returncode}"
    return result


def warm(base_url: str, path: str, count: int = 4) -> tuple[int, dict, int]:
    """A few requests so that both workers have loaded their templates; returns the last answer."""
    status, headers, body = 0, {}, b""
    for _ in range(count):
        status, headers, body = http_get(base_url + path)
    return status, headers, len(body)
