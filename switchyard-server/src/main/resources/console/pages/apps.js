import { get, qs } from '../api.js';
import { t } from '../i18n.js';
import { h, table, empty, fmt } from '../dom.js';
import { chart } from '../charts.js';

let days = '30';

export async function render(root) {
  // The gateway's clock, not the browser's: the overview says where the current hour ends.
  const to = (await get('/api/v1/admin/overview?window=24h')).to;
  const from = new Date(Date.parse(to) - Number(days) * 86400e3).toISOString();
  const data = await get('/api/v1/admin/usage' + qs({ group_by: 'app', from, to }));
  const select = h('select', { 'data-testid': 'days', onchange: (e) => { days = e.target.value; window.__route(); } },
    ['1', '7', '30', '90'].map(d => h('option', { value: d, selected: d === days }, t('apps.days.' + d))));
  root.append(h('div', { class: 'toolbar' }, h('h1', {}, t('apps.title')), select));
  root.append(h('p', { class: 'muted' }, t('apps.help')));
  const rows = data.data.map(r => Object.assign({ tokens: r.prompt_tokens + r.completion_tokens }, r))
    .sort((a, b) => b.tokens - a.tokens);
  if (rows.length === 0) { root.append(empty(t('apps.empty'))); return; }
  const box = h('div', { class: 'panel' }, h('div', { class: 'chart' }));
  root.append(box);
  const top = rows.slice(0, 15).reverse();
  chart(box.querySelector('.chart'), 'apps', {
    tooltip: { trigger: 'axis' }, grid: { left: 160, right: 20, top: 20, bottom: 30 },
    xAxis: { type: 'value' }, yAxis: { type: 'category', data: top.map(r => r.app || t('apps.unnamed')) },
    series: [{ name: t('m.tokens'), type: 'bar', data: top.map(r => r.tokens) }],
  });
  root.append(table([
    { label: '#', num: true, value: r => r.rank }, { label: t('c.app'), value: r => r.app || t('apps.unnamed') },
    { label: t('m.tokens'), num: true, value: r => fmt.int(r.tokens) },
    { label: t('m.requests'), num: true, value: r => fmt.int(r.requests) },
    { label: t('m.cost'), num: true, value: r => fmt.usd(r.cost_usd) },
    { label: t('m.error_rate'), num: true, value: r => fmt.pct(r.error_rate) },
  ], rows.map((r, i) => Object.assign({ rank: i + 1 }, r))));
}
