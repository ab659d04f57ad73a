import { get } from '../api.js';
import { t } from '../i18n.js';
import { h, table, fmt } from '../dom.js';

// The inference key is typed here and kept only in this page's memory: admin keys cannot call models, and the
// console never stores or reads back any key's secret.
let inferenceKey = '';
let lastModel = '';

const EXPLAIN = ['x-switchyard-provider', 'x-switchyard-model', 'x-switchyard-attempts', 'x-generation-id',
  'x-switchyard-dropped-params', 'x-ratelimit-remaining-requests'];

export async function render(root) {
  const models = (await get('/api/v1/models')).data.map(m => m.id).sort();
  root.append(h('h1', {}, t('play.title')));
  root.append(h('p', { class: 'muted' }, t('play.help')));
  const form = h('form', { class: 'panel', 'data-testid': 'playground' },
    h('div', { class: 'inline' },
      h('label', {}, t('c.model'), h('select', { name: 'model', 'data-testid': 'play-model' },
        models.map(m => h('option', { value: m, selected: m === lastModel }, m)))),
      h('label', {}, t('play.key'), h('input', { name: 'key', type: 'password', value: inferenceKey, placeholder: 'sk-swy-…', size: 30, 'data-testid': 'play-key' })),
      h('label', {}, t('play.sort'), h('select', { name: 'sort' }, ['', 'price', 'throughput', 'latency'].map(s => h('option', { value: s }, s ? t('play.sort.' + s) : t('play.sort.default'))))),
      h('label', {}, t('play.order'), h('input', { name: 'order', placeholder: 'provider-a, provider-b', size: 20 })),
      h('label', {}, t('play.fallbacks'), h('select', { name: 'fallbacks' }, h('option', { value: 'true' }, t('yes')), h('option', { value: 'false' }, t('no')))),
      h('label', {}, t('play.data'), h('select', { name: 'data' }, h('option', { value: 'allow' }, t('play.data.allow')), h('option', { value: 'deny' }, t('play.data.deny'))))),
    h('p', {}, h('textarea', { name: 'prompt', rows: 4, cols: 80, 'data-testid': 'play-prompt', placeholder: t('play.prompt') }, t('play.sample'))),
    h('button', { type: 'submit', class: 'primary', 'data-testid': 'play-send' }, t('play.send')));
  const output = h('pre', { class: 'output', 'data-testid': 'play-output' });
  const status = h('p', { class: 'muted', 'data-testid': 'play-status' });
  const explain = h('div', { class: 'panel', 'data-testid': 'play-explain' }, h('p', { class: 'muted' }, t('play.explain_help')));
  root.append(form, h('div', { class: 'split' }, h('div', {}, output, status), explain));

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    inferenceKey = form.elements.key.value.trim();
    lastModel = form.elements.model.value;
    const provider = {};
    if (form.elements.sort.value) provider.sort = form.elements.sort.value;
    if (form.elements.order.value.trim()) provider.order = form.elements.order.value.split(',').map(s => s.trim()).filter(Boolean);
    if (form.elements.fallbacks.value === 'false') provider.allow_fallbacks = false;
    if (form.elements.data.value === 'deny') provider.data_collection = 'deny';
    const body = { model: lastModel, stream: true, stream_options: { include_usage: true },
      messages: [{ role: 'user', content: form.elements.prompt.value }] };
    if (Object.keys(provider).length) body.provider = provider;
    output.textContent = '';
    status.textContent = t('play.waiting');
    status.dataset.state = 'streaming';
    explain.innerHTML = '';
    const headers = { 'content-type': 'application/json', 'x-title': 'Switchyard console playground' };
    if (inferenceKey) headers.authorization = 'Bearer ' + inferenceKey;
    const started = performance.now();
    let first = null;
    let chunks = 0;
    try {
      const r = await fetch('/v1/chat/completions', { method: 'POST', headers, body: JSON.stringify(body) });
      const pairs = EXPLAIN.filter(n => r.headers.get(n)).map(n => [n, r.headers.get(n)]);
      explain.append(h('h2', {}, t('play.explain')), h('dl', { class: 'kv', 'data-testid': 'explain-headers' },
        pairs.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])));
      if (!r.ok) {
        const text = await r.text();
        let msg = text;
        try { msg = JSON.parse(text).error.message; } catch (e) { /* not JSON */ }
        output.textContent = 'HTTP ' + r.status + ': ' + msg;
        status.textContent = t('play.failed');
        status.dataset.state = 'failed';
        return;
      }
      const reader = r.body.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let cut;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const event = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          for (const line of event.split('\n')) {
            if (!line.startsWith('data:')) continue;
            const data = line.slice(5).trim();
            if (data === '[DONE]') continue;
            const json = JSON.parse(data);
            if (json.error) { output.textContent += '\n[' + json.error.message + ']'; continue; }
            const delta = json.choices && json.choices[0] && json.choices[0].delta && json.choices[0].delta.content;
            if (delta) {
              if (first === null) first = performance.now() - started;
              chunks++;
              output.textContent += delta;
              output.dataset.chunks = String(chunks);
              if (chunks === 1) output.dataset.first = output.textContent;
            }
          }
        }
      }
      status.textContent = t('play.done') + ' · ' + chunks + ' ' + t('play.chunks') + ' · TTFT ' + fmt.ms(Math.round(first || 0))
        + ' · ' + t('play.total') + ' ' + fmt.ms(Math.round(performance.now() - started));
      status.dataset.state = 'done';
      const id = r.headers.get('x-generation-id');
      if (id) await ledger(explain, id);
    } catch (e) {
      status.textContent = t('play.failed') + ': ' + e.message;
      status.dataset.state = 'failed';
    }
  });
}

/** The ledger's record of the call, with every attempt (records are written a moment after the answer ends). */
async function ledger(panel, id) {
  for (let i = 0; i < 20; i++) {
    try {
      const d = (await get('/api/v1/admin/requests/' + encodeURIComponent(id))).data;
      panel.append(h('h2', {}, t('req.attempts')), table([
        { label: '#', num: true, value: a => a.seq }, { label: t('c.provider'), value: a => a.provider },
        { label: t('c.status'), value: a => String(a.status) }, { label: t('c.error'), value: a => a.error_class || '—' },
        { label: t('req.duration'), num: true, value: a => fmt.ms(a.duration_ms) }], d.attempt_list),
        h('p', { 'data-testid': 'play-cost' }, t('m.cost') + ': $' + d.cost.total_usd + ' · ' + fmt.int(d.tokens.prompt) + ' + '
          + fmt.int(d.tokens.completion) + ' ' + t('m.tokens')));
      return;
    } catch (e) {
      await new Promise(res => setTimeout(res, 250));
    }
  }
}
