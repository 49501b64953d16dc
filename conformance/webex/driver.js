#!/usr/bin/env node
// Drives the published Webex Contact Center SDK (@webex/contact-center) against a sandbox.
//
// The SDK runs as it ships. Only the address of the service catalog (U2C) changes: the SDK
// finds the contact-center API ('wcc-api-gateway') in that catalog, so pointing discovery at
// the sandbox's catalog route is all it takes. The browser globals the SDK expects and node 20
// lacks (a WebSocket, a keepalive Worker, navigator) are provided below; nothing else is patched.
//
// Usage: SANDBOX_URL=http://127.0.0.1:8765 node driver.js
//   AGENT (agent1), DIAL_NUMBER (the agent's default), CHANNEL (chat), STEP_TIMEOUT_MS (20000).
// Prints one JSON line per step, {"step", "ok", "detail"}, and exits 1 on the first failure.

'use strict';

const BASE = (process.env.SANDBOX_URL || '').replace(/\/+$/, '');
const AGENT = process.env.AGENT || 'agent1';
const CHANNEL = process.env.CHANNEL || 'chat';
const STEP_TIMEOUT_MS = Number(process.env.STEP_TIMEOUT_MS || 20000);

// Browser globals ---------------------------------------------------------------------------

if (typeof globalThis.WebSocket === 'undefined') {
  // Node 22 has a global WebSocket; node 20 only behind a flag: the `ws` package stands in.
  globalThis.WebSocket = require('ws');
}
if (typeof globalThis.navigator === 'undefined') {
  globalThis.navigator = {onLine: true, userAgent: `node/${process.version}`};
}
if (typeof globalThis.window === 'undefined') {
  // The media packages the SDK loads read window.navigator when they load; aqm-reqs times its
  // requests out with window.setTimeout.
  globalThis.window = globalThis;
}
if (typeof globalThis.location === 'undefined') {
  // A page's address, which webex-core's client metrics name as the domain.
  globalThis.location = new URL('http://localhost/');
}
if (typeof globalThis.document === 'undefined') {
  // Metrics read document.hidden once window exists (a tab that is not hidden).
  globalThis.document = {hidden: false, visibilityState: 'visible'};
}
if (typeof globalThis.Worker === 'undefined') {
  // The SDK's keepalive runs in a Web Worker that posts {type: 'keepalive'} every interval;
  // this stand-in does the same on the main thread.
  globalThis.Worker = class KeepaliveWorker {
    constructor() {
      this.onmessage = null;
      this.timer = null;
    }

    postMessage(message) {
      if (message && message.type === 'start') {
        clearInterval(this.timer);
        this.timer = setInterval(() => {
          if (this.onmessage) this.onmessage({data: {type: 'keepalive'}});
        }, message.intervalDuration || 4000);
        this.timer.unref();
      } else if (message && message.type === 'terminate') {
        clearInterval(this.timer);
      }
    }

    terminate() {
      clearInterval(this.timer);
    }
  };
}

// @webex/calling names its ES-module build as `main` (bundlers resolve it; node cannot load its
// extensionless imports), and ships the CommonJS build beside it: node is pointed at that one.
const Module = require('module');
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function resolve(request, ...rest) {
  return resolveFilename.call(this, request === '@webex/calling' ? '@webex/calling/dist/index.js' : request, ...rest);
};

// The SDK uploads its logs after a failure to Webex's log service (not the contact-center API,
// so not in the sandbox's catalog) and leaves that promise unhandled in places: say so, go on.
process.on('unhandledRejection', (error) => {
  process.stderr.write(`driver: unhandled rejection in the SDK: ${describe(error)}\n`);
});

// Steps -------------------------------------------------------------------------------------

let failed = false;

function report(step, ok, detail) {
  process.stdout.write(`${JSON.stringify({step, ok, detail})}\n`);
  if (!ok) failed = true;
}

