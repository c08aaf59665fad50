#!/usr/bin/env python3
"""A Tandem exec agent that uses every action of the agent protocol (DESIGN 7.3).

Python 3, standard library only. JSON lines: the runner writes to our stdin, we write to stdout
(one object per line, flushed), and anything on stderr ends up in the runner's log.

For every chat message it
  - replies "You said: <text>" to that message (send with reply_to),
  - reacts to the message with an emoji (react),
  - edits its own reply once the runner told it the reply's seq (edit),
  - remembers the text (state set "last_text"),
and when the text contains
  - "file":   writes notes/summary.txt in its working directory (the group folder) and sends it
              (send with files),
  - "ask":    asks a question with buttons (ask) and keeps the question_id (state set),
  - "card":   sends a card with a plain-text fallback (card),
  - "forget": forgets the remembered text (state delete).
When the answer to its question arrives (a system message "question_response") it says which
option was picked (send) and forgets the question (state delete).
Each batch ends with done; a batch it cannot handle ends with done status "failed".

Try it without a host: start it and type lines, e.g.
  {"type":"hello","protocol":1,"session_id":"s","agent_group_id":"g","timezone":"UTC","destinations":[],"state":{}}
  {"type":"batch","batch_id":"b1","messages":[{"seq":2,"id":"m1","kind":"chat","trigger":true,"text":"ask"}]}
then answer each action it prints with a result line, e.g. {"type":"result","ref":"r1","ok":true,"seq":3}.
"""
import json
import os
import sys

pending = []          # lines read while waiting for a result, handled afterwards
next_ref = 0


def log(text):
    print(text, file=sys.stderr, flush=True)


def write(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def read():
    """The next line from the runner (a queued one first); None when the runner closed stdin."""
    if pending:
        return pending.pop(0)
    line = sys.stdin.readline()
    return json.loads(line) if line else None


def call(action):
    """Writes one action and waits for its result: {"ok":true,"seq"?,"question_id"?} or ok:false."""
    global next_ref
    next_ref += 1
    ref = f"r{next_ref}"
    write(dict(action, ref=ref))
    while True:
        line = sys.stdin.readline()
        if not line:
            raise EOFError("the runner closed stdin while we waited for a result")
        msg = json.loads(line)
        if msg.get("type") == "result" and msg.get("ref") == ref:
            if not msg["ok"]:
                log(f"{action['type']} refused: {msg['error']}")
            return msg
        pending.append(msg)


def handle_chat(m, state):
    text = m.get("text") or ""
    reply = call({"type": "send", "text": f"You said: {text}", "reply_to": m["seq"]})
    call({"type": "react", "seq": m["seq"], "emoji": "👀"})
    if reply["ok"]:
        call({"type": "edit", "seq": reply["seq"], "text": f"You said: {text} (edited)"})
    if "file" in text:
        os.makedirs("notes", exist_ok=True)
        with open(os.path.join("notes", "summary.txt"), "w", encoding="utf-8") as f:
            f.write(f"Summary of: {text}\n")
        call({"type": "send", "text": "Here is a summary.", "files": ["notes/summary.txt"]})
    if "ask" in text:
        asked = call({"type": "ask", "title": "A question", "question": "Shall I go on?",
                      "options": ["yes", {"label": "No, stop", "value": "no"}]})
        if asked["ok"]:
            call({"type": "state", "op": "set", "key": "pending_question", "value": asked["question_id"]})
            state["pending_question"] = asked["question_id"]
    if "card" in text:
        call({"type": "card", "card": {"title": "Status", "fields": [{"name": "text", "value": text}]},
              "fallback_text": f"Status: {text}"})
    if "forget" in text:
        call({"type": "state", "op": "delete", "key": "last_text"})
        state.pop("last_text", None)
    else:
        call({"type": "state", "op": "set", "key": "last_text", "value": text})
        state["last_text"] = text


def handle_system(m, state):
    content = m.get("content") or {}
    if content.get("type") != "question_response":
        return
    if content.get("question_id") != state.get("pending_question"):
        log(f"an answer to a question we did not ask: {content.get('question_id')}")
        return
    call({"type": "send", "text": f"You picked: {content.get('value')}", "reply_to": m["seq"]})
    call({"type": "state", "op": "delete", "key": "pending_question"})
    state.pop("pending_question", None)


def main():
    state = {}
    while True:
        msg = read()
        if msg is None:                       # stdin closed: the runner wants us gone
            return
        kind = msg.get("type")
        if kind == "hello":
            state = dict(msg.get("state") or {})
        elif kind == "clear":
            state = {}
        elif kind == "batch":
            try:
                for m in msg["messages"]:
                    if m["kind"] == "chat":
                        handle_chat(m, state)
                    elif m["kind"] == "system":
                        handle_system(m, state)
                write({"type": "done", "batch_id": msg["batch_id"], "status": "completed"})
            except EOFError:
                return
            except Exception as e:            # a bug here must not leave the batch hanging
                log(f"batch {msg['batch_id']} failed: {e!r}")
                write({"type": "done", "batch_id": msg["batch_id"], "status": "failed", "error": repr(e)})


if __name__ == "__main__":
    main()
