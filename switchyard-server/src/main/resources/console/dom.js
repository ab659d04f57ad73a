// A tiny DOM builder: every value from the API goes in as text, never as HTML.
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    el.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function table(columns, rows, onClick) {
  return h('table', { 'data-testid': 'table' },
    h('thead', {}, h('tr', {}, columns.map(c => h('th', { class: c.num ? 'num' : '' }, c.label)))),
    h('tbody', {}, rows.map(r => h('tr', { class: onClick ? 'clickable' : '', onclick: onClick ? () => onClick(r) : null },
      columns.map(c => h('td', { class: c.num ? 'num' : '' }, c.value(r)))))));
}

export function empty(...children) { return h('div', { class: 'empty', 'data-testid': 'empty' }, ...children); }

export function card(label, value, testid) {
  return h('div', { class: 'card' }, h('div', { class: 'label' }, label),
    h('div', { class: 'value', 'data-testid': testid }, value));
}

export const fmt = {
  int: (n) => Number(n || 0).toLocaleString('en-US'),
  usd: (s) => '$' + (Number(s) >= 1 ? Number(s).toFixed(2) : Number(s) === 0 ? '0' : Number(s).toPrecision(3)),
  ms: (n) => n === null || n === undefined ? '—' : Number(n).toLocaleString('en-US') + ' ms',
  pct: (x) => x === null || x === undefined ? '—' : (100 * x).toFixed(1) + '%',
  time: (iso) => iso ? iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, '') : '—',
};
