import { get, qs, download } from '../api.js';
import { t } from '../i18n.js';
import { h, table, empty, fmt } from '../dom.js';
import { chart } from '../charts.js';

const state = { grain: 'week', by: 'vendor' };
const SHOWN = 8;

export async function render(root) {
  const params = { grain: state.grain, by: state.by };
  const data = await get('/api/v1/admin/rankings' + qs(params));
  const pick = (name, options) => h('select', { 'data-testid': name, onchange: (e) => { state[name] = e.target.value; window.__route(); } },
    options.map(o => h('option', { value: o, selected: state[name] === o }, t('rank.' + name + '.' + o))));
  root.append(h('div', { class: 'toolbar' }, h('h1', {}, t('rank.title')),
    pick('grain', ['week', 'day']), pick('by', ['model', 'vendor', 'country', 'openness']),
    h('button', { onclick: () => download('/api/v1/admin/rankings' + qs(Object.assign({ format: 'csv' }, params)), 'rankings.csv') }, 'CSV'),
    h('button', { onclick: () => download('/api/v1/admin/rankings' + qs(params), 'rankings.json') }, 'JSON')));
  root.append(h('p', { class: 'muted' }, t('rank.help')));
  if (data.series.length === 0) {
    root.append(empty(t('rank.empty')));
    return;
  }
  const periods = data.periods.map(p => p.start + (p.partial ? ' *' : ''));
  const shown = data.series.slice(0, SHOWN);
  const rest = data.series.slice(SHOWN);
  const series = shown.map(s => ({ name: s.group, type: 'bar', stack: 'share', emphasis: { focus: 'series' },
    data: s.share.map(v => Math.round(v * 10000) / 100) }));
  if (rest.length) {
    series.push({ name: t('rank.others'), type: 'bar', stack: 'share',
      data: data.periods.map((_, i) => Math.round(rest.reduce((a, s) => a + s.share[i], 0) * 10000) / 100) });
  }
  // A marker where one group overtakes another: on the overtaking group's bar in that period.
  // One pin per group and period, at the top of the group's stacked segment, naming every group it passed.
  for (const o of data.overtakes) {
    const k = series.findIndex(x => x.name === o.group);
    const i = data.periods.findIndex(p => p.start === o.period_start);
    if (k < 0 || i < 0) continue;
    const s = series[k];
    s.markPoint = s.markPoint || { symbol: 'pin', symbolSize: 40, label: { formatter: '↑' }, data: [] };
    const existing = s.markPoint.data.find(d => d.coord[0] === i);
    if (existing) { existing.name += ', ' + o.overtook; continue; }
    const top = series.slice(0, k + 1).reduce((a, x) => a + (x.data[i] || 0), 0);
    s.markPoint.data.push({ name: o.group + ' ↑ ' + o.overtook, coord: [i, Math.round(top * 100) / 100], value: o.group });
  }
  const box = h('div', { class: 'panel' }, h('h2', {}, t('rank.chart')), h('div', { class: 'chart', style: 'height:360px' }));
  root.append(box);
  chart(box.querySelector('.chart'), 'rankings', {
    tooltip: { trigger: 'axis', valueFormatter: v => v + '%' }, legend: { top: 0, type: 'scroll' },
    xAxis: { type: 'category', data: periods }, yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    series,
  });
  const tokensBox = h('div', { class: 'panel' }, h('h2', {}, t('rank.tokens')), h('div', { class: 'chart' }));
  root.append(tokensBox);
  chart(tokensBox.querySelector('.chart'), 'rankings-tokens', {
    tooltip: { trigger: 'axis' }, legend: { top: 0, type: 'scroll' }, xAxis: { type: 'category', data: periods },
    yAxis: { type: 'value' }, series: shown.map(s => ({ name: s.group, type: 'line', data: s.tokens })),
  });
  if (data.overtakes.length) {
    root.append(h('h2', {}, t('rank.overtakes')));
    root.append(h('ul', { 'data-testid': 'overtakes' }, data.overtakes.map(o =>
      h('li', {}, o.period_start + ': ' + o.group + ' ' + t('rank.overtook') + ' ' + o.overtook))));
  }
  const last = data.periods[data.periods.length - 1].start;
  root.append(h('h2', {}, t('rank.latest') + ' ' + last));
  root.append(table([
    { label: '#', num: true, value: r => r.rank },
    { label: t('rank.group'), value: r => r.group },
    { label: t('m.tokens'), num: true, value: r => fmt.int(r.tokens) },
    { label: t('c.share'), num: true, value: r => fmt.pct(r.share) },
    { label: t('rank.change'), num: true, value: r => r.share_change_pp === null ? '—'
        : h('span', { class: r.share_change_pp >= 0 ? 'up' : 'down' }, (r.share_change_pp >= 0 ? '+' : '') + r.share_change_pp.toFixed(2) + ' pp') },
    { label: t('m.requests'), num: true, value: r => fmt.int(r.requests) },
  ], data.data.filter(r => r.period_start === last).sort((a, b) => b.tokens - a.tokens).map((r, i) => Object.assign({ rank: i + 1 }, r))));
}
