// ECharts instances of the current page, kept on window.__charts by name so tests (and curious operators in the
// devtools) can read back exactly what is drawn.
window.__charts = window.__charts || {};

export function disposeAll() {
  for (const c of Object.values(window.__charts)) c.dispose();
  window.__charts = {};
}

export function chart(el, name, option) {
  const c = echarts.init(el, null, { renderer: 'canvas' });
  c.setOption(Object.assign({ animation: false, grid: { left: 56, right: 20, top: 36, bottom: 36 } }, option));
  window.__charts[name] = c;
  return c;
}

window.addEventListener('resize', () => { for (const c of Object.values(window.__charts)) c.resize(); });
