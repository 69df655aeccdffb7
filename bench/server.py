"""Benchmark: `playbook server` at N clients: save → published page, and saves under load.

    .venv/bin/python bench/server.py [N]     # default N = 1,000 clients

It writes a synthetic handbook (bench/synthetic.py) with two audiences (`team` sees
everything, `company` no personal data), eight people in `editor.people`, commits it to
a git repository with a bare remote, and starts `playbook server --push origin` on
loopback (no nginx: requests carry `X-Remote-User` from 127.0.0.1, as nginx's would).

1. start: until both sites are first published, and until the first full build is;
2. save → page: one person saves a client's summary (the form's request); measured from
   the request until the answer (the save: check, write, commit) and until the page that
   nginx would serve (`site/<audience>/accounts/<id>/index.html`, through the published
   link) shows the change, for both audiences; five saves, two seconds apart, while the
   full builds the saves ask for run in the background;
3. load: eight people save forty times at once (five each, each their own client):
   saves per second, the answers' median and 95th percentile, until every commit is on
   the remote and until every site shows the last commit.

Peak memory (RSS) of the server and its render processes is read from /proc.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synthetic import write_handbook  # noqa: E402

PEOPLE = [f"person{i}" for i in range(8)]
SETTINGS = (
    "      today: '2026-11-21'\n"
    "      audiences:\n"
    "        team: {}\n"
    "        company: {personal_data: false, confidential: false}\n"
    "      editor:\n"
    "        people:\n"
    + "".join(f"          {p}: 同事{p[-1]} <{p}@agency.example>\n" for p in PEOPLE)
)


def _git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=root, check=True, capture_output=True, text=True
    ).stdout.strip()


def repository(base: Path, count: int) -> tuple[Path, Path]:
    root = write_handbook(base / "handbook", count)
    config = root / "mkdocs.yml"
    marker = "  - playbook:\n      language: zh\n"
    config.write_text(config.read_text("utf-8").replace(marker, marker + SETTINGS), "utf-8")
    (root / ".gitignore").write_text("/site/\n", encoding="utf-8")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "-c", "user.name=Bench", "-c", "user.email=bench@x", "commit", "-qm", "init")
    remote = base / "remote.git"
    _git(base, "init", "-q", "--bare", "-b", "main", str(remote))
    _git(root, "remote", "add", "origin", str(remote))
    _git(root, "push", "-q", "origin", "main")
    return root, remote


class Server:
    def __init__(self, root: Path) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = int(sock.getsockname()[1])
        self.root = root
        self.log = (root.parent / "server.log").open("wb")
        command = [sys.executable, "-m", "generator.cli", "server", "--root", str(root)]
        command += ["--listen", f"127.0.0.1:{self.port}", "--push", "origin"]
        self.process = subprocess.Popen(command, stdout=self.log, stderr=subprocess.STDOUT)

    def request(self, method: str, path: str, body: object = None, user: str = "person0"):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
        headers = {"X-Remote-User": user, "Origin": f"http://127.0.0.1:{self.port}"}
        data = None
        if body is not None:
            data = json.dumps(body, ensure_ascii=False).encode()
            headers["Content-Type"] = "application/json"
        try:
            connection.request(method, path, body=data, headers=headers)
            response = connection.getresponse()
            return response.status, json.loads(response.read() or b"null")
        except OSError:
            return 0, None
        finally:
            connection.close()

    def api(self, action: str, params: dict, user: str = "person0"):
        return self.request("POST", "/team/api/v1", {"action": action, "params": params}, user)

    def status(self) -> dict:
        code, found = self.request("GET", "/team/admin/status.json")
        return found if code == 200 else {}

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)
        self.log.close()


def _wait(condition, limit: float, every: float = 0.02) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        if condition():
            return time.perf_counter() - started
        time.sleep(every)
    raise SystemExit(f"not within {limit:.0f} s")


def _tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and its descendants, now."""
    children: dict[int, list[int]] = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":", 1) for line in status.read_text().splitlines() if ":" in line
            )
        except OSError:
            continue
        children.setdefault(int(fields["PPid"]), []).append(int(status.parent.name))
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        pending += children.get(current, [])
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def _with_note(raw: str, note: str) -> str:
    return raw.replace("\nsummary: ", f"\nsummary: {note}", 1)


def save(server: Server, client: str, note: str, user: str = "person0") -> tuple[float, str]:
    path = f"clients/{client}.yaml"
    code, found = server.api("getEntry", {"path": path}, user)
    assert code == 200, found
    params = {
        "dataFiles": [
            {"path": path, "raw": _with_note(found["data"], note), "base": found["file"]["id"]}
        ]
    }
    started = time.perf_counter()
    code, answer = server.api("persistEntry", params, user)
    assert code == 200, answer
    return started, str(answer)


