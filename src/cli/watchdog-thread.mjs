// The watchdog of `roundtable run --max-wall`, in a thread of its own: when the main thread is
// stuck inside one event (a problem's oracle, or a method, that never returns), its own
// wall-clock check never runs, and neither do its timers. This thread prints what it was told
// (with writeSync: its console would wait for the stuck main thread) and kills the process.
import { writeSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';

const { deadline, seconds } = workerData;
let method = 'the first method';
let virtualTime;
let events = 0;
const finished = [];

parentPort.on('message', (message) => {
  if (message.type === 'method') method = message.label;
  else if (message.type === 'progress') {
    virtualTime = message.time;
    events = message.events;
  } else if (message.type === 'finished') finished.push(message.summary);
  else if (message.type === 'done') process.exit(0);
});

setTimeout(() => {
  const at = virtualTime === undefined ? '' : ` at about t=${virtualTime} (after ${events} events)`;
  const before = finished.length === 0 ? '' : `; finished before it: ${finished.join('; ')}`;
  writeSync(
    2,
    `roundtable: --max-wall ${seconds} s reached with ${method} stuck inside one event${at}: ` +
      `a computation that does not return (a problem's oracle or a method)${before}. The process is killed (exit status 137).\n`,
  );
  process.kill(process.pid, 'SIGKILL');
}, Math.max(0, deadline - Date.now()));
