// The browser globals NICE's SDK needs, and nothing more, for it to run on node. Imported first.
//
// - window: the global object itself, with event listeners (the SDK dispatches a few events).
// - localStorage, sessionStorage: in-memory Storage (the SDK keeps its session id there).
// - navigator: online, with a user agent.
// - Worker: the SDK polls get-next-event in a Web Worker made from its own script
//   (core-sdk lib/worker/util-worker). This runs that script unchanged, in-process, with `self`
//   and a postMessage pair. The script's only import, `self.importScripts(<rxjs from a CDN>)`,
//   is answered with the rxjs installed beside the SDK (its `fetch.fromFetch`), so nothing is
//   downloaded at run time. Requests keep the URL, method, headers and body the SDK gives them.
import { resolveObjectURL } from 'node:buffer';
import * as rxjsFetch from 'rxjs/fetch';

class MemoryStorage {
  #items = new Map();
  get length() { return this.#items.size; }
  key(index) { return [...this.#items.keys()][index] ?? null; }
  getItem(key) { return this.#items.has(String(key)) ? this.#items.get(String(key)) : null; }
  setItem(key, value) { this.#items.set(String(key), String(value)); }
  removeItem(key) { this.#items.delete(String(key)); }
  clear() { this.#items.clear(); }
}

const events = new EventTarget();
globalThis.window = globalThis;
globalThis.addEventListener ??= events.addEventListener.bind(events);
globalThis.removeEventListener ??= events.removeEventListener.bind(events);
globalThis.dispatchEvent ??= events.dispatchEvent.bind(events);
globalThis.localStorage ??= new MemoryStorage();
globalThis.sessionStorage ??= new MemoryStorage();
if (!globalThis.navigator) {
  globalThis.navigator = { userAgent: `node/${process.versions.node}`, onLine: true, language: 'en-US' };
}

class InProcessWorker {
  #timers = new Set();
  #alive = true;
  #ready;
  #self;

  constructor(url) {
    this.onmessage = null;
    const blob = resolveObjectURL(String(url));
    if (!blob) throw new Error(`no worker script at ${url}`);
    const worker = this;
    const self = {
      onmessage: null,
      importScripts: () => { self.rxjs = { fetch: rxjsFetch }; },
      postMessage: (data) => {
        if (worker.#alive) queueMicrotask(() => worker.onmessage?.({ data }));
      },
    };
    this.#self = self;
    const keep = (make, clear) => (fn, ms, ...rest) => {
      const id = make(fn, ms, ...rest);
      this.#timers.add([id, clear]);
      return id;
    };
    const scope = {
      self,
      setInterval: keep(setInterval, clearInterval),
      setTimeout: keep(setTimeout, clearTimeout),
    };
    this.#ready = blob.text().then((code) => {
      const names = Object.keys(scope);
      new Function(...names, code)(...names.map((name) => scope[name]));
    });
  }

  postMessage(data) {
    const copy = structuredClone(data);
    this.#ready.then(() => {
      if (this.#alive) this.#self.onmessage?.({ data: copy });
    });
  }

  terminate() {
    this.#alive = false;
    for (const [id, clear] of this.#timers) clear(id);
    this.#timers.clear();
  }
}

globalThis.Worker = InProcessWorker;
