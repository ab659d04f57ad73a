import { get, qs } from '../api.js';
import { t } from '../i18n.js';
import { h, table, empty, card, fmt } from '../dom.js';
import { chart } from '../charts.js';

let windowChoice = '24h';

export async function render(root) {
  const data = await get('/api/v1/admin/overview' + qs({ window: windowChoice }));
  const select = h('select', { 'data-testid': 'window', onchange: (e) => { windowChoice = e.target.value; window.__route(); } },
    ['24h', '7d', '30d', '90d'].map(w => h('option', { value: w, selected: w === windowChoice }, t('window.' + w))));
  root.append(h('div', { class: 'toolbar' }, h('h1', {}, t('overview.title')), select,
    h('span', { class: 'muted' }, fmt.time(data.from) + ' → ' + fmt.time(data.to) + ' UTC')));
  const tot = data.totals;
  root.append(h('div', { class: 'cards' },
    card(t('m.requests'), fmt.int(tot.requests), 'total-requests'),
    card(t('m.tokens'), fmt.int(tot.tokens), 'total-tokens'),
    card(t('m.cost'), fmt.usd(tot.cost_usd), 'total-cost'),
    card(t('m.error_rate'), fmt.pct(tot.error_rate), 'error-rate'),
    card(t('m.latency') + ' p50 / p95', tot.latency_ms ? fmt.ms(tot.latency_ms.p50) + ' / ' + fmt.ms(tot.latency_ms.p95) : '—', 'latency'),
    card(t('m.ttft') + ' p50 / p95', tot.ttft_ms ? fmt.ms(tot.ttft_ms.p50) + ' / ' + fmt.ms(tot.ttft_ms.p95) : '—', 'ttft')));
  if (tot.requests === 0) {
    root.append(empty(h('p', {}, t('overview.empty')),
      h('code', {}, 'curl ' + location.origin + '/v1/chat/completions -H "authorization: Bearer $KEY" -d \'{"model":"…","messages":[{"role":"user","content":"hi"}]}\'')));
  }
  const x = data.series.map(p => fmt.time(p.bucket_start).slice(data.bucket === 'hour' ? 5 : 0, data.bucket === 'hour' ? 16 : 10));
  const grid = h('div', { class: 'grid2' });
  const boxes = ['requests', 'tokens', 'cost', 'latency'].map(n => h('div', { class: 'panel' }, h('h2', {}, t('overview.chart.' + n)),
    h('div', { class: 'chart', id: 'chart-' + n })));
  grid.append(...boxes);
  root.append(grid);
  const line = (name, values, extra) => Object.assign({ name, type: 'line', showSymbol: false, data: values }, extra || {});
  const base = (series) => ({ tooltip: { trigger: 'axis' }, legend: { top: 0 }, xAxis: { type: 'category', data: x },
    yAxis: { type: 'value' }, series });
  chart(boxes[0].querySelector('.chart'), 'requests', base([
    line(t('m.requests'), data.series.map(p => p.requests)), line(t('m.errors'), data.series.map(p => p.errors))]));
  chart(boxes[1].querySelector('.chart'), 'tokens', base([
    { name: t('m.prompt_tokens'), type: 'bar', stack: 'tok', data: data.series.map(p => p.prompt_tokens) },
    { name: t('m.completion_tokens'), type: 'bar', stack: 'tok', data: data.series.map(p => p.completion_tokens) }]));
  chart(boxes[2].querySelector('.chart'), 'cost', base([line(t('m.cost') + ' (USD)', data.series.map(p => Number(p.cost_usd)))]));
  const pct = (f, q) => data.series.map(p => p[f] ? p[f][q] : null);
  chart(boxes[3].querySelector('.chart'), 'latency', base([
    line(t('m.latency') + ' p50', pct('latency_ms', 'p50')), line(t('m.latency') + ' p95', pct('latency_ms', 'p95')),
    line(t('m.ttft') + ' p50', pct('ttft_ms', 'p50')), line(t('m.ttft') + ' p95', pct('ttft_ms', 'p95'))]));
  root.append(h('h2', {}, t('overview.top')));
  if (data.top_models.length === 0) {
    root.append(empty(t('empty.nodata')));
  } else {
    root.append(table([
      { label: t('c.model'), value: r => r.model },
      { label: t('c.vendor'), value: r => r.vendor || '—' },
      { label: t('m.requests'), num: true, value: r => fmt.int(r.requests) },
      { label: t('m.tokens'), num: true, value: r => fmt.int(r.tokens) },
      { label: t('c.share'), num: true, value: r => fmt.pct(r.token_share) },
      { label: t('m.cost'), num: true, value: r => fmt.usd(r.cost_usd) },
      { label: t('m.error_rate'), num: true, value: r => fmt.pct(r.error_rate) },
      { label: t('m.latency') + ' p50', num: true, value: r => r.latency_ms ? fmt.ms(r.latency_ms.p50) : '—' },
      { label: t('m.ttft') + ' p50', num: true, value: r => r.ttft_ms ? fmt.ms(r.ttft_ms.p50) : '—' },
    ], data.top_models));
  }
}
