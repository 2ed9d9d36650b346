// The live event stream (/api/v1/events): one WebSocket for the whole app, reconnecting with
// exponential backoff. Pages subscribe by message type and unsubscribe when they go away.

class EventStream {
  constructor() {
    this.handlers = new Map(); // type -> Set<fn>;  '*' gets everything
    this.statusHandlers = new Set();
    this.state = 'connecting';
    this.delay = 500;
    this.everConnected = false;
    this.ws = null;
    this.timer = null;
  }

  start() {
    if (this.ws) return;
    this.connect();
    // Reconnect at once when the tab comes back or the network returns.
    window.addEventListener('online', () => this.retryNow());
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible' && this.state !== 'open') this.retryNow();
    });
  }

  connect() {
    clearTimeout(this.timer);
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
    ws.onopen = () => {
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
      this.scheduleReconnect();
    };
    ws.onerror = () => { /* onclose follows */ };
  }

  scheduleReconnect() {
    this.setState('reconnecting');
    const wait = this.delay * (0.8 + Math.random() * 0.4);
    this.delay = Math.min(this.delay * 2, 15000);
    this.timer = setTimeout(() => this.connect(), wait);
  }

  retryNow() {
    if (this.state === 'open' || this.state === 'connecting') return;
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
