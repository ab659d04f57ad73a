import { get, qs } from '../api.js';
import { t } from '../i18n.js';
import { h, table, empty, fmt } from '../dom.js';

const filters = { key: '', model: '', provider: '', status: '', from: '', to: '' };

function statusBadge(s) {
  return h('span', { class: 'badge ' + (s < 400 ? 'ok' : s === 429 || s === 499 ? 'warn' : 'bad') }, String(s));
}

async function showDetail(panel, id) {
  panel.innerHTML = '';
  panel.append(h('p', { class: 'muted' }, t('loading')));
  const d = (await get('/api/v1/admin/requests/' + encodeURIComponent(id))).data;
  panel.innerHTML = '';
  const kv = (pairs) => h('dl', { class: 'kv' }, pairs.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
  panel.append(h('h2', {}, t('req.detail') + ' ' + d.id),
    kv([[t('c.time'), fmt.time(d.created_at)], [t('c.status'), statusBadge(d.status)],
      [t('c.error'), d.error_class || '—'], [t('c.model'), d.model + (d.model_requested !== d.model ? ' (' + d.model_requested + ')' : '')],
      [t('c.provider'), d.provider || '—'], [t('req.upstream'), d.upstream_model || '—'], ['API', d.api],
      [t('c.key'), d.key || '—'], [t('c.workspace'), d.workspace || '—'], [t('c.app'), d.app || '—'],
      [t('req.finish'), d.finish_reason || '—'], [t('req.streamed'), String(d.streamed)]]),
    h('h2', {}, t('req.tokens')),
    kv([[t('m.prompt_tokens'), fmt.int(d.tokens.prompt)], [t('m.completion_tokens'), fmt.int(d.tokens.completion)],
      [t('req.cached'), fmt.int(d.tokens.cached)], [t('req.cache_write'), fmt.int(d.tokens.cache_write)],
      [t('req.reasoning'), fmt.int(d.tokens.reasoning)]]),
    h('h2', {}, t('m.cost')),
    kv([[t('req.cost_prompt'), '$' + d.cost.prompt_usd], [t('req.cost_completion'), '$' + d.cost.completion_usd],
      [t('req.cost_cache'), '$' + d.cost.cache_usd], [t('req.cost_request'), '$' + d.cost.request_usd],
      [t('req.cost_total'), h('strong', { 'data-testid': 'detail-cost' }, '$' + d.cost.total_usd)]]),
    h('h2', {}, t('req.timings')),
    kv([[t('m.latency'), fmt.ms(d.timings.latency_ms)], [t('m.ttft'), fmt.ms(d.timings.ttft_ms)],
      [t('req.generation'), fmt.ms(d.timings.generation_ms)]]),
    h('h2', {}, t('req.attempts')),
    d.attempt_list.length === 0 ? empty(t('req.noattempts')) : table([
      { label: '#', num: true, value: a => a.seq }, { label: t('c.provider'), value: a => a.provider },
      { label: t('req.upstream'), value: a => a.upstream_model }, { label: t('c.status'), value: a => statusBadge(a.status) },
      { label: t('c.error'), value: a => a.error_class || '—' }, { label: t('req.duration'), num: true, value: a => fmt.ms(a.duration_ms) },
    ], d.attempt_list),
    h('h2', {}, t('req.bodies')), h('p', { class: 'muted', 'data-testid': 'bodies-note' }, t('req.bodies_off')));
}

export async function render(root) {
  root.append(h('h1', {}, t('req.title')));
  const form = h('form', { class: 'inline panel', 'data-testid': 'request-filters' },
    ...Object.keys(filters).map(k => h('label', {}, t('req.f.' + k),
      h('input', { name: k, value: filters[k], placeholder: t('req.p.' + k), size: k === 'key' ? 24 : 14 }))),
    h('button', { type: 'submit', class: 'primary' }, t('req.apply')));
  const list = h('div', {});
  const detail = h('div', { class: 'panel', 'data-testid': 'request-detail' }, h('p', { class: 'muted' }, t('req.pick')));
  root.append(form, h('div', { class: 'split' }, list, detail));
  let next = null;
  const rows = [];
  const draw = () => {
    list.innerHTML = '';
    if (rows.length === 0) { list.append(empty(t('req.empty'))); return; }
    list.append(table([
      { label: t('c.time'), value: r => fmt.time(r.created_at) },
      { label: t('c.model'), value: r => r.model }, { label: t('c.provider'), value: r => r.provider || '—' },
      { label: t('c.status'), value: r => statusBadge(r.status) },
      { label: t('m.tokens'), num: true, value: r => fmt.int(r.prompt_tokens + r.completion_tokens) },
      { label: t('m.cost'), num: true, value: r => fmt.usd(r.cost_usd) },
      { label: t('m.latency'), num: true, value: r => fmt.ms(r.latency_ms) },
      { label: t('c.app'), value: r => r.app || '—' },
    ], rows, r => showDetail(detail, r.id).catch(e => { detail.textContent = e.message; })));
    if (next) list.append(h('button', { onclick: () => load(false) }, t('req.more')));
  };
  const load = async (fresh) => {
    const params = Object.assign({ limit: 50 }, filters, fresh ? {} : { before: next });
    const page = await get('/api/v1/admin/requests' + qs(params));
    if (fresh) rows.length = 0;
    rows.push(...page.data);
    next = page.next;
    draw();
  };
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    for (const k of Object.keys(filters)) filters[k] = form.elements[k].value.trim();
    load(true).catch(e => { list.textContent = e.message; });
  });
  await load(true);
}
