# A test agent for the bwrap runtime: on each batch it tries what a confined agent must not be able
# to do and replies with one line per attempt, "name=denied (reason)" or "name=ALLOWED".
# The message text names the host paths to try: "<admin.token path> <data dir> <http port>".
import json, os, socket, sys


def attempt(name, action):
    try:
        action()
        return name + "=ALLOWED"
    except OSError as e:
        return name + "=denied (" + (os.strerror(e.errno) if e.errno else type(e).__name__) + ")"


def write(path, mode="ab"):
    def go():
        with open(path, mode) as f:
            f.write(b"x")
    return go


def read(path):
    def go():
        with open(path, "rb") as f:
            f.read(1)
    return go


def connect(port):
    def go():
        socket.create_connection(("127.0.0.1", port), timeout=5).close()
    return go


def probe(text):
    token, data, port = text.split()
    return [
        attempt("write_inbound_db", write("/workspace/inbound.db", "r+b")),
        attempt("create_beside_inbound_db", write("/workspace/inbound.db-journal", "wb")),
        attempt("read_admin_token", read(token)),
        attempt("write_data_dir", write(os.path.join(data, "planted"), "wb")),
        attempt("write_usr", write("/usr/planted", "wb")),
        attempt("write_etc", write("/etc/planted", "wb")),
        attempt("write_root", write("/planted", "wb")),
        attempt("network", connect(int(port))),
        # what it may do, so the test sees the probe itself works
        attempt("write_out", write("/workspace/out/probe.txt", "wb")),
        attempt("write_agent", write("/workspace/agent/probe.txt", "wb")),
        attempt("read_container_json", read("/workspace/container.json")),
        attempt("write_tmp", write("/tmp/probe.txt", "wb")),
    ]


for line in sys.stdin:
    msg = json.loads(line)
    if msg["type"] != "batch":
        continue
    for m in msg["messages"]:
        if m["trigger"]:
            reply = "\n".join(probe(m["text"] or ""))
            print(json.dumps({"type": "send", "ref": "r%d" % m["seq"], "text": reply}), flush=True)
    print(json.dumps({"type": "done", "batch_id": msg["batch_id"], "status": "completed"}), flush=True)