function withTimeout(promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer in ${STEP_TIMEOUT_MS} ms`)), STEP_TIMEOUT_MS);
  });

  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function describe(error) {
  if (!error) return 'unknown error';
  const details = error.details || error.data;

  return details ? `${error.message || error}: ${JSON.stringify(details)}` : String(error.message || error);
}

async function step(name, run) {
  try {
    const detail = await withTimeout(Promise.resolve().then(run), name);
    report(name, true, detail === undefined ? null : detail);

    return true;
  } catch (error) {
    report(name, false, describe(error));
    if (process.env.DRIVER_DEBUG) process.stderr.write(`${error && error.stack}\n`);

    return false;
  }
}

function once(emitter, event) {
  return new Promise((resolve) => emitter.once(event, resolve));
}

async function signIn() {
  // The sandbox's password grant stands in for the platform's sign-in; the SDK takes the token.
  const response = await fetch(`${BASE}/oauth/token`, {
    method: 'POST',
    headers: {'content-type': 'application/x-www-form-urlencoded'},
    body: new URLSearchParams({grant_type: 'password', username: AGENT, password: AGENT}),
  });
  if (response.status !== 200) throw new Error(`sign-in answered ${response.status}`);

  return (await response.json()).access_token;
}

async function offer(token) {
  // The sandbox's bench hook offers the agent a contact, as its traffic would.
  const response = await fetch(`${BASE}/bench/offer?channel=${CHANNEL}`, {
    method: 'POST',
    headers: {authorization: `Bearer ${token}`},
  });
  if (response.status !== 200) throw new Error(`bench offer answered ${response.status}: ${await response.text()}`);

  return response.json();
}

async function main() {
  if (!BASE) {
    report('setup', false, 'SANDBOX_URL is not set');

    return;
  }
  const token = await signIn();
  const Webex = require('@webex/contact-center').default;
  const version = require('@webex/contact-center/package').version;
  const webex = Webex.init({
    credentials: {access_token: token},
    config: {
      logger: {level: process.env.SDK_LOG_LEVEL || 'error'},
      services: {discovery: {u2c: `${BASE}/u2c/api/v1`}},
      cc: {allowMultiLogin: true, allowAutomatedRelogin: false},
    },
  });
  await withTimeout(once(webex, 'ready'), 'webex ready');
  const cc = webex.cc;
  // Usage metrics go to Webex's metrics service, which is not the contact-center API.
  cc.metricsManager.setMetricsDisabled(true);
  report('setup', true, {sdk: version});

  let profile;
  if (!(await step('register', async () => {
    profile = await cc.register();

    return {agentId: profile.agentId, teams: profile.teams.length, idleCodes: profile.idleCodes.length};
  }))) return;

  const team = profile.teams[0];
  const dialNumber = process.env.DIAL_NUMBER || profile.defaultDn;
  if (!(await step('stationLogin', async () => {
    const answer = await cc.stationLogin({teamId: team.teamId || team.id, loginOption: 'AGENT_DN', dialNumber});

    return {type: answer.type, deviceType: answer.deviceType, status: answer.status};
  }))) return;

  const idle = profile.idleCodes.find((code) => code.id !== '0' && !code.isSystem);
  await step('setAgentState Idle', async () => {
    const answer = await cc.setAgentState({state: 'Idle', auxCodeId: idle.id, lastStateChangeReason: idle.name});

    return {type: answer.type, subStatus: answer.data && answer.data.subStatus};
  });
  if (!(await step('setAgentState Available', async () => {
    const answer = await cc.setAgentState({state: 'Available', auxCodeId: '0', lastStateChangeReason: 'Available'});

    return {type: answer.type, subStatus: answer.data && answer.data.subStatus};
  }))) return;

  await step('getBuddyAgents', async () => {
    const answer = await cc.getBuddyAgents({mediaType: 'telephony'});

    return {type: answer.type, agents: answer.data.agentList.length};
  });

  let task;
  const incoming = once(cc, 'task:incoming');
  if (!(await step('task offered', async () => {
    const offered = await offer(token);
    task = await incoming;

    return {interactionId: task.data.interactionId, offered: offered.interactionId || offered.id, mediaType: task.data.interaction.mediaType};
  }))) return;

  await step('task accepted', async () => {
    const assigned = once(task, 'task:assigned');
    const answer = await task.accept();
    await assigned;

    return {type: answer && answer.type, state: task.data.interaction.state};
  });

  await step('task ended', async () => {
    const ended = once(task, 'task:end');
    const answer = await task.end();
    await ended;

    return {type: answer && answer.type, wrapUpRequired: task.data.wrapUpRequired};
  });

  await step('task wrapped up', async () => {
    const code = profile.wrapupCodes[0];
    const answer = await task.wrapup({auxCodeId: code.id, wrapUpReason: code.name});

    return {type: answer && answer.type, wrapUpCode: code.name};
  });

  await step('stationLogout', async () => {
    const answer = await cc.stationLogout({logoutReason: 'User requested logout'});

    return {type: answer.type, subStatus: answer.data && answer.data.subStatus};
  });

  await step('deregister', () => cc.deregister());
}

main()
  .catch((error) => report('driver', false, describe(error)))
  .finally(() => process.exit(failed ? 1 : 0));
