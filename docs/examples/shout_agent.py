#!/usr/bin/env python3
"""A Tandem exec agent: answers every message in upper case. JSON lines on stdin/stdout."""
import json
import sys

for line in sys.stdin:                      # the runner closes stdin when it stops: we exit
    msg = json.loads(line)
    if msg["type"] != "batch":              # hello, result, clear: nothing to do here
        continue
    for m in msg["messages"]:
        text = m.get("text") or ""
        reply = {"type": "send", "ref": f"r{m['seq']}", "text": f"{text.upper()}!"}
        print(json.dumps(reply), flush=True)
    print(json.dumps({"type": "done", "batch_id": msg["batch_id"], "status": "completed"}), flush=True)
