// The live event stream (/api/v1/events): one WebSocket for the whole app, reconnecting with
// exponential backoff. Pages subscribe by message type and unsubscribe when they go away. A browser
// does not say why an upgrade failed (a 401 looks like any lost connection): after a failed upgrade
// the app's authCheck says whether the user is still logged in; while logged out the stream stops.

class EventStream {
  constructor() {
    this.handlers = new Map(); // type -> Set<fn>;  '*' gets everything
    this.statusHandlers = new Set();
    this.state = 'connecting';
    this.delay = 500;
    this.everConnected = false;
    this.ws = null;
    this.timer = null;
    this.stopped = true;
    this.listening = false;
    this.authCheck = null; // () => Promise<boolean>: still logged in?
  }

  start() {
    if (!this.stopped) return;
    this.stopped = false;
    this.delay = 500;
    this.connect();
    if (this.listening) return;
    this.listening = true;
    // Reconnect at once when the tab comes back or the network returns.
    window.addEventListener('online', () => this.retryNow());
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible' && this.state !== 'open') this.retryNow();
    });
  }

  /** Closes the stream and does not reconnect until start() (logged out). */
  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    const ws = this.ws;
    this.ws = null;
    if (ws) ws.close();
    this.setState('off');
  }

  connect() {
    clearTimeout(this.timer);
    if (this.stopped) return;
    this.setState('connecting');
    const url = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/api/v1/events`;
    let ws;
    try {
      ws = new WebSocket(url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.ws = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      const again = this.everConnected;
      this.everConnected = true;
      this.delay = 500;
      this.setState('open');
      // Pages that keep live lists reload them: events were missed while disconnected.
      if (again) this.dispatch({ type: 'stream.reconnected' });
    };
    ws.onmessage = (m) => {
      let msg;
      try { msg = JSON.parse(m.data); } catch { return; }
      if (msg && typeof msg.type === 'string') this.dispatch(msg);
    };
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      if (opened || !this.authCheck) {
        this.scheduleReconnect();
        return;
      }
      this.setState('reconnecting');
      this.authCheck().then((ok) => { if (ok) this.scheduleReconnect(); }, () => this.scheduleReconnect());
    };
    ws.onerror = () => { /* onclose follows */ };
  }

  scheduleReconnect() {
    if (this.stopped) return;
    this.setState('reconnecting');
    const wait = this.delay * (0.8 + Math.random() * 0.4);
    this.delay = Math.min(this.delay * 2, 15000);
    this.timer = setTimeout(() => this.connect(), wait);
  }

  retryNow() {
    if (this.stopped || this.state === 'open' || this.state === 'connecting') return;
    this.delay = 500;
    this.connect();
  }

  setState(s) {
    this.state = s;
    for (const fn of this.statusHandlers) fn(s);
  }

  dispatch(msg) {
    for (const key of [msg.type, '*']) {
      const set = this.handlers.get(key);
      if (!set) continue;
      for (const fn of [...set]) {
        try { fn(msg); } catch (e) { console.error('event handler failed', msg.type, e); }
      }
    }
  }

  /** Subscribes to one message type (or '*'); returns the unsubscribe function. */
  on(type, fn) {
    if (!this.handlers.has(type)) this.handlers.set(type, new Set());
    this.handlers.get(type).add(fn);
    return () => this.handlers.get(type)?.delete(fn);
  }

  onStatus(fn) {
    this.statusHandlers.add(fn);
    fn(this.state);
    return () => this.statusHandlers.delete(fn);
  }
}

export const events = new EventStream();
