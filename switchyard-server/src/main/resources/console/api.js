// The admin API, called with the admin key kept in this tab's sessionStorage. Every data call is authorised by the
// gateway; nothing here is cached or stored beyond the key itself.
const KEY = 'switchyard.adminKey';

export class Unauthorized extends Error {}

export function adminKey() { return sessionStorage.getItem(KEY); }
export function setAdminKey(k) { sessionStorage.setItem(KEY, k); }
export function clearAdminKey() { sessionStorage.removeItem(KEY); }

async function call(method, path, body) {
  const headers = { authorization: 'Bearer ' + (adminKey() || '') };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const r = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
  if (r.status === 401 || (r.status === 403 && json && json.error && json.error.code === 'admin_key_required')) {
    throw new Unauthorized((json && json.error && json.error.message) || 'unauthorised');
  }
  if (!r.ok) throw new Error((json && json.error && json.error.message) || ('HTTP ' + r.status));
  return json;
}

export const get = (path) => call('GET', path);
export const post = (path, body) => call('POST', path, body);
export const patch = (path, body) => call('PATCH', path, body);

/** A text download (CSV) with the admin key, offered to the user as a file. */
export async function download(path, filename) {
  const r = await fetch(path, { headers: { authorization: 'Bearer ' + adminKey() } });
  if (!r.ok) throw new Error('HTTP ' + r.status);
  const url = URL.createObjectURL(await r.blob());
  const a = document.createElement('a');
  a.href = url; a.download = filename; document.body.appendChild(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function qs(params) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') p.set(k, v);
  const s = p.toString();
  return s ? '?' + s : '';
}
