#!/usr/bin/env node
// A minimal Tandem exec agent in Node (no npm packages): JSON lines on stdin/stdout.
// It answers each chat message of a batch by quoting it, counts the batches it has served in
// session_state (so the count survives restarts), and reports every refused line on stderr,
// which the runner writes to its log.
//
//   tandem group add node-bot --command 'node minimal_agent.js'   (file in the group folder)
//   printf '%s\n' '{"type":"hello","protocol":1,"state":{}}' \
//     '{"type":"batch","batch_id":"b-1","messages":[{"seq":2,"kind":"chat","trigger":true,"sender":{"name":"Ann"},"text":"hi"}]}' \
//     | node minimal_agent.js
"use strict";
const readline = require("readline");

let served = 0;     // batches served, restored from hello's state
let refs = 0;

function write(line) {
  process.stdout.write(JSON.stringify(line) + "\n");
}

function nextRef() {
  refs += 1;
  return "r" + refs;
}

const input = readline.createInterface({ input: process.stdin, terminal: false });

input.on("line", (text) => {
  let msg;
  try {
    msg = JSON.parse(text);
  } catch (e) {
    console.error("not JSON: " + text);
    return;
  }
  switch (msg.type) {
    case "hello":                       // once at start: who we are, and our saved state
      served = Number((msg.state || {}).served || 0);
      break;
    case "batch": {                     // messages to handle; finish with exactly one done
      for (const m of msg.messages) {
        if (m.kind !== "chat" || !m.trigger) continue;   // trigger false: context only, no answer
        const who = (m.sender && m.sender.name) || "someone";
        write({ type: "send", ref: nextRef(), text: `${who} said: ${m.text || ""}`, reply_to: m.seq });
      }
      served += 1;
      write({ type: "state", ref: nextRef(), op: "set", key: "served", value: String(served) });
      write({ type: "done", batch_id: msg.batch_id, status: "completed" });
      break;
    }
    case "result":                      // the answer to one of our lines, matched by ref
      if (!msg.ok) console.error(`line ${msg.ref} refused: ${msg.error}`);
      break;
    case "clear":                       // /clear: the runner has wiped session_state
      served = 0;
      break;
    default:
      break;                            // a newer runner may send more types: ignore them
  }
});

input.on("close", () => process.exit(0));   // stdin EOF: the runner is stopping us