def page(root: Path, audience: str, client: str) -> Path:
    return root / "site" / audience / "accounts" / client / "index.html"


def shows(path: Path, text: str) -> bool:
    try:
        return text in path.read_text("utf-8")
    except OSError:
        return False


def main(count: int) -> None:
    with tempfile.TemporaryDirectory(prefix="playbook-server-bench-") as tmp:
        root, remote = repository(Path(tmp), count)
        server = Server(root)
        peak = 0.0
        try:
            began = time.perf_counter()
            _wait(lambda: server.status(), 120, 0.2)
            _wait(lambda: all(s["renders"] for s in server.status()["sites"].values()), 3600, 0.5)
            first_render = time.perf_counter() - began
            print(f"clients: {count:,}", flush=True)
            print(f"start → both sites first published: {first_render:.1f} s", flush=True)
            peak = max(peak, _tree_rss_mb(server.process.pid))
            # the saves below are measured while full builds run in the background (niced),
            # as they do whenever people save

            client = "client-00007"
            rows = []
            for number in range(5):
                time.sleep(2)
                note = f"基准{number}号"
                started, _ = save(server, client, note)
                answered = time.perf_counter() - started
                seen: dict[str, float] = {}
                while len(seen) < 2 and time.perf_counter() - started < 300:
                    for audience in ("team", "company"):
                        if audience not in seen and shows(page(root, audience, client), note):
                            seen[audience] = time.perf_counter() - started
                    time.sleep(0.02)
                team_record = server.status()["sites"]["team"]
                rows.append(
                    (
                        answered,
                        seen["team"],
                        seen["company"],
                        team_record["render_seconds"],
                        team_record["render_cpu_seconds"],
                        team_record["publish_seconds"],
                    )
                )
                peak = max(peak, _tree_rss_mb(server.process.pid))
            print(
                "save → answer / team page / company page (s); the team site's last render: "
                "wall / CPU, and its publish (s); load average before: "
                + " ".join(f"{x:.1f}" for x in os.getloadavg()),
                flush=True,
            )
            for row in rows:
                print(
                    "  "
                    + " / ".join(f"{x:.2f}" for x in row[:3])
                    + "; "
                    + " / ".join(f"{x:.2f}" for x in row[3:])
                )
            medians = [statistics.median(row[i] for row in rows) for i in range(6)]
            print(
                "  median: "
                + " / ".join(f"{m:.2f}" for m in medians[:3])
                + "; "
                + " / ".join(f"{m:.2f}" for m in medians[3:])
            )

            before = _git(root, "rev-parse", "HEAD")
            latencies: list[float] = []
            failures: list[str] = []
            gate = threading.Barrier(len(PEOPLE))

            def person(index: int) -> None:
                user, mine = PEOPLE[index], f"client-{count // 2 + index:05d}"
                gate.wait()
                for number in range(5):
                    try:
                        started, _ = save(server, mine, f"负载{index}-{number}", user)
                        latencies.append(time.perf_counter() - started)
                    except AssertionError as exc:
                        failures.append(str(exc))

            threads = [threading.Thread(target=person, args=(i,)) for i in range(len(PEOPLE))]
            began = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            took = time.perf_counter() - began
            head = _git(root, "rev-parse", "HEAD")
            commits = int(_git(root, "rev-list", "--count", f"{before}..{head}"))
            pushed = _wait(lambda: _git(remote, "rev-parse", "main") == head, 300, 0.1)
            shown = _wait(
                lambda: all(s["commit"] == head for s in server.status()["sites"].values()),
                600,
                0.2,
            )
            peak = max(peak, _tree_rss_mb(server.process.pid))
            latencies.sort()
            print(f"load: 8 people × 5 saves at once: {commits} commits, {len(failures)} failed")
            print(
                f"  {len(latencies) / took:.1f} saves/s; answer median {statistics.median(latencies):.2f} s, "
                f"95th percentile {latencies[int(len(latencies) * 0.95) - 1]:.2f} s, slowest {latencies[-1]:.2f} s"
            )
            print(
                f"  all on the remote {pushed:.1f} s after the last answer; every site showing the last commit after {shown:.1f} s more"
            )
            _wait(lambda: server.status()["full_build"]["builds"] >= 1, 7200, 1)
            full = server.status()["full_build"]
            print(f"last full build (every audience, in the background): {full['seconds']:.0f} s")
            print(f"peak memory of the server and its processes: {peak:.0f} MB")
        finally:
            server.stop()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
