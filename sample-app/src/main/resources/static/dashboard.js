// The live dashboard: polls /api/dashboard every second, turns cumulative counters into rates,
// and draws calls/s of the last 60 s on a canvas. No library, no CDN: it works offline.
(function () {
  'use strict';
  const HISTORY = 60;
  const history = [];
  let previous = null;

  const byId = (id) => document.getElementById(id);
  const set = (id, text) => { byId(id).textContent = text; };
  const micros = (value) => value >= 1000 ? (value / 1000).toFixed(1) + ' ms' : value + ' µs';

  function rate(now, before, pick) {
    if (!before) {
      return 0;
    }
    const seconds = (now.timeMillis - before.timeMillis) / 1000;
    return seconds > 0 ? Math.max(0, (pick(now) - pick(before)) / seconds) : 0;
  }

  function total(snapshot, field) {
    return snapshot.interpreters.reduce((sum, interpreter) => sum + interpreter[field], 0);
  }

  // Calls aimed at the worker processes pass no interpreter's gate: counted beside them.
  function processTotal(snapshot, field) {
    return snapshot.processes.reduce((sum, worker) => sum + worker[field], 0);
  }

  function allCalls(snapshot) {
    return total(snapshot, 'calls') + processTotal(snapshot, 'calls');
  }

  function worst(snapshot, field) {
    return snapshot.interpreters.reduce((max, interpreter) => Math.max(max, interpreter[field]), 0);
  }

  function render(snapshot) {
    const callsPerSecond = rate(snapshot, previous, allCalls);
    history.push(callsPerSecond);
    if (history.length > HISTORY) {
      history.shift();
    }
    set('python-version', 'Python ' + snapshot.pythonVersion);
    set('window', snapshot.windowSeconds);
    set('calls-per-second', callsPerSecond.toFixed(1));
    set('calls-total', allCalls(snapshot));
    set('in-flight', total(snapshot, 'inFlight') + processTotal(snapshot, 'inFlight'));
    renderWaiting(snapshot);
    set('permit-p50', micros(worst(snapshot, 'permitWaitP50Micros')));
    set('permit-p99', micros(worst(snapshot, 'permitWaitP99Micros')));
    set('permit-max', micros(worst(snapshot, 'permitWaitMaxMicros')));
    renderPoolWait(snapshot.pool);
    set('gil-p50', micros(worst(snapshot, 'gilWaitP50Micros')));
    set('gil-p99', micros(worst(snapshot, 'gilWaitP99Micros')));
    set('ts-created', total(snapshot, 'threadStatesCreated'));
    set('ts-live', total(snapshot, 'threadStatesLive'));
    set('ts-reclaimed', total(snapshot, 'threadStatesReclaimed'));
    renderInterpreters(snapshot);
    renderProcesses(snapshot);
    drawChart();
    previous = snapshot;
  }

  // A call aimed at the pool waits in the pool's own queue for a free interpreter before it
  // reaches a permit: callers waiting counts both queues. snapshot.pool is null without a pool.
  function renderWaiting(snapshot) {
    const forPermit = total(snapshot, 'waiting');
    const forPool = snapshot.pool ? snapshot.pool.waiting : 0;
    set('waiting', forPermit + forPool);
    set('waiting-permit', forPermit);
    set('waiting-pool', snapshot.pool ? forPool : 'no pool');
  }

  function renderPoolWait(pool) {
    set('pool-p50', pool ? micros(pool.waitP50Micros) : '–');
    set('pool-p99', pool ? micros(pool.waitP99Micros) : '–');
    set('pool-max', pool ? micros(pool.waitMaxMicros) : '–');
    set('pool-free', pool ? pool.free + '/' + pool.size : 'no pool');
  }

  function renderInterpreters(snapshot) {
    const body = byId('interpreters').tBodies[0];
    body.replaceChildren();
    for (const interpreter of snapshot.interpreters) {
      const before = previous && previous.interpreters.find((i) => i.name === interpreter.name);
      const perSecond = before ? rate(snapshot, previous, (s) => s.interpreters.find((i) => i.name === interpreter.name).calls) : 0;
      const row = body.insertRow();
      row.dataset.name = interpreter.name;
      [interpreter.name, perSecond.toFixed(1), interpreter.calls, interpreter.inFlight, interpreter.waiting,
        interpreter.availablePermits + '/' + interpreter.permits,
        micros(interpreter.permitWaitP50Micros) + ' / ' + micros(interpreter.permitWaitP99Micros) + ' / '
          + micros(interpreter.permitWaitMaxMicros),
        micros(interpreter.gilWaitP50Micros) + ' / ' + micros(interpreter.gilWaitP99Micros),
        interpreter.threadStatesLive].forEach((text) => { row.insertCell().textContent = text; });
    }
  }

  function mebibytes(bytes) {
    return bytes > 0 ? (bytes / 1048576).toFixed(1) + ' MiB' : '–';
  }

  // A worker being replaced has no pid (-1) until its successor runs; the name stays.
  function renderProcesses(snapshot) {
    const workers = snapshot.processes;
    byId('processes').hidden = workers.length === 0;
    byId('processes-none').hidden = workers.length > 0;
    const alive = workers.filter((worker) => worker.alive).length;
    set('processes-alive', workers.length === 0 ? 'none' : alive + '/' + workers.length);
    set('processes-restarts', processTotal(snapshot, 'restarts'));
    const body = byId('processes').tBodies[0];
    body.replaceChildren();
    for (const worker of workers) {
      const before = previous && previous.processes.find((w) => w.name === worker.name);
      const perSecond = before ? rate(snapshot, previous, (s) => s.processes.find((w) => w.name === worker.name).calls) : 0;
      const row = body.insertRow();
      row.dataset.name = worker.name;
      row.dataset.alive = worker.alive;
      [worker.name, worker.pid > 0 ? worker.pid : '–', worker.alive ? 'yes' : 'replacing', worker.restarts,
        perSecond.toFixed(1), worker.calls, worker.inFlight, mebibytes(worker.residentBytes),
        worker.lastEnd || '–'].forEach((text) => { row.insertCell().textContent = text; });
    }
  }

  function drawChart() {
    const canvas = byId('chart');
    const context = canvas.getContext('2d');
    const width = canvas.width;
    const height = canvas.height;
    const top = Math.max(1, ...history) * 1.15;
    context.clearRect(0, 0, width, height);
    context.strokeStyle = '#e6e8ec';
    context.fillStyle = '#5b6475';
    context.font = '12px system-ui, sans-serif';
    for (let i = 0; i <= 4; i++) {
      const y = height - 20 - (height - 30) * i / 4;
      context.beginPath();
      context.moveTo(40, y);
      context.lineTo(width, y);
      context.stroke();
      context.fillText((top * i / 4).toFixed(0), 4, y + 4);
    }
    context.strokeStyle = '#3867d6';
    context.lineWidth = 2;
    context.beginPath();
    history.forEach((value, index) => {
      const x = 40 + (width - 45) * index / (HISTORY - 1);
      const y = height - 20 - (height - 30) * value / top;
      if (index === 0) {
        context.moveTo(x, y);
      } else {
        context.lineTo(x, y);
      }
    });
    context.stroke();
  }

  async function poll() {
    try {
      const response = await fetch('/api/dashboard', { headers: { Accept: 'application/json' } });
      if (!response.ok) {
        throw new Error('HTTP ' + response.status);
      }
      render(await response.json());
      byId('status').textContent = 'live';
      byId('status').className = 'status ok';
    } catch (failure) {
      byId('status').textContent = 'unreachable (' + failure.message + ')';
      byId('status').className = 'status error';
    } finally {
      setTimeout(poll, 1000);
    }
  }

  poll();
}());
