"""Time whole processes in a pseudo-terminal, as a person starting them would see them.

Usage: pty-start.py RUNS MARKER QUIT -- COMMAND...
For each run, fork COMMAND under a new pty (80x24), read its output until MARKER appears (or, with an empty
MARKER, until it exits) and record the milliseconds since the fork; then send QUIT (if any) and wait for the
process to end. Prints one JSON list of the times.
"""
import json, os, pty, select, signal, struct, sys, time, fcntl, termios

def run_once(command, marker, quit_keys):
    started = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(command[0], command)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', 24, 80, 0, 0))
    seen = b''
    found = None
    deadline = started + 30
    while time.perf_counter() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
        if marker and found is None and marker.encode() in seen:
            found = (time.perf_counter() - started) * 1000
            break
    if not marker:
        found = (time.perf_counter() - started) * 1000
    if quit_keys:
        os.write(fd, quit_keys.encode())
    # Drain until the process ends, so nothing it started outlives the run.
    end = time.perf_counter() + 20
    while time.perf_counter() < end:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                os.read(fd, 65536)
            except OSError:
                pass
    else:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    os.close(fd)
    return found

def main():
    runs, marker, quit_keys = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    command = sys.argv[sys.argv.index('--') + 1:]
    print(json.dumps([run_once(command, marker, quit_keys) for _ in range(runs)]))

main()
