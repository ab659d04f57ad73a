import { get } from '../api.js';
import { t } from '../i18n.js';
import { h, empty, fmt } from '../dom.js';

let filter = '';

function status(e) {
  if (!e.switchyard.enabled) return h('span', { class: 'badge' }, t('models.disabled'));
  const b = e.switchyard.breaker;
  return h('span', { class: 'badge ' + (b === 'closed' ? 'ok' : b === 'open' ? 'bad' : 'warn') }, t('models.breaker.' + b) );
}

export async function render(root) {
  const data = await get('/api/v1/admin/endpoints');
  const input = h('input', { placeholder: t('models.filter'), value: filter, 'data-testid': 'model-filter' });
  root.append(h('div', { class: 'toolbar' }, h('h1', {}, t('models.title')), input,
    h('span', { class: 'muted' }, data.data.length + ' ' + t('models.count'))));
  root.append(h('p', { class: 'muted' }, t('models.help')));
  const body = h('div', {});
  root.append(body);
  const draw = () => {
    body.innerHTML = '';
    const rows = data.data.filter(m => !filter || (m.id + ' ' + m.name + ' ' + m.vendor).toLowerCase().includes(filter.toLowerCase()));
    if (rows.length === 0) { body.append(empty(t('models.empty'))); return; }
    const tbody = h('tbody', {});
    for (const m of rows) {
      const first = m.endpoints[0];
      tbody.append(h('tr', { 'data-model': m.id },
        h('td', {}, h('strong', {}, m.id), h('div', { class: 'muted' }, m.name)),
        h('td', {}, m.vendor || '—'), h('td', {}, m.origin || '—'),
        h('td', {}, m.open_weights ? t('models.open') : t('models.proprietary')),
        h('td', { class: 'num' }, fmt.int(m.context_length)),
        h('td', { class: 'num' }, first ? '$' + first.prompt_usd_per_million : '—'),
        h('td', { class: 'num' }, first ? '$' + first.completion_usd_per_million : '—'),
        h('td', {}, m.endpoints.length ? '' : t('models.noendpoints'))));
      for (const e of m.endpoints) {
        const s = e.switchyard;
        tbody.append(h('tr', { class: 'endpoint', 'data-endpoint': m.id + ' ' + e.tag },
          h('td', { class: 'muted' }, '↳ ' + e.provider_name + ' · ' + e.tag),
          h('td', {}, status(e)),
          h('td', { colspan: 2 }, t('models.uptime') + ' ' + (e.uptime_last_30m === null ? '—' : e.uptime_last_30m + '%')),
          h('td', { class: 'num' }, fmt.int(e.context_length)),
          h('td', { class: 'num' }, '$' + e.prompt_usd_per_million),
          h('td', { class: 'num' }, '$' + e.completion_usd_per_million),
          h('td', {}, t('models.latency') + ' ' + (e.latency_last_30m ? fmt.ms(e.latency_last_30m.p50) : '—') + ' · '
            + t('models.throughput') + ' ' + (e.throughput_last_30m ? e.throughput_last_30m.p50 + ' tok/s' : '—') + ' · '
            + t('models.requests30') + ' ' + s.last_30m.requests)));
      }
    }
    body.append(h('table', { 'data-testid': 'models' }, h('thead', {}, h('tr', {},
      [t('c.model'), t('c.vendor'), t('c.origin'), t('models.weights'), t('models.context'), t('models.prompt'),
        t('models.completion'), t('models.health')].map((c, i) => h('th', { class: i >= 4 && i <= 6 ? 'num' : '' }, c)))), tbody));
  };
  input.addEventListener('input', () => { filter = input.value; draw(); });
  draw();
}
