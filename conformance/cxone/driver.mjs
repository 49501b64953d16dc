// Drives NICE's published CXone agent SDK (@nice-devone/core-sdk, acd-sdk, agent-sdk) against a
// server: `node build/driver.cjs --base http://127.0.0.1:PORT [--user agent5] [--verbose]`;
// with `--act-as <agent number>` the user (a supervisor) joins that agent's session instead.
//
// The SDK signs in through a browser (OIDC), which a script has not got, so the token comes
// from the server's password grant; the driver then asks whoami, reads the answer with the
// SDK's own WhoamiResponse, and injects only what the auth SDK would have set after sign-in:
// the access token, the API base and the user's agent and team ids. No request is rewritten.
// Each step prints one JSON line {"name", "ok", "detail"}; the exit status is 1 if any failed.
import './shims.mjs';
import { ACDSessionManager } from '@nice-devone/core-sdk';
import { CXoneAuth, CXoneUser, WhoamiResponse } from '@nice-devone/auth-sdk';
import { AgentStateService } from '@nice-devone/acd-sdk';
import { ContactService, DispositionService } from '@nice-devone/agent-sdk';
import { CXoneLeaderElector, AgentSessionStatus } from '@nice-devone/common-sdk';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, word, i, all) => {
    if (word.startsWith('--')) pairs.push([word.slice(2), all[i + 1]?.startsWith('--') ? true : all[i + 1] ?? true]);
    return pairs;
  }, []),
);
const BASE = String(args.base || '').replace(/\/$/, '');
const USER = String(args.user || 'agent5');
const STEP_TIMEOUT_MS = Number(args.timeout || 15000);
const print = (line) => process.stdout.write(JSON.stringify(line) + '\n');
if (!args.verbose) for (const level of ['log', 'info', 'debug', 'warn', 'error', 'trace']) console[level] = () => {};

let failed = false;
async function step(name, run) {
  try {
    const detail = await withTimeout(run(), name);
    print({ name, ok: true, detail: detail ?? '' });
    return true;
  } catch (error) {
    failed = true;
    print({ name, ok: false, detail: String(error?.message ?? error).slice(0, 500) });
    return false;
  }
}

