import { get, post, patch } from '../api.js';
import { t } from '../i18n.js';
import { h, empty, fmt } from '../dom.js';

async function allKeys() {
  const out = [];
  for (let offset = 0; offset < 10000; offset += 100) {
    const page = (await get('/api/v1/keys?include_disabled=true&offset=' + offset)).data;
    out.push(...page);
    if (page.length < 100) break;
  }
  return out;
}

/** Spend this period against the budget: the limit less what the budget ledger says is left. */
function budget(o) {
  if (o.limit === null || o.limit === undefined) return h('span', { class: 'muted' }, t('keys.nolimit'));
  const limit = Number(o.limit);
  const used = o.limit_remaining === undefined || o.limit_remaining === null ? 0 : limit - Number(o.limit_remaining);
  const share = limit > 0 ? Math.min(1, used / limit) : 1;
  const bar = h('div', { class: 'bar' }, h('span', { class: share >= 1 ? 'over' : '' }));
  bar.firstChild.style.width = (100 * share).toFixed(1) + '%';
  return h('div', { 'data-testid': 'budget' }, bar,
    h('span', { class: 'muted' }, fmt.usd(used) + ' / ' + fmt.usd(limit) + (o.limit_reset ? ' · ' + t('keys.reset.' + o.limit_reset) : '')));
}

function limitsForm(kind, o, onSaved) {
  const form = h('form', { class: 'inline' },
    h('label', {}, t('keys.limit'), h('input', { name: 'limit', value: o.limit ?? '', size: 8, placeholder: 'USD' })),
    h('label', {}, t('keys.limit_reset'), h('select', { name: 'limit_reset' },
      ['', 'daily', 'weekly', 'monthly'].map(r => h('option', { value: r, selected: (o.limit_reset || '') === r }, r ? t('keys.reset.' + r) : t('keys.reset.none'))))),
    h('label', {}, t('keys.rpm'), h('input', { name: 'rpm', value: o.rate_limits ? o.rate_limits.requests_per_minute : 0, size: 6 })),
    h('label', {}, t('keys.tpm'), h('input', { name: 'tpm', value: o.rate_limits ? o.rate_limits.tokens_per_minute : 0, size: 8 })),
    h('button', { type: 'submit', class: 'primary' }, t('save')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const body = {
      limit: form.elements.limit.value === '' ? null : Number(form.elements.limit.value),
      limit_reset: form.elements.limit_reset.value || null,
      rate_limits: { requests_per_minute: Number(form.elements.rpm.value || 0), tokens_per_minute: Number(form.elements.tpm.value || 0),
        max_concurrent: o.rate_limits ? o.rate_limits.max_concurrent : 0 },
    };
    const path = kind === 'key' ? '/api/v1/keys/' + o.hash : '/api/v1/workspaces/' + encodeURIComponent(o.id);
    try { await patch(path, body); onSaved(); } catch (e) { form.append(h('span', { class: 'error' }, e.message)); }
  });
  return form;
}

