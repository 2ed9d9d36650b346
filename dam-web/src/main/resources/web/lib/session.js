// Who is logged in. The page shows only what the user's role may do (the server checks anyway):
// elements marked data-needs="editor" or "admin" are hidden by the stylesheet for lesser roles,
// which reads the role from <body data-role>.

const RANK = { viewer: 1, editor: 2, admin: 3 };

export const session = {
  user: null, // { name, role } once logged in
  setupRequired: false,
  setupAllowedHere: true, // false when this browser reaches the server through a proxy or from another machine
};

const listeners = new Set();

export function setUser(user) {
  session.user = user;
  document.body.dataset.role = user ? user.role : '';
  document.body.dataset.auth = user ? 'in' : 'out';
  for (const fn of listeners) fn(user);
}

/** Calls fn(user) now and whenever the user changes (logs in or out). */
export function onUser(fn) {
  listeners.add(fn);
  fn(session.user);
}

/** Whether the logged-in user's role includes `role`. */
export function can(role) {
  return !!session.user && (RANK[session.user.role] || 0) >= RANK[role];
}
