"""Runs a command attached to a pseudo-terminal and answers its prompts.

    python3 pty-drive.py SCRIPT_JSON

SCRIPT_JSON: {"argv": [...], "cwd": "...", "env": {...}, "steps": [{"expect": "name? ", "send": "world\\n"}], "timeout": 30}
Each step waits until `expect` has appeared in the output (after the previous
step's) and then writes `send` to the terminal. Prints one JSON line:
{"exit": N | null, "signal": N | null, "output": "...", "missed": "expect text not seen" | null}.
Standard library only (pty, os, select): what a person at a terminal does.
"""
import json
import os
import pty
import select
import sys
import time


def main() -> None:
    script = json.loads(sys.argv[1])
    deadline = time.monotonic() + float(script.get("timeout", 30))
    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(script["cwd"])
        os.execvpe(script["argv"][0], script["argv"], script["env"])
    output = b""
    seen = 0
    missed = None
    steps = list(script.get("steps", []))
    status = None
    while True:
        if steps and steps[0]["expect"].encode() in output[seen:]:
            step = steps.pop(0)
            seen = output.index(step["expect"].encode(), seen) + len(step["expect"].encode())
            os.write(fd, step["send"].encode())
        if time.monotonic() > deadline:
            missed = steps[0]["expect"] if steps else "the command to end"
            os.kill(pid, 9)
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                chunk = b""
            if chunk:
                output += chunk
                continue
        done, status = os.waitpid(pid, os.WNOHANG)
        if done != 0:
            # Whatever the child wrote last is still in the terminal's buffer.
            while True:
                ready, _, _ = select.select([fd], [], [], 0.05)
                if not ready:
                    break
                try:
                    chunk = os.read(fd, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                output += chunk
            break
    exit_code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else None
    signal = os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
    if steps and missed is None:
        missed = steps[0]["expect"]
    print(json.dumps({"exit": exit_code, "signal": signal, "output": output.decode("utf-8", "replace"), "missed": missed}))


main()