export async function render(root) {
  const [keys, workspaces] = await Promise.all([allKeys(), get('/api/v1/workspaces').then(r => r.data)]);
  root.append(h('h1', {}, t('keys.title')));
  root.append(h('p', { class: 'muted' }, t('keys.help')));

  const created = h('div', { 'data-testid': 'created' });
  const form = h('form', { class: 'inline panel', 'data-testid': 'create-key' },
    h('label', {}, t('keys.name'), h('input', { name: 'name', required: true, 'data-testid': 'key-name' })),
    h('label', {}, t('c.workspace'), h('select', { name: 'workspace_id' }, workspaces.map(w => h('option', { value: w.id }, w.id)))),
    h('label', {}, t('keys.role'), h('select', { name: 'role' }, h('option', { value: 'inference' }, t('keys.role.inference')),
      h('option', { value: 'admin' }, t('keys.role.admin')))),
    h('label', {}, t('keys.limit'), h('input', { name: 'limit', size: 8, placeholder: 'USD' })),
    h('label', {}, t('keys.limit_reset'), h('select', { name: 'limit_reset' },
      ['', 'daily', 'weekly', 'monthly'].map(r => h('option', { value: r }, r ? t('keys.reset.' + r) : t('keys.reset.none'))))),
    h('label', {}, t('keys.rpm'), h('input', { name: 'rpm', size: 6, placeholder: '0' })),
    h('button', { type: 'submit', class: 'primary', 'data-testid': 'create-key-submit' }, t('keys.create')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const body = { name: form.elements.name.value, workspace_id: form.elements.workspace_id.value, role: form.elements.role.value };
    if (form.elements.limit.value !== '') body.limit = Number(form.elements.limit.value);
    if (form.elements.limit_reset.value) body.limit_reset = form.elements.limit_reset.value;
    if (form.elements.rpm.value) body.rate_limits = { requests_per_minute: Number(form.elements.rpm.value) };
    created.innerHTML = '';
    try {
      const r = await post('/api/v1/keys', body);
      // The secret is in this answer only: shown once here, never stored by the console and never readable again.
      created.append(h('div', { class: 'panel' }, h('strong', {}, t('keys.secret_once')),
        h('p', { class: 'secret', 'data-testid': 'new-secret' }, r.key),
        h('button', { onclick: () => navigator.clipboard && navigator.clipboard.writeText(r.key) }, t('keys.copy')),
        ' ', h('button', { onclick: () => window.__route() }, t('keys.done'))));
    } catch (e) {
      created.append(h('p', { class: 'error' }, e.message));
    }
  });
  root.append(form, created);

  root.append(h('h2', {}, t('keys.list') + ' (' + keys.length + ')'));
  if (keys.length === 0) {
    root.append(empty(t('keys.empty')));
  } else {
    const tbody = h('tbody', {});
    for (const k of keys) {
      const edit = h('tr', { hidden: true }, h('td', { colspan: 8 }, limitsForm('key', k, () => window.__route())));
      tbody.append(h('tr', { 'data-key': k.hash },
        h('td', {}, h('strong', {}, k.name), h('div', { class: 'muted' }, k.label)),
        h('td', {}, k.workspace_id), h('td', {}, t('keys.role.' + k.role)),
        h('td', {}, h('span', { class: 'badge ' + (k.disabled ? 'bad' : 'ok') }, k.disabled ? t('keys.disabled') : t('keys.active'))),
        h('td', {}, budget(k)),
        h('td', {}, k.rate_limits ? k.rate_limits.requests_per_minute + ' rpm' : '—'),
        h('td', {}, fmt.time(k.created_at)),
        h('td', {}, h('button', { 'data-testid': 'toggle', onclick: async () => { await patch('/api/v1/keys/' + k.hash, { disabled: !k.disabled }); window.__route(); } },
          k.disabled ? t('keys.enable') : t('keys.disable')), ' ',
          h('button', { onclick: () => { edit.hidden = !edit.hidden; } }, t('keys.limits')))));
      tbody.append(edit);
    }
    root.append(h('table', { 'data-testid': 'keys' }, h('thead', {}, h('tr', {},
      [t('keys.name'), t('c.workspace'), t('keys.role'), t('c.status'), t('keys.spend'), t('keys.rpm'), t('keys.created'), ''].map(c => h('th', {}, c)))), tbody));
  }

  root.append(h('h2', {}, t('ws.title') + ' (' + workspaces.length + ')'));
  const wsForm = h('form', { class: 'inline panel' },
    h('label', {}, 'ID', h('input', { name: 'id', placeholder: 'team-a', size: 12 })),
    h('label', {}, t('keys.name'), h('input', { name: 'name', required: true })),
    h('label', {}, t('keys.limit'), h('input', { name: 'limit', size: 8, placeholder: 'USD' })),
    h('button', { type: 'submit', class: 'primary' }, t('ws.create')));
  wsForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const body = { name: wsForm.elements.name.value };
    if (wsForm.elements.id.value) body.id = wsForm.elements.id.value;
    if (wsForm.elements.limit.value !== '') body.limit = Number(wsForm.elements.limit.value);
    try { await post('/api/v1/workspaces', body); window.__route(); } catch (e) { wsForm.append(h('span', { class: 'error' }, e.message)); }
  });
  root.append(wsForm);
  const wbody = h('tbody', {});
  for (const w of workspaces) {
    const edit = h('tr', { hidden: true }, h('td', { colspan: 5 }, limitsForm('workspace', w, () => window.__route())));
    wbody.append(h('tr', {}, h('td', {}, h('strong', {}, w.id), h('div', { class: 'muted' }, w.name)),
      h('td', {}, h('span', { class: 'badge ' + (w.disabled ? 'bad' : 'ok') }, w.disabled ? t('keys.disabled') : t('keys.active'))),
      h('td', {}, budget(w)), h('td', {}, String(keys.filter(k => k.workspace_id === w.id).length)),
      h('td', {}, h('button', { onclick: async () => { await patch('/api/v1/workspaces/' + encodeURIComponent(w.id), { disabled: !w.disabled }); window.__route(); } },
        w.disabled ? t('keys.enable') : t('keys.disable')), ' ', h('button', { onclick: () => { edit.hidden = !edit.hidden; } }, t('keys.limits')))));
    wbody.append(edit);
  }
  root.append(h('table', { 'data-testid': 'workspaces' }, h('thead', {}, h('tr', {},
    ['ID', t('c.status'), t('keys.spend'), t('ws.keys'), ''].map(c => h('th', {}, c)))), wbody));
}
