#!/usr/bin/env node
// Drives the published Webex Contact Center SDK (@webex/contact-center) against a sandbox.
//
// The SDK runs as it ships, with its own defaults. Only the address of the service catalog
// (U2C) changes: the SDK finds the contact-center API ('wcc-api-gateway') in that catalog, so
// pointing discovery at the sandbox's catalog route is all it takes. Besides, below: the
// browser globals the SDK expects and node lacks (WebSocket, a keepalive Worker, window,
// navigator, location, document.hidden), node pointed at @webex/calling's CommonJS build, and
// the SDK's usage metrics (sent to a Webex service, not the contact-center API) turned off.
//
// Usage: SANDBOX_URL=http://127.0.0.1:8765 node driver.js
//   AGENT (agent1), TEAMMATE (agent2), DIAL_NUMBER (the agent's default), CHANNEL (chat),
//   STEP_TIMEOUT_MS (20000). The sandbox needs its bench routes (--bench) for the offer.
// Prints one JSON line per step, {"step", "ok", "detail"}; exits 1 if any step failed (a
// step that later ones depend on stops the run).

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


/** The UUID inside a general Webex API id (base64 `ciscospark://us/<TYPE>/<uuid>`). */
function bareId(id) {
  const text = Buffer.from(String(id), 'base64').toString('utf8');

  return text.startsWith('ciscospark://') ? text.split('/').pop() : id;
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

async function signIn(login) {
  // The sandbox's password grant stands in for the platform's sign-in; the SDK takes the token.
  const response = await fetch(`${BASE}/oauth/token`, {
    method: 'POST',
    headers: {'content-type': 'application/x-www-form-urlencoded'},
    body: new URLSearchParams({grant_type: 'password', username: login, password: login}),
  });
  if (response.status !== 200) throw new Error(`sign-in of ${login} answered ${response.status}`);

  return (await response.json()).access_token;
}

async function api(token, method, path, body) {
  const response = await fetch(`${BASE}${path}`, {
    method,
    headers: {authorization: `Bearer ${token}`, 'content-type': 'application/json'},
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);

  return text ? JSON.parse(text) : null;
}

function startSdk(token) {
  const Webex = require('@webex/contact-center').default;
  // The SDK's own defaults (webex-config, cc: force, no multi-login, automated relogin), with
  // the service catalog's address as the one change.
  const webex = Webex.init({
    credentials: {access_token: token},
    config: {
      logger: {level: process.env.SDK_LOG_LEVEL || 'error'},
      services: {discovery: {u2c: `${BASE}/u2c/api/v1`}},
    },
  });

  return withTimeout(once(webex, 'ready'), 'webex ready').then(() => {
    // Usage metrics go to Webex's metrics service, which is not the contact-center API.
    webex.cc.metricsManager.setMetricsDisabled(true);

    return webex.cc;
  });
}

// The first page: register, log in to a station, go Idle, close the page.
async function firstPage() {
  const token = await signIn(AGENT);
  const cc = await startSdk(token);
  report('setup', true, {sdk: require('@webex/contact-center/package').version});

  let profile;
  if (!(await step('register', async () => {
    // Silent relogin runs inside: with no session yet, the platform's AGENT_NOT_FOUND is swallowed.
    profile = await cc.register();
    if (profile.isAgentLoggedIn) throw new Error('a fresh agent reads as logged in');

    return {agentId: profile.agentId, teams: profile.teams.length, idleCodes: profile.idleCodes.length, defaultDn: profile.defaultDn};
  }))) return;

  const team = profile.teams[0];
  const teamId = team.teamId || team.id;
  const dialNumber = process.env.DIAL_NUMBER || profile.defaultDn;
  await step('stationLogin refused outside the dial plan', async () => {
    // The SDK checks the number against the dial plans it loaded, before asking the API.
    const plans = profile.dialPlan.dialPlanEntity.map((plan) => plan.name);
    try {
      await cc.stationLogin({teamId, loginOption: 'AGENT_DN', dialNumber: '12'});
    } catch (error) {
      if (error.message !== 'INVALID_DIAL_NUMBER') throw error;

      return {reason: error.message, dialPlans: plans};
    }
    throw new Error('a number outside every dial plan was accepted');
  });

  if (!(await step('stationLogin', async () => {
    const answer = await cc.stationLogin({teamId, loginOption: 'AGENT_DN', dialNumber});

    return {type: answer.type, deviceType: answer.deviceType, status: answer.status};
  }))) return;

  const idle = profile.idleCodes.find((code) => code.id !== '0' && !code.isSystem);
  if (!(await step('setAgentState Idle', async () => {
    const answer = await cc.setAgentState({state: 'Idle', auxCodeId: idle.id, lastStateChangeReason: idle.name});

    return {type: answer.type, subStatus: answer.data && answer.data.subStatus};
  }))) return;

  await cc.deregister();
  // The page is reloaded: a new process, a new SDK, the same token and station session.
  const child = require('child_process').spawnSync(process.execPath, [__filename], {
    env: {...process.env, DRIVER_PAGE: 'reloaded', DRIVER_TOKEN: token, DRIVER_IDLE_CODE: idle.id, DRIVER_TEAM: teamId},
    stdio: ['ignore', 'inherit', 'inherit'],
    timeout: STEP_TIMEOUT_MS * 12,
  });
  if (child.status !== 0) failed = true;
}

// The reloaded page: find the session again, then work a contact and log out.
async function reloadedPage() {
  const token = process.env.DRIVER_TOKEN;
  const cc = await startSdk(token);

  let profile;
  if (!(await step('register again (silent relogin)', async () => {
    profile = await cc.register();
    if (!profile.isAgentLoggedIn) throw new Error('the station session was not found again');
    const idle = process.env.DRIVER_IDLE_CODE;
    if (profile.lastStateAuxCodeId !== idle) throw new Error(`idle code ${profile.lastStateAuxCodeId}, not ${idle}`);

    return {isAgentLoggedIn: profile.isAgentLoggedIn, deviceType: profile.deviceType, dn: profile.dn, auxCodeId: profile.lastStateAuxCodeId};
  }))) return;

  if (!(await step('setAgentState Available', async () => {
    const answer = await cc.setAgentState({state: 'Available', auxCodeId: '0', lastStateChangeReason: 'Available'});

    return {type: answer.type, subStatus: answer.data && answer.data.subStatus};
  }))) return;

  await step('getBuddyAgents', async () => {
    // A team-mate signs in on the plain API first, so that there is somebody to list.
    const mate = process.env.TEAMMATE || 'agent2';
    const mateToken = await signIn(mate);
    // people/me answers as the general Webex API does: base64 ciscospark://us/PEOPLE/<uuid> ids.
    const person = await api(mateToken, 'GET', '/v1/people/me');
    const me = {id: bareId(person.id), orgId: bareId(person.orgId)};
    const record = await api(mateToken, 'GET', `/organization/${me.orgId}/user/by-ci-user-id/${me.id}`);
    await api(mateToken, 'POST', '/v1/agents/login', {
      dialNumber: record.defaultDialledNumber, teamId: process.env.DRIVER_TEAM, deviceType: 'AGENT_DN',
      isExtension: false, deviceId: record.defaultDialledNumber, roles: ['agent'],
    });
    const answer = await cc.getBuddyAgents({mediaType: 'telephony'});
    const names = answer.data.agentList.map((agent) => agent.agentName);
    if (!answer.data.agentList.some((agent) => agent.agentId === me.id)) throw new Error(`${mate} is not listed: ${names}`);

    return {type: answer.type, agents: names};
  });

  let task;
  const incoming = once(cc, 'task:incoming');
  if (!(await step('task offered', async () => {
    const offered = await api(token, 'POST', `/bench/offer?channel=${CHANNEL}`);
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

  // A call: it rings on the agent's own phone (AGENT_DN), which picks it up; the SDK's accept
  // asks nothing of the API for a dial-number login.
  let call;
  const ringing = once(cc, 'task:incoming');
  if (await step('voice task offered', async () => {
    await api(token, 'POST', '/bench/offer?channel=telephony');
    call = await ringing;

    return {interactionId: call.data.interactionId, mediaType: call.data.interaction.mediaType};
  })) {
    await step('voice task answered on the phone', async () => {
      const assigned = once(call, 'task:assigned');
      await call.accept();
      await assigned;

      return {state: call.data.interaction.state};
    });

    await step('voice task held and resumed', async () => {
      const held = once(call, 'task:hold');
      await call.hold();
      await held;
      const resumed = once(call, 'task:resume');
      await call.resume();
      await resumed;

      return {state: call.data.interaction.state};
    });

    await step('voice task ended and wrapped up', async () => {
      const ended = once(call, 'task:end');
      await call.end();
      await ended;
      const code = profile.wrapupCodes[profile.wrapupCodes.length - 1];
      const answer = await call.wrapup({auxCodeId: code.id, wrapUpReason: code.name});

      return {type: answer && answer.type, wrapUpCode: code.name};
    });
  }

  await step('stationLogout', async () => {
    const answer = await cc.stationLogout({logoutReason: 'User requested logout'});

    return {type: answer.type, subStatus: answer.data && answer.data.subStatus};
  });

  await step('deregister', () => cc.deregister());
}

async function main() {
  if (!BASE) {
    report('setup', false, 'SANDBOX_URL is not set');

    return;
  }
  await (process.env.DRIVER_PAGE === 'reloaded' ? reloadedPage() : firstPage());
}

main()
  .catch((error) => report('driver', false, describe(error)))
  .finally(() => process.exit(failed ? 1 : 0));