function withTimeout(promise, name) {
  let timer;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name}: no answer within ${STEP_TIMEOUT_MS} ms`)), STEP_TIMEOUT_MS);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

/** The next value of an rxjs subject that satisfies `wanted`, seen after this call. */
function next(subject, wanted = () => true) {
  return new Promise((resolve) => {
    const subscription = subject.subscribe((value) => {
      if (wanted(value)) {
        subscription.unsubscribe();
        resolve(value);
      }
    });
  });
}

function must(condition, words) {
  if (!condition) throw new Error(words);
}

async function main() {
  must(BASE, 'give --base http://host:port');
  const acd = ACDSessionManager.instance;
  let token = '';
  let who;

  const signedIn = await step('sign-in', async () => {
    const form = new URLSearchParams({ grant_type: 'password', username: USER, password: USER });
    const answer = await fetch(`${BASE}/oauth/token`, { method: 'POST', body: form });
    must(answer.status === 200, `token answer ${answer.status}`);
    const body = await answer.json();
    token = body.access_token;
    const whoami = await fetch(`${BASE}/incontactauthorizationserver/token/whoami`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token }),
    });
    must(whoami.status === 200, `whoami answer ${whoami.status}`);
    who = new WhoamiResponse();
    who.parseData(await whoami.json());
    must(Number.isInteger(who.agentId) && who.agentId > 0, `agent id ${who.agentId}`);
    must(Number.isInteger(who.teamId) && who.teamId > 0, `team id ${who.teamId}`);
    must(who.resourceServerBaseUri === BASE, `API base ${who.resourceServerBaseUri}`);
    const config = { acdApiBaseUri: who.resourceServerBaseUri };
    const auth = CXoneAuth.instance;
    auth.setAuthToken({ accessToken: token, tokenType: 'Bearer', expiresIn: body.expires_in, accessTokenTime: Date.now() });
    auth.setCXoneConfig(config);
    const user = CXoneUser.instance;
    user.setUserDetails({}, { icAgentId: who.agentId, teamId: who.teamId, userName: USER, icBUId: who.busNo });
    user.initAuth(token, config);
    acd.initialize(token, config, user.getUserInfo());
    return `agent ${who.agentId}, team ${who.teamId}, API ${who.resourceServerBaseUri}`;
  });
  if (!signedIn) return;

  await step('leader', async () => {
    const elector = CXoneLeaderElector.instance;
    const leading = next(elector.onLeaderChanged, (is) => is);
    elector.start();
    await leading;
    return 'this process leads (polls get-next-event)';
  });

  const stateService = AgentStateService.instance;
  const started = next(acd.onAgentSessionChange, (c) => c.status === AgentSessionStatus.SESSION_START);
  const firstState = next(acd.agentStateSubject);
  if (args['act-as']) {
    await actAs(Number(args['act-as']), started, firstState, stateService);
    return;
  }

  await step('start-or-join', async () => {
    try {
      const answer = await acd.startSession({ stationId: '', stationPhoneNumber: 'WebRTC' });
      return `started ${answer.data.sessionId}`;
    } catch (error) {
      must(error?.data?.status === 409, `start refused: ${JSON.stringify(error?.data ?? error)}`);
      const answer = await acd.joinSession();
      return `joined ${answer.data.sessionId} (the agent had a session)`;
    }
  });

  await step('events-polled', async () => {
    // The SDK polls only once the agent's settings (v30.0 agent-settings) have answered.
    const start = (await started).data;
    must(String(start.agentId) === String(who.agentId), `AgentSessionStart.AgentId ${start.agentId}`);
    must(start.busNo === who.busNo, `AgentSessionStart.BusNo ${start.busNo}`);
    const state = await firstState;
    // AgentStateService lower-cases `state` in place; `cxoneState` keeps the platform's word.
    must(state.currentState.cxoneState === 'Unavailable', `first state ${state.currentState.cxoneState}`);
    must(state.currentState.reason === '', `first reason "${state.currentState.reason}"`);
    return `AgentSessionStart for ${start.agentId}; AgentState ${state.currentState.cxoneState} "${state.currentState.reason}"`;
  });

  let codes = [];
  await step('unavailable-codes', async () => {
    codes = await stateService.getTeamUnavailableCodes(true, String(who.teamId));
    must(codes.some((c) => c.reason === 'Lunch' && c.isActive), 'no active Lunch code');
    return codes.map((c) => c.reason).join(', ');
  });

  const stateBecomes = (state, reason) =>
    next(stateService.agentStateSubject, (s) => s.currentState.state === state.toLowerCase() && (reason === undefined || s.currentState.reason === reason));

  await step('available', async () => {
    const seen = stateBecomes('Available');
    await stateService.setAgentState({ state: 'Available', reason: '' });
    const state = await seen;
    return `AgentState ${state.currentState.state}`;
  });

  await step('unavailable-with-code', async () => {
    const seen = stateBecomes('Unavailable', 'Lunch');
    await stateService.setAgentState({ state: 'Unavailable', reason: 'Lunch' });
    const state = await seen;
    return `AgentState ${state.currentState.state} "${state.currentState.reason}"`;
  });

  const contacts = new ContactService();
  let contactId = '';
  let skill = '';
  await step('contact-offered', async () => {
    const available = stateBecomes('Available');
    await stateService.setAgentState({ state: 'Available', reason: '' });
    await available;
    const ringing = next(acd.callContactEventSubject, (c) => String(c.status).toLowerCase() === 'incoming');
    const offer = await fetch(`${BASE}/bench/offer?channel=telephony`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
    });
    must(offer.status === 200, `the sandbox's offer hook answered ${offer.status}`);
    const call = await ringing;
    contactId = String(call.contactId);
    skill = String(call.skill);
    return `CallContactEvent ${contactId} ${call.status} from ${call.ani}`;
  });

  if (contactId) {
    await step('contact-accepted', async () => {
      const active = next(acd.callContactEventSubject, (c) => String(c.contactId) === contactId && String(c.status).toLowerCase() === 'active');
      await contacts.acceptContact(contactId);
      const call = await active;
      return `CallContactEvent ${contactId} ${call.status}`;
    });
    await step('contact-ended', async () => {
      const gone = next(acd.callContactEventSubject, (c) => String(c.contactId) === contactId && String(c.status).toLowerCase() === 'disconnected');
      await contacts.endContact(contactId);
      const call = await gone;
      must(call.finalState === false, `FinalState ${call.finalState} while after-contact work is owed`);
      return `CallContactEvent ${contactId} ${call.status}, after-contact work owed`;
    });
    await step('contact-dispositioned', async () => {
      const dispositions = new DispositionService();
      const offered = await dispositions.getDispositions(skill, 'telephony', contactId);
      must(offered.length > 0, `no dispositions for skill ${skill}`);
      const closed = next(acd.callContactEventSubject, (c) => String(c.contactId) === contactId && c.finalState === true);
      const chosen = offered[0];
      await dispositions.saveDisposition(contactId, { primaryDispositionId: chosen.dispositionId, primaryDispositionNotes: 'conformance' });
      const call = await closed;
      return `${chosen.dispositionName} (${chosen.dispositionId}) on skill ${skill}; CallContactEvent ${call.status}, FinalState true`;
    });
  }

  await step('session-ended', async () => {
    const ended = next(acd.onAgentSessionChange, (c) => c.status === AgentSessionStatus.SESSION_END);
    await acd.endSession({ forceLogoff: false, endContacts: true, ignorePersonalQueue: false });
    const end = (await ended).data;
    // A poll waiting when the session ends is handed AgentSessionEnd (Success true); a poll
    // made after it is answered 409, which the SDK turns into an end of its own (no message).
    must(end.success === true || end.message === undefined, `AgentSessionEnd ${JSON.stringify(end)}`);
    return end.success ? `AgentSessionEnd "${end.message}"` : 'get-next-event 409: the SDK ended the session';
  });
}

/** A supervisor joins an agent's session as them (asAgentId) and changes their state. */
async function actAs(agentId, started, firstState, stateService) {
  const acd = ACDSessionManager.instance;
  await step('join-as-agent', async () => {
    const answer = await acd.joinSession({ agentId });
    return `joined ${answer.data.sessionId} as agent ${agentId}`;
  });
  await step('events-polled', async () => {
    const start = (await started).data;
    must(String(start.agentId) === String(agentId), `AgentSessionStart.AgentId ${start.agentId}`);
    const state = await firstState;
    return `AgentSessionStart for ${start.agentId}; AgentState ${state.currentState.cxoneState}`;
  });
  await step('unavailable-with-code', async () => {
    const seen = next(stateService.agentStateSubject, (s) => s.currentState.reason === 'Meeting');
    await stateService.setAgentState({ state: 'Unavailable', reason: 'Meeting' });
    const state = await seen;
    return `the agent is ${state.currentState.cxoneState} "${state.currentState.reason}"`;
  });
}

main()
  .catch((error) => {
    failed = true;
    print({ name: 'driver', ok: false, detail: String(error?.stack ?? error).slice(0, 500) });
  })
  .finally(() => process.exit(failed ? 1 : 0));
